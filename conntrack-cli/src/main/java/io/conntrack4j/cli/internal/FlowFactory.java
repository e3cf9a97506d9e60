package io.conntrack4j.cli.internal;

import io.conntrack4j.model.DccpState;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SctpState;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateFlow;
import io.vavr.control.Option;

/**
 * Builds what {@code -I}, {@code -A} and {@code -G} send from the parsed command line: the tuples (the missing
 * direction completed by swapping, as libnetfilter_conntrack's SETUP_REPLY/SETUP_ORIGINAL do), and for a create the
 * timeout, status, mark, zones, protocol state, labels and NAT.
 */
final class FlowFactory {
    private FlowFactory() {
    }

    /**
     * @param t the parsed command line
     * @return the original tuple: the fields given, the others from the reply fields swapped
     */
    static Tuple original(final Template t) {
        return tuple(t, first(t.origSrc, t.replyDst), first(t.origDst, t.replySrc),
            first(t.origSport, t.replyDport), first(t.origDport, t.replySport), false, t.origZone);
    }

    /**
     * @param t the parsed command line
     * @return the reply tuple: the fields given, the others from the original fields swapped (a NAT create gives
     *     {@code -g} instead of {@code -r}: the kernel then rewrites the reply source)
     */
    static Tuple reply(final Template t) {
        return tuple(t, first(t.replySrc, t.origDst), first(t.replyDst, t.origSrc),
            first(t.replySport, t.origDport), first(t.replyDport, t.origSport), true, t.replyZone);
    }

    private static <T> T first(final T given, final T derived) {
        return given != null ? given : derived;
    }

    private static Tuple tuple(final Template t, final IpAddress src, final IpAddress dst, final Integer sport,
                               final Integer dport, final boolean reply, final Integer zone) {
        final Protocol protocol = Protocol.of(t.protonum);
        final Layer4 l4;
        if (protocol.isIcmp()) {
            final int type = t.icmpType == null ? 0 : reply ? t.icmpReplyType : t.icmpType;
            l4 = new Layer4.Icmp(type, t.icmpCode == null ? 0 : t.icmpCode, t.icmpId == null ? 0 : t.icmpId);
        } else if (protocol.hasPorts()) {
            l4 = new Layer4.Ports(sport == null ? 0 : sport, dport == null ? 0 : dport);
        } else {
            l4 = Layer4.none();
        }
        return new Tuple(src, dst, protocol, l4, Option.of(zone));
    }

    /**
     * @param t      the parsed command line of {@code -I} or {@code -A}
     * @param labels the bits of {@code --label-add}
     * @return the create request
     */
    static CreateFlow create(final Template t, final Labels labels) {
        final Flow.Builder b = Flow.builder(original(t)).reply(reply(t)).timeout(t.timeout);
        if (t.has(Opt.STATUS)) {
            b.status(new StatusBits(t.statusValue));
        }
        if (t.has(Opt.MARK)) {
            b.mark(t.markValue);
        }
        if (t.zone != null) {
            b.zone(t.zone);
        }
        if (!labels.isEmpty()) {
            b.labels(labels);
        }
        final ProtoInfo info = protoInfo(t);
        if (info != null) {
            b.protoInfo(info);
        }
        CreateFlow create = CreateFlow.of(b.build());
        if (t.snatAddress != null) {
            create = create.withSourceNat(t.snatPort == null ? NatRange.to(t.snatAddress)
                : NatRange.to(t.snatAddress, t.snatPort));
        }
        if (t.dnatAddress != null) {
            create = create.withDestinationNat(t.dnatPort == null ? NatRange.to(t.dnatAddress)
                : NatRange.to(t.dnatAddress, t.dnatPort));
        }
        return create;
    }

    private static ProtoInfo protoInfo(final Template t) {
        if (t.protoState == null) {
            return null;
        }
        switch (t.protonum) {
            case 6: {
                // conntrack's TCP template: liberal window tracking and SACK, CLOSE_INIT from TIME_WAIT on
                int flags = TcpFlags.BE_LIBERAL | TcpFlags.SACK_PERM;
                if (t.protoState >= TcpState.TIME_WAIT.value()) {
                    flags |= TcpFlags.CLOSE_INIT;
                }
                final TcpFlags f = new TcpFlags(flags, flags);
                return new ProtoInfo.Tcp(TcpState.of(t.protoState), Option.none(), Option.none(), Option.some(f),
                    Option.some(f));
            }
            case 132:
                return new ProtoInfo.Sctp(SctpState.of(t.protoState), Option.of(t.origVtag), Option.of(t.replyVtag));
            case 33:
                return new ProtoInfo.Dccp(DccpState.of(t.protoState), Option.of(t.dccpRole), Option.none());
            default:
                return null;
        }
    }
}
