package io.conntrack4j.text;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;

/**
 * The {@code -o save} format of conntrack 1.4.7 ({@code ct_save_snprintf}): a command line for {@code conntrack -R}.
 * Mark, labels and other metadata are not part of it (quirk Q10).
 */
final class SaveFlowWriter {
    /** The status bits {@code -u} can name, in bit order. */
    private static final Status[] SAVED_STATUS = {Status.EXPECTED, Status.SEEN_REPLY, Status.ASSURED,
        Status.FIXED_TIMEOUT};

    private SaveFlowWriter() {
    }

    /**
     * @param sb     where to append the line (no newline, no trailing blank)
     * @param flow   the flow
     * @param prefix {@code "-A "}, {@code "-U "} or {@code "-D "}
     */
    static void write(final StringBuilder sb, final Flow flow, final String prefix) {
        final int start = sb.length();
        sb.append(prefix);
        flow.timeout().forEach(t -> sb.append("-t ").append(t.longValue()).append(' '));
        final StatusBits status = flow.status().getOrNull();
        if (status != null) {
            sb.append("-u ");
            boolean found = false;
            for (final Status s : SAVED_STATUS) {
                if (status.has(s)) {
                    sb.append(s.name()).append(',');
                    found = true;
                }
            }
            if (found) {
                sb.setCharAt(sb.length() - 1, ' ');
            } else {
                sb.append("UNSET ");
            }
        }
        flow.secmark().forEach(m -> sb.append("-c ").append(m.longValue()).append(' '));
        if (flow.zone() != 0) {
            sb.append("-w ").append(flow.zone()).append(' ');
        }
        final Tuple orig = flow.original();
        final Tuple reply = flow.reply().getOrNull();
        orig.zone().forEach(z -> sb.append("--orig-zone ").append(z.intValue()).append(' '));
        if (reply != null) {
            reply.zone().forEach(z -> sb.append("--reply-zone ").append(z.intValue()).append(' '));
        }
        sb.append("-s ").append(orig.source()).append(" -d ").append(orig.destination()).append(' ');
        if (reply != null) {
            sb.append(isDnat(orig, reply, status) ? "-g " : "-r ").append(reply.source()).append(' ');
            sb.append(isSnat(orig, reply, status) ? "-n " : "-q ").append(reply.destination()).append(' ');
        }
        protocol(sb, flow, orig, reply);
        // conntrack strips every trailing blank
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
    }

    private static void protocol(final StringBuilder sb, final Flow flow, final Tuple orig, final Tuple reply) {
        final int proto = orig.protocol().number();
        switch (proto) {
            case 6:
            case 17:
            case 136:
            case 132:
            case 33:
                sb.append("-p ").append(orig.protocol().kernelName()).append(' ');
                ports(sb, orig, reply, "--sport ", "--dport ", "--reply-port-src ", "--reply-port-dst ");
                flow.protoInfo().forEach(p -> protoInfo(sb, p));
                break;
            case 47:
                sb.append("-p gre ");
                ports(sb, orig, reply, "--srckey ", "--dstkey ", "--reply-key-src ", "--reply-key-dst ");
                break;
            case 1:
            case 58:
                final String opt = proto == 1 ? "--icmp" : "--icmpv6";
                sb.append("-p ").append(proto == 1 ? "icmp " : "icmpv6 ");
                orig.icmp().forEach(i -> sb.append(opt).append("-type ").append(i.type()).append(' ')
                    .append(opt).append("-code ").append(i.code()).append(' ')
                    .append(opt).append("-id ").append(i.id()).append(' '));
                break;
            default:
                sb.append("-p ").append(proto).append(' ');
                break;
        }
    }

    private static void ports(final StringBuilder sb, final Tuple orig, final Tuple reply, final String sport,
                              final String dport, final String replySport, final String replyDport) {
        if (orig.layer4() instanceof Layer4.Ports) {
            final Layer4.Ports p = (Layer4.Ports) orig.layer4();
            sb.append(sport).append(p.source()).append(' ').append(dport).append(p.destination()).append(' ');
        }
        if (reply != null && reply.layer4() instanceof Layer4.Ports) {
            final Layer4.Ports p = (Layer4.Ports) reply.layer4();
            sb.append(replySport).append(p.source()).append(' ').append(replyDport).append(p.destination())
                .append(' ');
        }
    }

    private static void protoInfo(final StringBuilder sb, final ProtoInfo info) {
        if (info instanceof ProtoInfo.Tcp) {
            sb.append("--state ").append(((ProtoInfo.Tcp) info).state().name()).append(' ');
        } else if (info instanceof ProtoInfo.Sctp) {
            final ProtoInfo.Sctp sctp = (ProtoInfo.Sctp) info;
            sb.append("--state ").append(Fmt.saveSctpStateName(sctp.state())).append(' ');
            // 1.4.7 prints ntohl() of a value its parser stored with htonl() once too often: the kernel's tag byte-
            // swapped. Printed the same way, a saved line restores the same tag with either tool's -R.
            sctp.vtagOriginal().forEach(v -> sb.append("--orig-vtag ").append(swapped(v)).append(' '));
            sctp.vtagReply().forEach(v -> sb.append("--reply-vtag ").append(swapped(v)).append(' '));
        } else {
            final ProtoInfo.Dccp dccp = (ProtoInfo.Dccp) info;
            sb.append("--state ").append(dccp.state().name()).append(' ');
            dccp.role().forEach(r -> sb.append("--role ")
                .append(r == 0 ? "client" : r == 1 ? "server" : "(null)").append(' '));
        }
    }

    private static long swapped(final long vtag) {
        return Integer.toUnsignedLong(Integer.reverseBytes((int) vtag));
    }

    /**
     * libnetfilter_conntrack 1.0.9's {@code NFCT_GOPT_IS_SNAT}: SRC_NAT_DONE set (or the status unknown) and the
     * reply destination differs from the original source (whole addresses: the installed 1.0.9 compares IPv6 in
     * full; 1.4.7 prints {@code -g}/{@code -n} for IPv6 NAT, observed).
     */
    static boolean isSnat(final Tuple orig, final Tuple reply, final StatusBits status) {
        return (status == null || status.has(Status.SRC_NAT_DONE))
            && !reply.destination().equals(orig.source());
    }

    /** libnetfilter_conntrack 1.0.9's {@code NFCT_GOPT_IS_DNAT}; see {@link #isSnat}. */
    static boolean isDnat(final Tuple orig, final Tuple reply, final StatusBits status) {
        return (status == null || status.has(Status.DST_NAT_DONE))
            && !reply.source().equals(orig.destination());
    }
}
