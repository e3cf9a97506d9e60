package io.conntrack4j.text;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;

import java.time.ZoneId;

/** The one-line flow format of libnetfilter_conntrack 1.0.9 ({@code __snprintf_conntrack_default}). */
final class DefaultFlowWriter {
    private DefaultFlowWriter() {
    }

    /**
     * @param sb        where to append the line (no newline)
     * @param flow      the flow
     * @param type      the event type, or null for a listed flow
     * @param flags     {@link Flags} bits
     * @param labels    the label map when labels are to be printed, else null
     * @param nowSecond the current time for {@code delta-time} of a live flow
     * @param zone      the local time zone of {@code [start=...]}
     */
    static void write(final StringBuilder sb, final Flow flow, final EventType type, final int flags,
                      final LabelMap labels, final long nowSecond, final ZoneId zone) {
        if (type != null) {
            Fmt.padLeft(sb, type.tag(), 9).append(' ');
        }
        if (Flags.has(flags, Flags.LAYER3)) {
            Fmt.padRight(sb, flow.family().kernelName(), 8).append(' ').append(flow.family().number()).append(' ');
        }
        Fmt.padRight(sb, Fmt.l4Name(flow.protocol()), 8).append(' ').append(flow.protocol().number()).append(' ');
        flow.timeout().forEach(t -> sb.append(t.longValue()).append(' '));
        flow.protoInfo().forEach(p -> sb.append(Fmt.stateName(p)).append(' '));

        final Tuple orig = flow.original();
        tuple(sb, orig, "src=", "dst=");
        orig.zone().forEach(z -> sb.append("zone-orig=").append(z.intValue()).append(' '));
        flow.countersOriginal().forEach(c -> counters(sb, c));
        final StatusBits status = flow.status().getOrNull();
        if (status != null && !status.has(Status.SEEN_REPLY)) {
            sb.append("[UNREPLIED] ");
        }

        final Tuple reply = flow.reply().getOrNull();
        if (reply != null) {
            tuple(sb, reply, "src=", "dst=");
            reply.zone().forEach(z -> sb.append("zone-reply=").append(z.intValue()).append(' '));
        }
        flow.countersReply().forEach(c -> counters(sb, c));
        if (status != null) {
            if (status.has(Status.HW_OFFLOAD)) {
                sb.append("[HW_OFFLOAD] ");
            } else if (status.has(Status.OFFLOAD)) {
                sb.append("[OFFLOAD] ");
            } else if (status.has(Status.ASSURED)) {
                sb.append("[ASSURED] ");
            }
        }
        flow.mark().forEach(m -> sb.append("mark=").append(m.longValue()).append(' '));
        flow.secmark().forEach(m -> sb.append("secmark=").append(m.longValue()).append(' '));
        flow.secctx().forEach(s -> sb.append("secctx=").append(s).append(' '));
        if (flow.zone() != 0) {
            sb.append("zone=").append(flow.zone()).append(' ');
        }
        final Timestamps ts = flow.timestamps().getOrNull();
        if (ts != null) {
            timestamps(sb, ts, flags, nowSecond, zone);
        }
        flow.helper().forEach(h -> sb.append("helper=").append(h).append(' '));
        flow.use().forEach(u -> sb.append("use=").append(u.longValue()).append(' '));
        if (Flags.has(flags, Flags.ID)) {
            flow.id().forEach(id -> sb.append("id=").append(id.unsigned()).append(' '));
        }
        if (labels != null && !flow.labels().isEmpty()) {
            labels(sb, flow.labels(), labels);
        }
        // libnetfilter_conntrack drops the last character, always the blank after the last field
        sb.setLength(sb.length() - 1);
    }

    /** Addresses and the layer-4 part of one tuple, each field followed by a blank. */
    static void tuple(final StringBuilder sb, final Tuple t, final String srcTag, final String dstTag) {
        t.source().appendTo(sb.append(srcTag)).append(' ');
        t.destination().appendTo(sb.append(dstTag)).append(' ');
        layer4(sb, t);
    }

    /** The layer-4 part of a tuple ({@code __snprintf_proto}); absent fields print as 0, as from a zeroed struct. */
    static void layer4(final StringBuilder sb, final Tuple t) {
        final int proto = t.protocol().number();
        final Layer4 l4 = t.layer4();
        if (Fmt.printsPorts(proto)) {
            final Layer4.Ports p = l4 instanceof Layer4.Ports ? (Layer4.Ports) l4 : null;
            sb.append("sport=").append(p == null ? 0 : p.source())
                .append(" dport=").append(p == null ? 0 : p.destination()).append(' ');
        } else if (proto == 47) {
            final Layer4.Ports p = l4 instanceof Layer4.Ports ? (Layer4.Ports) l4 : null;
            sb.append("srckey=0x").append(Integer.toHexString(p == null ? 0 : p.source()))
                .append(" dstkey=0x").append(Integer.toHexString(p == null ? 0 : p.destination())).append(' ');
        } else if (t.protocol().isIcmp()) {
            final Layer4.Icmp i = l4 instanceof Layer4.Icmp ? (Layer4.Icmp) l4 : null;
            sb.append("type=").append(i == null ? 0 : i.type()).append(" code=").append(i == null ? 0 : i.code())
                .append(" id=").append(i == null ? 0 : i.id()).append(' ');
        }
    }

    private static void counters(final StringBuilder sb, final Counters c) {
        Fmt.unsigned(sb.append("packets="), c.packets());
        Fmt.unsigned(sb.append(" bytes="), c.bytes()).append(' ');
    }

    private static void timestamps(final StringBuilder sb, final Timestamps ts, final int flags,
                                   final long nowSecond, final ZoneId zone) {
        final Long start = ts.startNanos().getOrNull();
        final Long stop = ts.stopNanos().getOrNull();
        if (start != null) {
            // delta-time: stop (or now, while the flow lives) minus start, both truncated to seconds
            final long end = stop == null || stop == 0 ? nowSecond : Long.divideUnsigned(stop, Fmt.NSEC_PER_SEC);
            Fmt.unsigned(sb.append("delta-time="), end - Long.divideUnsigned(start, Fmt.NSEC_PER_SEC)).append(' ');
        }
        if (Flags.has(flags, Flags.KTIMESTAMP)) {
            if (start != null) {
                TimeText.ctime(sb.append("[start="), Long.divideUnsigned(start, Fmt.NSEC_PER_SEC), zone)
                    .append("] ");
            }
            if (stop != null) {
                TimeText.ctime(sb.append("[stop="), Long.divideUnsigned(stop, Fmt.NSEC_PER_SEC), zone)
                    .append("] ");
            }
        }
    }

    private static void labels(final StringBuilder sb, final Labels labels, final LabelMap map) {
        sb.append("labels=");
        appendLabelNames(sb, labels, map, "", ",");
        // libnetfilter_conntrack overwrites the last character (the last comma, or the '=' when no label has a
        // name) with a blank
        sb.setCharAt(sb.length() - 1, ' ');
    }

    /** Appends {@code prefix name suffix} for each set label with a name, in bit order. */
    static void appendLabelNames(final StringBuilder sb, final Labels labels, final LabelMap map,
                                 final String prefix, final String suffix) {
        appendWord(sb, labels.low(), 0, map, prefix, suffix);
        appendWord(sb, labels.high(), 64, map, prefix, suffix);
    }

    private static void appendWord(final StringBuilder sb, final long word, final int base, final LabelMap map,
                                   final String prefix, final String suffix) {
        long bits = word;
        while (bits != 0) {
            final int bit = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            final String name = map.name(base + bit).getOrNull();
            if (name != null && !name.isEmpty()) {
                sb.append(prefix).append(name).append(suffix);
            }
        }
    }
}
