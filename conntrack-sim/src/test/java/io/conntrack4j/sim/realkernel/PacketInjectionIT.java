package io.conntrack4j.sim.realkernel;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.Errno;
import io.conntrack4j.model.Counters;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.testkit.RealKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the packet-injection kit against the real kernel in the IT JVM's private network namespace: packets built
 * by {@link PacketWire}, sent by {@link RawInjector} into a namespace prepared by {@link NftConntrack}, and the
 * table read back with the project's own netlink backend. Reproduces kernel-semantics §2.6 and §10 statements
 * 38-47 and 49.
 */
@RealKernel
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PacketInjectionIT {
    private static final String A = NftConntrack.V4_A.toString();
    private static final String B = NftConntrack.V4_B.toString();
    private static final int CONFIRMED = 8;
    private static final int REPLIED = 10;
    private static final int ASSURED = 14;

    private static NftConntrack kit;
    private static RawInjector wire;
    private static Conntrack ct;

    @BeforeAll
    static void open() {
        kit = new NftConntrack();
        wire = RawInjector.open();
        ct = Conntrack.using(NetlinkBackend.open());
    }

    @AfterAll
    static void close() {
        if (ct != null) {
            ct.flushAll();
            ct.close();
        }
        if (wire != null) {
            wire.close();
        }
        if (kit != null) {
            kit.close();
        }
    }

    @BeforeEach
    void freshTable(final TestInfo test) {
        System.out.println("=== " + test.getDisplayName());
        kit.setup();
        ct.flushAll();
        assertThat(ct.count()).isZero();
    }

    @AfterEach
    void emptyTableAndDefaultSysctls() {
        kit.resetSysctls();
        kit.teardown();
        ct.flushAll();
        assertThat(ct.count()).isZero();
    }

    private static Flow get(final Tuple original) {
        return ct.get(original).getOrElseThrow(() -> new AssertionError("no entry for " + original));
    }

    private static void assertEntry(final Tuple original, final TcpState state, final long timeout,
                                    final int status) {
        final Flow f = get(original);
        assertThat(f.tcpState()).as("state of %s", f).contains(state);
        assertThat(f.timeout().get()).as("timeout of %s", f).isBetween(timeout - 2, timeout);
        assertThat(f.status().get().value()).as("status of %s", f).isEqualTo(status);
    }

    private static long invalid() {
        return ct.stats().map(s -> s.get(CpuCounter.INVALID).getOrElse(0L)).fold(0L, Long::sum);
    }

    private static List<FlowEvent> take(final Iterator<FlowEvent> events, final int n) {
        final List<FlowEvent> out = new ArrayList<>();
        while (out.size() < n) {
            out.add(events.next());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------------- TCP

    @Test
    void tcpFollowsTheVerifiedHandshakeAndCloseSequence() {
        final Tuple t = Tuple.tcp(A, B, 40000, 80);
        final Packet orig = Packet.tcp(A, 40000, B, 80, 0);
        final Packet reply = orig.reversed();
        try (Stream<FlowEvent> stream = ct.events().stream()) {
            final Iterator<FlowEvent> events = stream.iterator();

            wire.send(orig.withFlags(Packet.SYN).withSeq(1000));
            assertEntry(t, TcpState.SYN_SENT, 120, CONFIRMED);
            wire.send(reply.withFlags(Packet.SYN | Packet.ACK).withSeq(5000).withAck(1001));
            assertEntry(t, TcpState.SYN_RECV, 60, REPLIED);
            wire.send(orig.withFlags(Packet.ACK).withSeq(1001).withAck(5001));
            assertEntry(t, TcpState.ESTABLISHED, 432000, ASSURED);
            wire.send(orig.withFlags(Packet.FIN | Packet.ACK).withSeq(1001).withAck(5001));
            assertEntry(t, TcpState.FIN_WAIT, 120, ASSURED);
            wire.send(reply.withFlags(Packet.ACK).withSeq(5001).withAck(1002));
            assertEntry(t, TcpState.CLOSE_WAIT, 60, ASSURED);
            wire.send(reply.withFlags(Packet.FIN | Packet.ACK).withSeq(5001).withAck(1002));
            assertEntry(t, TcpState.LAST_ACK, 30, ASSURED);
            wire.send(orig.withFlags(Packet.ACK).withSeq(1002).withAck(5002));
            assertEntry(t, TcpState.TIME_WAIT, 120, ASSURED);
            wire.send(orig.withFlags(Packet.SYN).withSeq(777_777));
            assertEntry(t, TcpState.SYN_SENT, 120, CONFIRMED);
            assertThat(ct.count()).isOne();

            final List<FlowEvent> seen = take(events, 9);
            assertThat(seen).extracting(FlowEvent::type).containsExactly(EventType.NEW, EventType.UPDATE,
                EventType.UPDATE, EventType.UPDATE, EventType.UPDATE, EventType.UPDATE, EventType.UPDATE,
                EventType.DESTROY, EventType.NEW);
            assertThat(seen).extracting(e -> e.flow().tcpState().getOrNull()).containsExactly(TcpState.SYN_SENT,
                TcpState.SYN_RECV, TcpState.ESTABLISHED, TcpState.FIN_WAIT, TcpState.CLOSE_WAIT, TcpState.LAST_ACK,
                TcpState.TIME_WAIT, TcpState.TIME_WAIT, TcpState.SYN_SENT);
            assertThat(seen).allSatisfy(e -> assertThat(e.portId()).as("caused by packets").isZero());
        }
    }

    @Test
    void invalidFirstPacketsCreateNothingAndCountAtOutputAndPrerouting() {
        final int[] flags = {Packet.SYN | Packet.ACK, Packet.FIN | Packet.ACK, Packet.RST, 0, Packet.SYN | Packet.FIN};
        for (int i = 0; i < flags.length; i++) {
            final long before = invalid();
            wire.send(Packet.tcp(A, 41000 + i, B, 80, flags[i]).withSeq(1000).withAck(1));
            assertThat(ct.get(Tuple.tcp(A, B, 41000 + i, 80))).as("flags 0x%02x", flags[i]).isEmpty();
            assertThat(invalid() - before).as("flags 0x%02x: +1 at OUTPUT, +1 at PRE_ROUTING on lo", flags[i])
                .isEqualTo(2);
        }
        final long before = invalid();
        wire.send(Packet.icmp(A, B, 0, 0, 9));
        assertThat(ct.count()).as("an unsolicited echo reply creates nothing").isZero();
        assertThat(invalid() - before).isEqualTo(2);
    }

    @Test
    void looseAckPicksUpAMidStreamConnectionUnlessDisabled() {
        assertThat(NftConntrack.sysctl("nf_conntrack_tcp_loose")).isEqualTo("1");
        final Tuple t = Tuple.tcp(A, B, 42000, 80);
        final Packet orig = Packet.tcp(A, 42000, B, 80, Packet.ACK).withSeq(1000).withAck(2000);
        wire.send(orig);
        assertEntry(t, TcpState.ESTABLISHED, 300, CONFIRMED);
        assertThat(get(t).hasStatus(Status.SEEN_REPLY)).isFalse();
        wire.send(orig.reversed().withSeq(2000).withAck(1000));
        assertEntry(t, TcpState.ESTABLISHED, 300, REPLIED);
        wire.send(orig.withWindow(65000));
        assertEntry(t, TcpState.ESTABLISHED, 432000, ASSURED);

        kit.sysctl("nf_conntrack_tcp_loose", 0);
        final long before = invalid();
        wire.send(Packet.tcp(A, 42001, B, 80, Packet.ACK).withSeq(1000).withAck(2000));
        assertThat(ct.get(Tuple.tcp(A, B, 42001, 80))).isEmpty();
        assertThat(invalid()).isGreaterThan(before);
    }

    @Test
    void labelsNeedTheLabelRuleWhenThePacketCreatesTheEntry() {
        wire.send(Packet.udp(A, 43000, B, 53, 0));
        final BulkResult without = ct.flows().sport(43000).update(FlowUpdate.none().addLabels(3));
        assertThat(without.failures()).hasSize(1);
        assertThat(without.failures().get(0).error()).contains(Errno.ENOSPC);

        kit.enableLabels();
        wire.send(Packet.udp(A, 43001, B, 53, 0));
        assertThat(ct.flows().sport(43001).update(FlowUpdate.none().addLabels(3)).isComplete()).isTrue();
        assertThat(get(Tuple.udp(A, B, 43001, 53)).labels()).isEqualTo(Labels.of(3));
    }

    @Test
    void greKeepsOnlyTheDestinationKeyOfAPacket() {
        wire.send(Packet.of(A, B, Protocol.GRE).withPorts(16, 32));
        final var flows = ct.flows().proto(Protocol.GRE).list();
        assertThat(flows).hasSize(1);
        assertThat(flows.get(0).original()).isEqualTo(Tuple.ports(A, B, Protocol.GRE, 0, 32));
    }

    // ------------------------------------------------------------------------------------------------- UDP, ICMP

    @Test
    void udpGetsSeenReplyThenAssuredAfterTwoSecondsAndCountsL3Bytes() throws InterruptedException {
        kit.sysctl("nf_conntrack_acct", 1);
        final Tuple t = Tuple.udp(A, B, 1, 2);
        final Packet orig = Packet.udp(A, 1, B, 2, 10);
        try (Stream<FlowEvent> stream = ct.events().stream()) {
            final Iterator<FlowEvent> events = stream.iterator();
            wire.send(orig);
            assertThat(get(t).status().get().value()).isEqualTo(CONFIRMED);
            assertThat(get(t).timeout().get()).isBetween(28L, 30L);
            wire.send(orig.reversed());
            assertThat(get(t).status().get().value()).isEqualTo(REPLIED);
            assertThat(get(t).timeout().get()).isBetween(28L, 30L);
            Thread.sleep(2200);
            wire.send(orig);
            final Flow f = get(t);
            assertThat(f.status().get().value()).isEqualTo(ASSURED);
            assertThat(f.timeout().get()).isBetween(118L, 120L);
            assertThat(f.countersOriginal()).contains(new Counters(2, 2L * orig.l3Length()));
            assertThat(f.countersReply()).contains(new Counters(1, orig.l3Length()));
            assertThat(orig.l3Length()).as("§9.4").isEqualTo(38);

            final List<FlowEvent> seen = take(events, 3);
            assertThat(seen).extracting(FlowEvent::type).containsExactly(EventType.NEW, EventType.UPDATE,
                EventType.UPDATE);
            assertThat(seen).extracting(e -> e.flow().status().get().value()).containsExactly(CONFIRMED, REPLIED,
                ASSURED);
        }
    }

    @Test
    void icmpEchoPairsShareOneEntryThatIsNeverAssured() {
        final Tuple t = Tuple.icmp(A, B, 8, 0, 1226);
        wire.send(Packet.icmp(A, B, 8, 0, 1226), Packet.icmp(B, A, 0, 0, 1226));
        final Flow f = get(t);
        assertThat(f.reply()).contains(Tuple.icmp(B, A, 0, 0, 1226));
        assertThat(f.status().get().value()).isEqualTo(REPLIED);
        assertThat(f.timeout().get()).isBetween(28L, 30L);
        wire.send(Packet.icmp(A, B, 8, 0, 1226), Packet.icmp(B, A, 0, 0, 1226));
        assertThat(get(t).status().get().value()).as("never ASSURED").isEqualTo(REPLIED);
        wire.send(Packet.icmp(A, B, 8, 0, 1227));
        assertThat(ct.count()).isEqualTo(2);

        final String a6 = NftConntrack.V6_A.toString();
        final String b6 = NftConntrack.V6_B.toString();
        wire.send(Packet.icmp(a6, b6, 128, 0, 77), Packet.icmp(b6, a6, 129, 0, 77));
        final Flow v6 = get(Tuple.icmp(a6, b6, 128, 0, 77));
        assertThat(v6.reply()).contains(Tuple.icmp(b6, a6, 129, 0, 77));
        assertThat(v6.status().get().value()).isEqualTo(REPLIED);
        assertThat(ct.count()).isEqualTo(3);
    }

    @Test
    void tcpOverIpv6IsTrackedLikeIpv4() {
        final String a6 = NftConntrack.V6_A.toString();
        final String b6 = NftConntrack.V6_B.toString();
        final Packet syn = Packet.tcp(a6, 40000, b6, 443, Packet.SYN).withSeq(1).withOptions(7, true);
        wire.send(syn, syn.reversed().withFlags(Packet.SYN | Packet.ACK).withSeq(500).withAck(2),
            syn.withFlags(Packet.ACK).withSeq(2).withAck(501).withOptions(-1, false));
        assertEntry(Tuple.tcp(a6, b6, 40000, 443), TcpState.ESTABLISHED, 432000, ASSURED);
    }

    // --------------------------------------------------------------------------------------------------- the kit

    @Test
    void sendErrorsCarryTheErrno() {
        assertThatThrownBy(() -> wire.send(Packet.udp(A, 1, "192.0.2.99", 2, 0)))
            .isInstanceOfSatisfying(RawSocketException.class, e -> {
                assertThat(e.errno().number()).as("ENETUNREACH: no route").isEqualTo(101);
                assertThat(e.call()).startsWith("sendto 192.0.2.99");
            });
    }

    @Test
    void theKernelStackAcceptsEveryChecksum() {
        kit.teardown(); // no drop rule: the stack validates what arrives on lo
        final Map<String, Long> before = snmp();
        final Packet syn = Packet.tcp("127.0.0.1", 40000, "127.0.0.1", 9, Packet.SYN).withSeq(1).withOptions(7, true)
            .withPayload(3);
        wire.send(syn, syn.withPorts(40001, 9).withOptions(-1, false).withPayload(0),
            Packet.tcp("::1", 40000, "::1", 9, Packet.SYN).withOptions(2, true).withPayload(5),
            Packet.udp("127.0.0.1", 4444, "127.0.0.1", 9, 5), Packet.udp("::1", 4444, "::1", 9, 6),
            Packet.icmp("127.0.0.1", "127.0.0.1", 8, 0, 1).withPayload(3),
            Packet.icmp("::1", "::1", 128, 0, 1).withPayload(1),
            new Packet(IpAddress.parse("127.0.0.1"), IpAddress.parse("127.0.0.1"), Protocol.UDPLITE, 4444, 9, 0, 0, 0,
                0, -1, false, 0, 0, 0, 3));
        final Map<String, Long> after = snmp();
        assertThat(delta(before, after, "Tcp.OutRsts")).as("each SYN to a closed port is answered").isEqualTo(3);
        assertThat(delta(before, after, "Udp.NoPorts")).isOne();
        assertThat(delta(before, after, "Udp6NoPorts")).isOne();
        assertThat(delta(before, after, "Icmp.InEchos")).isOne();
        assertThat(delta(before, after, "Icmp6InEchos")).isOne();
        assertThat(delta(before, after, "UdpLite.NoPorts")).isOne();
        for (final String bad : List.of("Tcp.InCsumErrors", "Udp.InCsumErrors", "Icmp.InCsumErrors",
            "Udp6InCsumErrors", "Icmp6InCsumErrors", "UdpLite.InCsumErrors")) {
            assertThat(delta(before, after, bad)).as(bad).isZero();
        }

        final byte[] corrupt = PacketWire.toBytes(Packet.udp("127.0.0.1", 4444, "127.0.0.1", 9, 5));
        corrupt[corrupt.length - 1] = 1;
        wire.send(IpAddress.parse("127.0.0.1"), corrupt);
        assertThat(delta(after, snmp(), "Udp.InCsumErrors")).as("the check is live").isOne();
    }

    private static long delta(final Map<String, Long> before, final Map<String, Long> after, final String key) {
        assertThat(after).containsKey(key);
        return after.get(key) - before.getOrDefault(key, 0L);
    }

    /** @return /proc/net/snmp as {@code Proto.Field} and /proc/net/snmp6 as is, of this namespace */
    private static Map<String, Long> snmp() {
        try {
            final Map<String, Long> out = new HashMap<>();
            final List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                final String[] names = lines.get(i).split("\\s+");
                final String[] values = lines.get(i + 1).split("\\s+");
                final String proto = names[0].replace(":", "");
                for (int j = 1; j < names.length && j < values.length; j++) {
                    out.put(proto + "." + names[j], Long.parseLong(values[j]));
                }
            }
            for (final String line : Files.readAllLines(Path.of("/proc/net/snmp6"))) {
                final String[] f = line.trim().split("\\s+");
                if (f.length == 2) {
                    out.put(f[0], Long.parseLong(f[1]));
                }
            }
            return out;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
