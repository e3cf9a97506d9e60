package io.conntrack4j.text;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The XML flow format of libnetfilter_conntrack 1.0.9 ({@code __snprintf_conntrack_xml}): one {@code <flow>}
 * element, no whitespace, nothing escaped.
 */
final class XmlFlowWriter {
    private XmlFlowWriter() {
    }

    /**
     * @param sb     where to append the element
     * @param flow   the flow
     * @param type   the event type, or null for a listed flow
     * @param flags  {@link Flags} bits ({@link Flags#TIME}, {@link Flags#KTIMESTAMP})
     * @param labels the label map when labels are to be printed, else null
     * @param now    the current time ({@code <deltatime>} of a live flow, {@code <when>})
     * @param zone   the local time zone of {@code <when>}
     */
    static void write(final StringBuilder sb, final Flow flow, final EventType type, final int flags,
                      final LabelMap labels, final Instant now, final ZoneId zone) {
        sb.append(type == null ? "<flow>" : type == EventType.NEW ? "<flow type=\"new\">"
            : type == EventType.UPDATE ? "<flow type=\"update\">" : "<flow type=\"destroy\">");
        final Counters origCounters = flow.countersOriginal().getOrNull();
        final Counters replyCounters = origCounters == null ? null : flow.countersReply().getOrElse(Counters.ZERO);
        tuple(sb, "original", flow.original(), origCounters);
        tuple(sb, "reply", flow.reply().getOrNull(), replyCounters);

        final StatusBits status = flow.status().getOrNull();
        final Timestamps ts = flow.timestamps().getOrNull();
        final Long start = ts == null ? null : ts.startNanos().getOrNull();
        final Long stop = ts == null ? null : ts.stopNanos().getOrNull();
        final boolean independent = flow.protoInfo().isDefined() || flow.timeout().isDefined()
            || flow.mark().isDefined() || flow.secmark().isDefined() || flow.zone() != 0 || flow.use().isDefined()
            || status != null || flow.id().isDefined() || !flow.labels().isEmpty() || start != null || stop != null;
        if (independent) {
            sb.append("<meta direction=\"independent\">");
        }
        flow.protoInfo().forEach(p -> sb.append("<state>").append(Fmt.xmlStateName(p)).append("</state>"));
        flow.timeout().forEach(t -> sb.append("<timeout>").append(t.longValue()).append("</timeout>"));
        flow.mark().forEach(m -> sb.append("<mark>").append(m.longValue()).append("</mark>"));
        if (labels != null && !flow.labels().isEmpty()) {
            sb.append("<labels>");
            DefaultFlowWriter.appendLabelNames(sb, flow.labels(), labels, "<label>", "</label>");
            sb.append("</labels>");
        }
        flow.secmark().forEach(m -> sb.append("<secmark>").append(m.longValue()).append("</secmark>"));
        flow.secctx().forEach(s -> sb.append("<secctx>").append(s).append("</secctx>"));
        if (flow.zone() != 0) {
            sb.append("<zone>").append(flow.zone()).append("</zone>");
        }
        flow.use().forEach(u -> sb.append("<use>").append(u.longValue()).append("</use>"));
        flow.id().forEach(id -> sb.append("<id>").append(id.unsigned()).append("</id>"));
        if (status != null && status.has(Status.ASSURED)) {
            sb.append("<assured/>");
        }
        if (status != null && !status.has(Status.SEEN_REPLY)) {
            sb.append("<unreplied/>");
        }
        if (Flags.has(flags, Flags.KTIMESTAMP) && (start != null || stop != null)) {
            sb.append("<timestamp>");
            if (start != null) {
                Fmt.unsigned(sb.append("<start>"), start).append("</start>");
            }
            if (stop != null) {
                Fmt.unsigned(sb.append("<stop>"), stop).append("</stop>");
            }
            sb.append("</timestamp>");
        }
        if (start != null) {
            final long delta = stop != null
                ? Long.divideUnsigned(stop - start, Fmt.NSEC_PER_SEC)
                : now.getEpochSecond() - Long.divideUnsigned(start, Fmt.NSEC_PER_SEC);
            Fmt.unsigned(sb.append("<deltatime>"), delta).append("</deltatime>");
        }
        if (independent) {
            sb.append("</meta>");
        }
        if (Flags.has(flags, Flags.TIME)) {
            TimeText.when(sb, now, zone);
        }
        // the helper sits outside the independent meta (a libnetfilter_conntrack quirk)
        flow.helper().forEach(h -> sb.append("<helper>").append(h).append("</helper>"));
        sb.append("</flow>");
    }

    /** One {@code <meta direction=..>}; a missing tuple prints as libnetfilter_conntrack's zeroed one. */
    private static void tuple(final StringBuilder sb, final String direction, final Tuple t, final Counters counters) {
        sb.append("<meta direction=\"").append(direction).append("\">");
        if (t == null) {
            sb.append("<layer3 protonum=\"0\" protoname=\"unknown\"><src></src><dst></dst></layer3>")
                .append("<layer4 protonum=\"0\" protoname=\"unknown\"></layer4>");
        } else {
            sb.append("<layer3 protonum=\"").append(t.family().number()).append("\" protoname=\"")
                .append(t.family().kernelName()).append("\"><src>").append(t.source()).append("</src><dst>")
                .append(t.destination()).append("</dst></layer3>");
            sb.append("<layer4 protonum=\"").append(t.protocol().number()).append("\" protoname=\"")
                .append(Fmt.l4Name(t.protocol())).append("\">");
            layer4(sb, t);
            sb.append("</layer4>");
            t.zone().forEach(z -> sb.append("<zone>").append(z.intValue()).append("</zone>"));
        }
        if (counters != null) {
            Fmt.unsigned(sb.append("<counters><packets>"), counters.packets()).append("</packets><bytes>");
            Fmt.unsigned(sb, counters.bytes()).append("</bytes></counters>");
        }
        sb.append("</meta>");
    }

    /** The layer-4 children ({@code __snprintf_proto_xml}): ports, GRE keys, nothing for ICMP and others. */
    static void layer4(final StringBuilder sb, final Tuple t) {
        final int proto = t.protocol().number();
        final Layer4.Ports p = t.layer4() instanceof Layer4.Ports ? (Layer4.Ports) t.layer4() : null;
        if (Fmt.printsPorts(proto)) {
            sb.append("<sport>").append(p == null ? 0 : p.source()).append("</sport><dport>")
                .append(p == null ? 0 : p.destination()).append("</dport>");
        } else if (proto == 47) {
            sb.append("<srckey>0x").append(Integer.toHexString(p == null ? 0 : p.source())).append("</srckey><dstkey>0x")
                .append(Integer.toHexString(p == null ? 0 : p.destination())).append("</dstkey>");
        }
    }
}
