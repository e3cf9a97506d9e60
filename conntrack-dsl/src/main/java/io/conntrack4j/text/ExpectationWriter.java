package io.conntrack4j.text;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationFlag;
import io.conntrack4j.model.Tuple;

import java.time.Instant;
import java.time.ZoneId;

/** The expectation formats of libnetfilter_conntrack 1.0.9 ({@code __snprintf_expect_default} and {@code _xml}). */
final class ExpectationWriter {
    private ExpectationWriter() {
    }

    /**
     * @param sb   where to append the line (no newline)
     * @param exp  the expectation
     * @param type the event type, or null for a listed expectation
     */
    static void write(final StringBuilder sb, final Expectation exp, final EventType type) {
        final int start = sb.length();
        if (type != null) {
            Fmt.padLeft(sb, type.tag(), 9).append(' ');
        }
        exp.timeout().forEach(t -> sb.append(t.longValue()).append(' '));
        sb.append("proto=").append(exp.expected().protocol().number()).append(' ');
        DefaultFlowWriter.tuple(sb, exp.expected(), "src=", "dst=");
        DefaultFlowWriter.tuple(sb, exp.mask(), "mask-src=", "mask-dst=");
        DefaultFlowWriter.tuple(sb, exp.master(), "master-src=", "master-dst=");
        if (exp.zone() != 0) {
            sb.append("zone=").append(exp.zone()).append(' ');
        }
        String delim = "";
        if (exp.has(ExpectationFlag.PERMANENT)) {
            sb.append("PERMANENT");
            delim = ",";
        }
        if (exp.has(ExpectationFlag.INACTIVE)) {
            sb.append(delim).append("INACTIVE");
            delim = ",";
        }
        if (exp.has(ExpectationFlag.USERSPACE)) {
            sb.append(delim).append("USERSPACE");
        }
        if (exp.flags() != 0) {
            sb.append(' ');
        }
        exp.expectClass().forEach(c -> sb.append("class=").append(c.longValue()).append(' '));
        exp.helper().forEach(h -> sb.append("helper=").append(h));
        if (sb.length() > start && sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 1);
        }
    }

    /**
     * @param sb    where to append the element
     * @param exp   the expectation
     * @param type  the event type, or null for a listed expectation
     * @param flags {@link Flags} bits ({@link Flags#TIME} only)
     * @param now   the current time for {@code <when>}
     * @param zone  the local time zone for {@code <when>}
     */
    static void writeXml(final StringBuilder sb, final Expectation exp, final EventType type, final int flags,
                         final Instant now, final ZoneId zone) {
        sb.append(type == null ? "<flow>" : type == EventType.NEW ? "<flow type=\"new\">"
            : type == EventType.UPDATE ? "<flow type=\"update\">" : "<flow type=\"destroy\">");
        final Tuple expected = exp.expected();
        sb.append("<layer3 protonum=\"").append(expected.family().number()).append("\" protoname=\"")
            .append(expected.family().kernelName()).append("\">");
        addresses(sb, "expected", expected);
        addresses(sb, "mask", exp.mask());
        addresses(sb, "master", exp.master());
        sb.append("</layer3>");
        sb.append("<layer4 protonum=\"").append(expected.protocol().number()).append("\" protoname=\"")
            .append(Fmt.l4Name(expected.protocol())).append("\">");
        ports(sb, "expected", expected);
        ports(sb, "mask", exp.mask());
        ports(sb, "master", exp.master());
        sb.append("</layer4>");
        sb.append("<meta>");
        exp.helper().forEach(h -> sb.append("<helper-name>").append(h).append("</helper-name>"));
        exp.timeout().forEach(t -> sb.append("<timeout>").append(t.longValue()).append("</timeout>"));
        exp.expectClass().forEach(c -> sb.append("<class>").append(c.longValue()).append("</class>"));
        if (exp.zone() != 0) {
            sb.append("<zone>").append(exp.zone()).append("</zone>");
        }
        if (Flags.has(flags, Flags.TIME)) {
            TimeText.when(sb, now, zone);
        }
        if (exp.has(ExpectationFlag.PERMANENT)) {
            sb.append("<permanent/>");
        }
        if (exp.has(ExpectationFlag.INACTIVE)) {
            sb.append("<inactive/>");
        }
        if (exp.has(ExpectationFlag.USERSPACE)) {
            sb.append("<userspace/>");
        }
        sb.append("</meta></flow>");
    }

    private static void addresses(final StringBuilder sb, final String tag, final Tuple t) {
        sb.append('<').append(tag).append("><src>").append(t.source()).append("</src><dst>").append(t.destination())
            .append("</dst></").append(tag).append('>');
    }

    private static void ports(final StringBuilder sb, final String tag, final Tuple t) {
        sb.append('<').append(tag).append('>');
        XmlFlowWriter.layer4(sb, t);
        sb.append("</").append(tag).append('>');
    }
}
