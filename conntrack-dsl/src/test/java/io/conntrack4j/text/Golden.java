package io.conntrack4j.text;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SctpState;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Builders for the flows behind the captured lines of the reference (ctnetlink-and-cli.md §2 and §5). */
final class Golden {
    /** The captures were made on a machine whose local time is UTC. */
    static final ZoneId UTC = ZoneOffset.UTC;
    /** 2026-11-27 01:19:10 UTC: the start time shown by the captured {@code -o ktimestamp} line. */
    static final Instant NOW = Instant.ofEpochSecond(1_795_742_350L, 250_000_000);
    /** A start time in the same second as {@link #NOW}, so that delta-time is 0. */
    static final long START_NS = 1_795_742_350L * 1_000_000_000L + 123_456_789L;

    static final long ASSURED = Status.SEEN_REPLY.value() | Status.ASSURED.value() | Status.CONFIRMED.value();
    static final long REPLIED = Status.SEEN_REPLY.value() | Status.CONFIRMED.value();
    static final long UNREPLIED = Status.CONFIRMED.value();

    private Golden() {
    }

    static Clock clockAt(final Instant instant) {
        return Clock.fixed(instant, UTC);
    }

    static ConntrackFormatter.Builder formatter(final OutputOption... options) {
        return ConntrackFormatter.builder().clock(clockAt(NOW)).zone(UTC).options(options);
    }

    static Tuple tcp(final String src, final String dst, final int sport, final int dport) {
        return Tuple.tcp(src, dst, sport, dport);
    }

    static Tuple udp(final String src, final String dst, final int sport, final int dport) {
        return Tuple.udp(src, dst, sport, dport);
    }

    static Tuple ports(final Protocol proto, final String src, final String dst, final int sport, final int dport) {
        return Tuple.ports(src, dst, proto, sport, dport);
    }

    static Tuple other(final int proto, final String src, final String dst) {
        return Tuple.of(IpAddress.parse(src), IpAddress.parse(dst), Protocol.of(proto), Layer4.none());
    }

    /** A flow with its reply tuple, status word, timeout, mark 0 and use 1 (what a dump always carries). */
    static Flow.Builder dumped(final Tuple orig, final Tuple reply, final long status, final long timeout) {
        return Flow.builder(orig).reply(reply).status(new io.conntrack4j.model.StatusBits((int) status))
            .timeout(timeout).mark(0L).use(1L);
    }

    /** Zero counters in both directions and a start time in the current second (acct and timestamps on). */
    static Flow.Builder accounted(final Flow.Builder b) {
        return b.countersOriginal(Counters.ZERO).countersReply(Counters.ZERO).timestamps(Timestamps.started(START_NS));
    }

    static ProtoInfo tcpState(final TcpState state) {
        return ProtoInfo.Tcp.of(state);
    }

    static ProtoInfo sctp(final SctpState state, final long vtagOrig, final long vtagReply) {
        return new ProtoInfo.Sctp(state, Option.some(vtagOrig), Option.some(vtagReply));
    }

    static FlowId id(final long unsigned) {
        return new FlowId((int) unsigned);
    }

    static FlowEvent event(final EventType type, final Flow flow, final long portId) {
        return new FlowEvent(type, flow, portId, Option.none());
    }

    /** §2.1 line 1 (and §2.2, §2.3 with timeout 497): an assured TCP flow. */
    static Flow assuredTcp(final long timeout) {
        return dumped(tcp("1.1.1.1", "2.2.2.2", 10, 20), tcp("2.2.2.2", "1.1.1.1", 20, 10), ASSURED, timeout)
            .protoInfo(tcpState(TcpState.ESTABLISHED)).build();
    }

    /** §2.1 line 3: an unreplied SYN_SENT flow with accounting and timestamps. */
    static Flow synSent() {
        return accounted(dumped(tcp("3.3.3.3", "4.4.4.4", 1000, 80), tcp("4.4.4.4", "3.3.3.3", 80, 1000),
            UNREPLIED, 99).protoInfo(tcpState(TcpState.SYN_SENT))).build();
    }

    /** §2.1: the flow created with {@code --dst-nat 8.8.8.8:8080}. */
    static Flow dnat(final long timeout) {
        return accounted(dumped(tcp("7.7.7.1", "7.7.7.2", 33, 80), tcp("8.8.8.8", "7.7.7.1", 8080, 33),
            ASSURED | Status.DST_NAT.value() | Status.DST_NAT_DONE.value(), timeout)
            .protoInfo(tcpState(TcpState.ESTABLISHED))).build();
    }

    /** §2.1: the flow created with {@code --src-nat 9.9.9.9}. */
    static Flow snat(final long timeout) {
        return accounted(dumped(udp("7.7.7.1", "7.7.7.3", 33, 80), udp("7.7.7.3", "9.9.9.9", 80, 33),
            UNREPLIED | Status.SRC_NAT.value() | Status.SRC_NAT_DONE.value(), timeout)).build();
    }

    /** §2.1: a TCP flow in zone 3 (both directions). */
    static Flow zoned(final long timeout) {
        return accounted(dumped(tcp("7.7.7.1", "7.7.7.4", 1, 2), tcp("7.7.7.4", "7.7.7.1", 2, 1), UNREPLIED, timeout)
            .protoInfo(tcpState(TcpState.ESTABLISHED)).zone(3)).build();
    }

    /** §2.1: a TCP flow whose original tuple is in zone 4. */
    static Flow origZoned(final long timeout) {
        return accounted(dumped(tcp("7.7.7.1", "7.7.7.5", 1, 2).withZone(4), tcp("7.7.7.5", "7.7.7.1", 2, 1),
            UNREPLIED, timeout).protoInfo(tcpState(TcpState.ESTABLISHED))).build();
    }

    /** §2.1: an unreplied SCTP flow with verification tags. */
    static Flow sctpFlow(final long timeout) {
        return accounted(dumped(ports(Protocol.SCTP, "7.7.7.1", "7.7.7.6", 1, 2),
            ports(Protocol.SCTP, "7.7.7.6", "7.7.7.1", 2, 1), UNREPLIED, timeout)
            // the tags the kernel holds after `conntrack -I --orig-vtag 1234 --reply-vtag 5678`: 1.4.7 swaps them
            .protoInfo(sctp(SctpState.ESTABLISHED, Integer.toUnsignedLong(Integer.reverseBytes(1234)),
                Integer.toUnsignedLong(Integer.reverseBytes(5678))))).build();
    }

    /** §2.1: an unreplied GRE flow with keys 0x10 and 0x20. */
    static Flow greFlow(final long timeout) {
        return accounted(dumped(ports(Protocol.GRE, "7.7.7.1", "7.7.7.8", 0x10, 0x20),
            ports(Protocol.GRE, "7.7.7.8", "7.7.7.1", 0x20, 0x10), UNREPLIED, timeout)).build();
    }

    /** §2.1: an ICMP echo flow that saw its reply. */
    static Flow icmpFlow(final long timeout) {
        return accounted(dumped(Tuple.icmp("1.1.1.1", "2.2.2.2", 8, 0, 1226), Tuple.icmp("2.2.2.2", "1.1.1.1", 0, 0, 1226),
            REPLIED, timeout)).build();
    }

    /** §2.1: an unreplied ICMPv6 echo flow. */
    static Flow icmpv6Flow(final long timeout) {
        return accounted(dumped(Tuple.icmp("2001:db8::1", "2001:db8::2", 128, 0, 77),
            Tuple.icmp("2001:db8::2", "2001:db8::1", 129, 0, 77), UNREPLIED, timeout)).build();
    }

    /** §2.1: an IGMP flow (protocol 2, printed as {@code unknown}). */
    static Flow igmpFlow(final long timeout) {
        return accounted(dumped(other(2, "0.0.0.0", "224.0.0.22"), other(2, "224.0.0.22", "0.0.0.0"), UNREPLIED,
            timeout)).build();
    }
}
