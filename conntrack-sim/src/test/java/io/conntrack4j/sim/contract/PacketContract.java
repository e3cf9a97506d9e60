package io.conntrack4j.sim.contract;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.NetlinkWriter;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.PacketVerdict;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.realkernel.RawSocketException;
import io.conntrack4j.testkit.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet-driven contract statements (kernel-semantics §10: 35 and 37 (packet parts), 38-47, 49), run on the
 * simulator and on the real kernel alike. Packets are {@link Packet} values sent with {@link ContractKernel#inject};
 * the table is read back with ctnetlink GET/dump and the events with the {@link EventTap}.
 *
 * <p>TCP uses the client {@code 10.0.0.1:40000} and the server {@code 10.0.0.2:80} with realistic sequence numbers
 * (client ISN 1000, server ISN 5000, window 65535), so every packet that should be in window is (§2.4).
 */
public abstract class PacketContract extends ContractBase {
    private static final String CLI = "10.0.0.1";
    private static final String SRV = "10.0.0.2";
    private static final String CLI6 = "2001:db8::1";
    private static final String SRV6 = "2001:db8::2";
    private static final int CPORT = 40000;
    private static final int SPORT = 80;
    private static final long CISN = 1000;
    private static final long SISN = 5000;
    /** The contract's TCP connection. */
    private static final Tuple T = Tuple.tcp(CLI, SRV, CPORT, SPORT);

    private static final long REPLIED = 10;
    private static final long ASSURED = 14;
    private static final long DYING_CONFIRMED = 0x200 | 8;
    private static final int NEW_FLAGS = NLM_F_CREATE | NLM_F_EXCL;
    private static final boolean DEBUG = Boolean.getBoolean("cp.debug");
    private static final Path SYSCTLS = Path.of("/proc/sys/net/netfilter");
    /** Allowed drift of a remaining timeout: it is truncated, and a loaded machine may take a second between steps. */
    private static final long SLACK = 2;

    // ------------------------------------------------------------------------------------------------ helpers

    /*
     * Sysctls are written through this class's own helper, not ContractKernel.sysctl, on the real kernel: the kit's
     * NftConntrack.sysctl(String) reads /proc with Files.readString, which returns only the first byte of a sysctl
     * file (procfs answers a read at offset > 0 with EOF, and the JDK reads one byte first when the size is 0), so
     * its reset would restore 300 as 3, 120 as 1, 432000 as 4 and corrupt every later test in the IT JVM.
     */
    private final Map<Sysctl, String> replacedSysctls = new EnumMap<>(Sysctl.class);

    /** Writes a sysctl (restored after the test). */
    private void sysctl(final Sysctl sysctl, final long value) {
        if (!kernel.isReal()) {
            kernel.sysctl(sysctl, value);
            return;
        }
        final String reason = Netns.whyNotPrivate();
        if (reason != null) {
            throw new IllegalStateException("refusing to change the host's sysctls: " + reason);
        }
        final Path file = SYSCTLS.resolve(sysctl.fileName());
        try {
            replacedSysctls.putIfAbsent(sysctl, Files.readAllLines(file).get(0).trim());
            Files.writeString(file, value + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void restoreSysctls() throws IOException {
        for (final Map.Entry<Sysctl, String> e : replacedSysctls.entrySet()) {
            Files.writeString(SYSCTLS.resolve(e.getKey().fileName()), e.getValue() + "\n");
        }
        replacedSysctls.clear();
    }

    private static Packet orig(final int flags, final long seq, final long ack) {
        return Packet.tcp(CLI, CPORT, SRV, SPORT, flags).withSeq(seq).withAck(ack);
    }

    private static Packet reply(final int flags, final long seq, final long ack) {
        return Packet.tcp(SRV, SPORT, CLI, CPORT, flags).withSeq(seq).withAck(ack);
    }

    /** The client's SYN (seq 1000). */
    private static Packet syn() {
        return orig(Packet.SYN, CISN, 0);
    }

    /** The server's SYN/ACK (seq 5000, ack 1001). */
    private static Packet synAck() {
        return reply(Packet.SYN | Packet.ACK, SISN, CISN + 1);
    }

    /** The client's handshake ACK (seq 1001, ack 5001). */
    private static Packet handshakeAck() {
        return orig(Packet.ACK, CISN + 1, SISN + 1);
    }

    /** Injects one packet and returns the events it caused (waits briefly on the real kernel). */
    private List<EventTap.Received> send(final Packet p, final int expectedEvents) {
        kernel.inject(p);
        final List<EventTap.Received> got = eventsAfter(expectedEvents);
        if (DEBUG) { // -DargLine=-Dcp.debug=true
            System.out.println(kernel.name() + " sent " + p);
            got.forEach(e -> System.out.println("   event " + e + " timeout=" + e.event().flow().timeout()
                + " status=" + e.event().flow().status() + " protoinfo=" + e.event().flow().protoInfo()));
        }
        return got;
    }

    /**
     * @param expected how many events to wait for
     * @return what arrived: up to {@code expected} within 2 s, plus whatever else arrives in the next 50 ms (real)
     */
    private List<EventTap.Received> eventsAfter(final int expected) {
        final List<EventTap.Received> got = new ArrayList<>(events.await(expected, 2000));
        if (kernel.isReal()) {
            sleep(50);
        }
        got.addAll(events.drain());
        return got;
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the three-way handshake and consumes its three events. */
    private void handshake() {
        assertThat(send(syn(), 1)).hasSize(1);
        assertThat(send(synAck(), 1)).hasSize(1);
        assertThat(send(handshakeAck(), 1)).hasSize(1);
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
    }

    private Flow get(final Tuple t) {
        final CtClient.Reply r = ct.get(t);
        assertThat(r.errno()).as("GET %s on the %s: %s", t, kernel.name(), r).isZero();
        return r.flow();
    }

    private int getErrno(final Tuple t) {
        return ct.get(t).errno();
    }

    private static long status(final Flow f) {
        return f.status().get().value();
    }

    /** Asserts state, timeout (the given value or one less: it is truncated remaining time) and status. */
    private void assertEntry(final Tuple t, final TcpState state, final long timeout, final long status) {
        final Flow f = get(t);
        assertThat(f.tcpState()).as("state of %s", f).contains(state);
        assertThat(f.timeout().get()).as("timeout of %s", f).isBetween(timeout - SLACK, timeout);
        assertThat(status(f)).as("status of %s", f).isEqualTo(status);
    }

    /** Asserts one packet-caused event (pid 0) of a type, with a TCP state (null: no PROTOINFO) and status. */
    private static void assertEvent(final EventTap.Received e, final EventType type, final TcpState state,
                                    final long status) {
        assertThat(e.event().type()).as("type of %s", e).isEqualTo(type);
        assertThat(e.flags()).as("nlmsg flags of %s", e).isEqualTo(type == EventType.NEW ? NEW_FLAGS : 0);
        assertThat(e.event().portId()).as("pid of %s: caused by a packet", e).isZero();
        if (state == null) {
            assertThat(e.event().flow().tcpState()).as("no PROTOINFO in %s", e).isEmpty();
        } else {
            assertThat(e.event().flow().tcpState()).as("state in %s", e).contains(state);
        }
        assertThat(status(e.event().flow())).as("status of %s", e).isEqualTo(status);
    }

    private static void assertEventTimeout(final EventTap.Received e, final long timeout) {
        assertThat(e.event().flow().timeout().get()).as("timeout of %s", e).isBetween(timeout - SLACK, timeout);
    }

    /** Asserts the per-direction TCP flag words of GET/dump's PROTOINFO. */
    private static void assertTcpFlags(final Flow f, final int original, final int reply) {
        final ProtoInfo.Tcp tcp = (ProtoInfo.Tcp) f.protoInfo().get();
        assertThat(tcp.flagsOriginal().get().flags()).as("orig flags of %s", tcp).isEqualTo(original);
        assertThat(tcp.flagsReply().get().flags()).as("reply flags of %s", tcp).isEqualTo(reply);
    }

    private long invalid() {
        return ct.cpuSum(CpuCounter.INVALID);
    }

    private Map<CpuCounter, Long> counters(final CpuCounter... which) {
        final Map<CpuCounter, Long> m = new EnumMap<>(CpuCounter.class);
        for (final CpuCounter c : which) {
            m.put(c, ct.cpuSum(c));
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------- statements

    /*
     * 35 needs a full table. nf_conntrack_max is read-only in a netns, so the real kernel is filled to its 262144
     * (batched creates, events off so the listener does not overrun); the simulator, whose max is a sysctl, is
     * filled to a small max of 64. Both are then full with ASSURED entries only.
     */
    @Test
    @DisplayName("35. full table of ASSURED entries (kernel: 262144; simulator: nf_conntrack_max=64): create ENOMEM, "
        + "no statistic changes; a new packet flow is dropped (drop +1, sendto EPERM / verdict DROPPED)")
    void s35_fullTableDropsNewPacketFlows() {
        final int max;
        if (kernel.isReal()) {
            max = Math.toIntExact(ct.globalStats().maxEntries());
            assertThat(max).as("nf_conntrack_max (global, read-only in a netns)").isEqualTo(262144);
        } else {
            max = 64;
            sysctl(Sysctl.MAX, max);
        }
        sysctl(Sysctl.EVENTS, 0);
        fillAssured(max);
        assertThat(ct.globalStats().entries()).as("entries").isEqualTo(max);

        final CpuCounter[] stats = {CpuCounter.INSERT, CpuCounter.INSERT_FAILED, CpuCounter.DROP,
            CpuCounter.EARLY_DROP, CpuCounter.INVALID, CpuCounter.FOUND};
        final Map<CpuCounter, Long> before = counters(stats);
        final CtClient.Reply r = ct.create(A, A_REPLY, 100, CONFIRMED);
        assertThat(r.errno()).as("create in a full table: ENOMEM").isEqualTo(12);
        assertThat(counters(stats)).as("no statistic changes on ENOMEM").isEqualTo(before);

        final Packet p = Packet.udp(CLI, 1, SRV, 2, 10);
        if (kernel.isReal()) {
            Integer errno = null;
            try {
                kernel.inject(p);
            } catch (final RawSocketException e) {
                errno = e.errno().number();
            }
            assertThat(errno).as("sendto of a packet conntrack dropped at OUTPUT").isEqualTo(1);
        } else {
            assertThat(((SimulatorKernel) kernel).namespace().inject(p)).isEqualTo(PacketVerdict.DROPPED);
        }
        final Map<CpuCounter, Long> expected = new EnumMap<>(before);
        expected.merge(CpuCounter.DROP, 1L, Long::sum);
        assertThat(counters(stats)).as("drop +1, nothing else").isEqualTo(expected);
        assertThat(getErrno(A)).as("the dropped flow has no entry").isEqualTo(2);
        assertThat(ct.globalStats().entries()).isEqualTo(max);
    }

    /** Fills the table with {@code n} ASSURED UDP entries 10.0.0.1:i -> 10.0.0.2:10000+j, in batches without ACKs. */
    private void fillAssured(final int n) {
        try (NetlinkSocket s = kernel.openSocket()) {
            final ByteBuffer out = ByteBuffer.allocateDirect(128 * 1024).order(ByteOrder.nativeOrder());
            final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.nativeOrder());
            final NetlinkWriter w = new NetlinkWriter();
            final MessageReader rd = new MessageReader();
            int i = 0;
            int seq = 1;
            while (i < n) {
                out.clear();
                w.wrap(out);
                for (int k = 0; k < 500 && i < n; k++, i++) {
                    final Tuple t = Tuple.udp(CLI, SRV, i & 0xFFFF, 10000 + (i >> 16));
                    w.begin(CT_NEW, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, seq++, CtClient.INET, 0, 0);
                    w.tuple(CTA_TUPLE_ORIG, t);
                    w.tuple(CTA_TUPLE_REPLY, t.inverse());
                    w.u32(CTA_TIMEOUT, 3600);
                    w.u32(CTA_STATUS, 8 | 4 | 2);
                    w.end();
                }
                out.limit(w.position()).position(0);
                s.send(out);
                in.clear();
                if (s.tryReceive(in) >= 0) {
                    rd.wrap(in);
                    while (rd.next()) {
                        if (rd.isError() && rd.errno() != 0) {
                            throw new AssertionError("filling the table: errno " + rd.errno() + " at seq " + rd.seq());
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("37. a ctnetlink create grows the summed insert statistic by 1; packet-created entries "
        + "(UDP, TCP SYN, ICMP echo, TCP pickup) do not change it")
    void s37_packetCreatedEntriesDoNotCountAsInsert() {
        final long start = ct.cpuSum(CpuCounter.INSERT);
        assertThat(ct.create(A, A_REPLY, 100, CONFIRMED).errno()).isZero();
        final long afterCreate = ct.cpuSum(CpuCounter.INSERT);
        assertThat(afterCreate - start).as("control: ctnetlink create").isEqualTo(1);

        kernel.inject(Packet.udp(CLI, 7, SRV, 8, 10));
        kernel.inject(syn());
        kernel.inject(Packet.icmp(CLI, SRV, 8, 0, 4321));
        kernel.inject(Packet.tcp(CLI, 40001, SRV, 81, Packet.ACK).withSeq(1000).withAck(2000));
        eventsAfter(5);
        assertThat(get(Tuple.udp(CLI, SRV, 7, 8)).original()).isEqualTo(Tuple.udp(CLI, SRV, 7, 8));
        assertThat(get(T).tcpState()).contains(TcpState.SYN_SENT);
        assertThat(get(Tuple.icmp(CLI, SRV, 8, 0, 4321)).original()).isEqualTo(Tuple.icmp(CLI, SRV, 8, 0, 4321));
        assertThat(get(Tuple.tcp(CLI, SRV, 40001, 81)).tcpState()).contains(TcpState.ESTABLISHED);
        assertThat(ct.dumpAll()).hasSize(5);
        assertThat(ct.cpuSum(CpuCounter.INSERT)).as("insert after 4 packet-created entries").isEqualTo(afterCreate);
    }

    @Test
    @DisplayName("38. TCP SYN (orig) on an empty table: SYN_SENT, timeout 120, status 8; one NEW event "
        + "(flags 0x600, pid 0) with PROTOINFO state 1")
    void s38_synCreatesSynSent() {
        final List<EventTap.Received> got = send(syn(), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.NEW, TcpState.SYN_SENT, CONFIRMED);
        assertEventTimeout(got.get(0), 120);
        assertThat(got.get(0).event().flow().mark()).as("§7.3: no MARK 0 in packet-caused events").isEmpty();
        assertEntry(T, TcpState.SYN_SENT, 120, CONFIRMED);
        assertThat(get(T).reply()).contains(T.inverse());
        assertThat(get(T).synproxy()).as("§6.7: packet-created entries have no SYNPROXY").isEmpty();
        assertThat(ct.dumpAll()).hasSize(1);
    }

    @Test
    @DisplayName("39. SYN, SYN/ACK, ACK: SYN_SENT 120 status 8 -> SYN_RECV 60 status 10 -> ESTABLISHED 432000 "
        + "status 14 (ASSURED), one event per step (NEW, UPDATE, UPDATE)")
    void s39_threeWayHandshake() {
        List<EventTap.Received> got = send(syn(), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.NEW, TcpState.SYN_SENT, CONFIRMED);
        assertEntry(T, TcpState.SYN_SENT, 120, CONFIRMED);

        got = send(synAck(), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, TcpState.SYN_RECV, REPLIED);
        assertEventTimeout(got.get(0), 60);
        assertEntry(T, TcpState.SYN_RECV, 60, REPLIED);

        got = send(handshakeAck(), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, TcpState.ESTABLISHED, ASSURED);
        assertEventTimeout(got.get(0), 432000);
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
    }

    @Test
    @DisplayName("39 (extra, §2.3 [V]). simultaneous open: SYN(o) SYN_SENT, SYN(r) SYN_SENT2 status 10, SYN/ACK(o) "
        + "SYN_RECV, ACK(r) ESTABLISHED status 14, one event per step")
    void s39b_simultaneousOpen() {
        List<EventTap.Received> got = send(syn(), 1);
        assertThat(got).hasSize(1);
        got = send(reply(Packet.SYN, SISN, 0), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, TcpState.SYN_SENT2, REPLIED);
        assertEntry(T, TcpState.SYN_SENT2, 120, REPLIED);
        got = send(orig(Packet.SYN | Packet.ACK, CISN, SISN + 1), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, TcpState.SYN_RECV, REPLIED);
        assertEntry(T, TcpState.SYN_RECV, 60, REPLIED);
        got = send(reply(Packet.ACK, SISN + 1, CISN + 1), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, TcpState.ESTABLISHED, ASSURED);
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
    }

    @Test
    @DisplayName("39 (extra, §2.4). window scaling counts only if both SYNs carry it: wscale 7 both ways, a server "
        + "window of 2000 lets the client send 140000 bytes ahead (accepted, unacknowledged-data timeout 300); with "
        + "the option on the SYN only the same segment is invalid")
    void s39c_windowScaling() {
        checkScaling(40030, 7, 7, true);
        checkScaling(40031, 7, -1, false);
    }

    private void checkScaling(final int port, final int synScale, final int synAckScale, final boolean accepted) {
        final Tuple t = Tuple.tcp(CLI, SRV, port, SPORT);
        final Packet c = Packet.tcp(CLI, port, SRV, SPORT, 0);
        final Packet sv = c.reversed();
        kernel.inject(c.withFlags(Packet.SYN).withSeq(CISN).withOptions(synScale, true));
        kernel.inject(sv.withFlags(Packet.SYN | Packet.ACK).withSeq(SISN).withAck(CISN + 1)
            .withOptions(synAckScale, true));
        kernel.inject(c.withFlags(Packet.ACK).withSeq(CISN + 1).withAck(SISN + 1));
        kernel.inject(sv.withFlags(Packet.ACK).withSeq(SISN + 1).withAck(CISN + 1).withWindow(2000));
        eventsAfter(3);
        final int scale = accepted ? 7 : 0;
        final ProtoInfo.Tcp tcp = (ProtoInfo.Tcp) get(t).protoInfo().get();
        assertThat(tcp.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(tcp.wscaleOriginal()).as("orig wscale in %s", tcp).contains(scale);
        assertThat(tcp.wscaleReply()).as("reply wscale in %s", tcp).contains(scale);
        assertThat(tcp.flagsOriginal().get().flags()).as("orig flags in %s", tcp).isEqualTo(0x23);
        assertThat(tcp.flagsReply().get().flags()).as("reply flags in %s", tcp)
            .isEqualTo(accepted ? 0x23 : 0x22);
        assertEntry(t, TcpState.ESTABLISHED, 432000, ASSURED);

        final long before = invalid();
        kernel.inject(c.withFlags(Packet.ACK | Packet.PSH).withSeq(CISN + 1 + 140_000).withAck(SISN + 1)
            .withPayload(10));
        eventsAfter(0);
        if (accepted) {
            assertThat(invalid()).isEqualTo(before);
            assertEntry(t, TcpState.ESTABLISHED, 300, ASSURED);
        } else {
            assertThat(invalid() - before).isEqualTo(kernel.invalidPerPacket());
            assertEntry(t, TcpState.ESTABLISHED, 432000, ASSURED);
        }
    }

    @Test
    @DisplayName("40. ESTABLISHED, then FIN(orig), ACK(reply), FIN(reply), ACK(orig): FIN_WAIT 120 -> CLOSE_WAIT 60 "
        + "-> LAST_ACK 30 -> TIME_WAIT 120 (one UPDATE each); a new SYN(orig) gives DESTROY then NEW (SYN_SENT, 8)")
    void s40_closeSequenceAndReopen() {
        handshake();
        // the flags words (§2.7) as the kernel reported them: MAXACK_SET 0x20, DATA_UNACKNOWLEDGED 0x10, CLOSE_INIT 4
        final Object[][] steps = {
            {orig(Packet.FIN | Packet.ACK, CISN + 1, SISN + 1), TcpState.FIN_WAIT, 120L, 0x34, 0x20},
            {reply(Packet.ACK, SISN + 1, CISN + 2), TcpState.CLOSE_WAIT, 60L, 0x24, 0x20},
            {reply(Packet.FIN | Packet.ACK, SISN + 1, CISN + 2), TcpState.LAST_ACK, 30L, 0x24, 0x30},
            {orig(Packet.ACK, CISN + 2, SISN + 2), TcpState.TIME_WAIT, 120L, 0x24, 0x20},
        };
        for (final Object[] step : steps) {
            final TcpState state = (TcpState) step[1];
            final long timeout = (Long) step[2];
            final List<EventTap.Received> got = send((Packet) step[0], 1);
            assertThat(got).as("events for %s", state).hasSize(1);
            assertEvent(got.get(0), EventType.UPDATE, state, ASSURED);
            assertEventTimeout(got.get(0), timeout);
            assertEntry(T, state, timeout, ASSURED);
            assertTcpFlags(get(T), (Integer) step[3], (Integer) step[4]);
        }
        final Flow old = get(T);

        final List<EventTap.Received> got = send(orig(Packet.SYN, 900_000, 0), 2);
        assertThat(got).hasSize(2);
        assertEvent(got.get(0), EventType.DESTROY, TcpState.TIME_WAIT, 0x200 | ASSURED);
        assertThat(got.get(0).event().flow().original()).isEqualTo(T);
        assertEventTimeout(got.get(0), 120); // §7.3: DESTROY carries TIMEOUT while >= 1 s remains
        assertEvent(got.get(1), EventType.NEW, TcpState.SYN_SENT, CONFIRMED);
        assertEventTimeout(got.get(1), 120);
        assertEntry(T, TcpState.SYN_SENT, 120, CONFIRMED);
        assertThat(ct.dumpAll()).hasSize(1);
        assertThat(old.id()).isNotEmpty(); // ids may repeat (§9.6): not compared
    }

    @Test
    @DisplayName("41a. ESTABLISHED, then an in-window RST (orig, seq = the peer's ACK): CLOSE, timeout 10, "
        + "one UPDATE; the entry stays")
    void s41a_rstInEstablishedMovesToClose() {
        handshake();
        final List<EventTap.Received> got = send(orig(Packet.RST | Packet.ACK, CISN + 1, SISN + 1), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, TcpState.CLOSE, ASSURED);
        assertEventTimeout(got.get(0), 10);
        assertEntry(T, TcpState.CLOSE, 10, ASSURED);
        assertThat(ct.dumpAll()).hasSize(1);
    }

    @Test
    @DisplayName("41 (extra, §2.5 [S]). ESTABLISHED+ASSURED: an RST before the peer's highest ACK is invalid "
        + "(timeout kept); an in-window RST whose seq is not exactly the peer's ACK keeps ESTABLISHED (no event) but "
        + "sets the timeout to 10")
    void s41c_inexactRstKeepsStateButTimeoutClose() {
        handshake();
        final long before = invalid();
        assertThat(send(orig(Packet.RST | Packet.ACK, CISN, SISN + 1), 0)).as("RST before the peer's ACK").isEmpty();
        assertThat(invalid() - before).as("an RST before the peer's highest ACK is invalid")
            .isEqualTo(kernel.invalidPerPacket());
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
        assertThat(send(orig(Packet.RST | Packet.ACK, CISN + 101, SISN + 1), 0)).isEmpty();
        assertThat(invalid() - before).isEqualTo(kernel.invalidPerPacket());
        assertEntry(T, TcpState.ESTABLISHED, 10, ASSURED);
    }

    @Test
    @DisplayName("41 (extra, §2.3 [V]). CLOSE right after an orig RST: an orig SYN reopens (DESTROY then NEW "
        + "SYN_SENT 8); after RST then an orig ACK the SYN is ignored and CLOSE stays")
    void s41d_reopenFromClose() {
        handshake();
        assertThat(send(orig(Packet.RST | Packet.ACK, CISN + 1, SISN + 1), 1)).hasSize(1);
        List<EventTap.Received> got = send(orig(Packet.SYN, 700_000, 0), 2);
        assertThat(got).hasSize(2);
        assertEvent(got.get(0), EventType.DESTROY, TcpState.CLOSE, 0x200 | ASSURED);
        assertEvent(got.get(1), EventType.NEW, TcpState.SYN_SENT, CONFIRMED);
        assertEntry(T, TcpState.SYN_SENT, 120, CONFIRMED);

        final Tuple u = Tuple.tcp(CLI, SRV, 40010, SPORT);
        final Packet base = Packet.tcp(CLI, 40010, SRV, SPORT, 0);
        kernel.inject(base.withFlags(Packet.SYN).withSeq(CISN));
        kernel.inject(base.reversed().withFlags(Packet.SYN | Packet.ACK).withSeq(SISN).withAck(CISN + 1));
        kernel.inject(base.withFlags(Packet.ACK).withSeq(CISN + 1).withAck(SISN + 1));
        kernel.inject(base.withFlags(Packet.RST | Packet.ACK).withSeq(CISN + 1).withAck(SISN + 1));
        kernel.inject(base.withFlags(Packet.ACK).withSeq(CISN + 1).withAck(SISN + 1));
        eventsAfter(4);
        assertEntry(u, TcpState.CLOSE, 10, ASSURED);
        got = send(base.withFlags(Packet.SYN).withSeq(800_000), 0);
        assertThat(got).as("the SYN is ignored").isEmpty();
        assertEntry(u, TcpState.CLOSE, 10, ASSURED);
    }

    @Test
    @DisplayName("41b. SYN_SENT, then an RST/ACK from the reply side (seq 0, ack 1001): deleted at once "
        + "(NEW then DESTROY, pid 0, state CLOSE, status 520); GET -> ENOENT")
    void s41b_replyRstInSynSentDeletes() {
        final List<EventTap.Received> first = send(syn(), 1);
        assertThat(first).hasSize(1);
        assertEvent(first.get(0), EventType.NEW, TcpState.SYN_SENT, CONFIRMED);

        final List<EventTap.Received> got = send(reply(Packet.RST | Packet.ACK, 0, CISN + 1), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.DESTROY, TcpState.CLOSE, DYING_CONFIRMED);
        assertThat(got.get(0).event().flow().original()).isEqualTo(T);
        assertEventTimeout(got.get(0), 120);
        assertThat(getErrno(T)).as("GET after the RST").isEqualTo(2);
        assertThat(ct.dumpAll()).isEmpty();
    }

    @Test
    @DisplayName("42. first packets SYN/ACK, FIN/ACK, RST, no flags, SYN+FIN: no entry, no event, invalid grows "
        + "by invalidPerPacket() each (kernel on lo: 2)")
    void s42_invalidFirstPackets() {
        final int[] flags = {Packet.SYN | Packet.ACK, Packet.FIN | Packet.ACK, Packet.RST, 0,
            Packet.SYN | Packet.FIN};
        for (int i = 0; i < flags.length; i++) {
            final long before = invalid();
            final int port = 41000 + i;
            final List<EventTap.Received> got = send(Packet.tcp(CLI, port, SRV, SPORT, flags[i]).withSeq(CISN)
                .withAck(1), 0);
            assertThat(got).as("events for flags 0x%02x", flags[i]).isEmpty();
            assertThat(getErrno(Tuple.tcp(CLI, SRV, port, SPORT))).as("GET, flags 0x%02x", flags[i]).isEqualTo(2);
            assertThat(invalid() - before).as("invalid delta, flags 0x%02x", flags[i])
                .isEqualTo(kernel.invalidPerPacket());
        }
        assertThat(ct.dumpAll()).isEmpty();
    }

    @Test
    @DisplayName("43. SYN_SENT: an orig ACK and an orig FIN/ACK are invalid (state, status and timeout kept, no "
        + "event); a reply ACK is ignored (state and timeout kept) but sets SEEN_REPLY (one UPDATE, status 10)")
    void s43_packetsInSynSent() {
        assertThat(send(syn(), 1)).hasSize(1);
        kernel.advance(Duration.ofSeconds(2));
        assertThat(send(syn(), 0)).as("a retransmitted SYN (§2.5: no refresh, no event)").isEmpty();
        assertEntry(T, TcpState.SYN_SENT, 118, CONFIRMED);
        for (final Packet p : List.of(orig(Packet.ACK, CISN + 1, SISN + 1),
            orig(Packet.FIN | Packet.ACK, CISN + 1, SISN + 1))) {
            final long before = invalid();
            assertThat(send(p, 0)).as("events for %s", p).isEmpty();
            assertThat(invalid() - before).as("invalid delta for flags 0x%02x", p.flags())
                .isEqualTo(kernel.invalidPerPacket());
            assertEntry(T, TcpState.SYN_SENT, 118, CONFIRMED);
        }
        final long before = invalid();
        final List<EventTap.Received> got = send(reply(Packet.ACK, SISN, CISN + 1), 1);
        assertThat(invalid()).as("an ignored packet is not invalid").isEqualTo(before);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, null, REPLIED);
        assertEntry(T, TcpState.SYN_SENT, 118, REPLIED);
    }

    @Test
    @DisplayName("44. tcp_loose=1: a mid-stream orig ACK creates ESTABLISHED, timeout 300, status 8 (NEW); a reply "
        + "ACK keeps <= 300 and sets SEEN_REPLY (UPDATE 10); the next packet sets ASSURED and 432000 (UPDATE 14). "
        + "tcp_loose=0: the first ACK creates nothing (invalid)")
    void s44_loosePickup() {
        final Packet ack = orig(Packet.ACK, 1000, 2000);
        List<EventTap.Received> got = send(ack, 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.NEW, TcpState.ESTABLISHED, CONFIRMED);
        assertEventTimeout(got.get(0), 300);
        assertEntry(T, TcpState.ESTABLISHED, 300, CONFIRMED);
        assertTcpFlags(get(T), 0x0a, 0x0a); // §2.5: SACK_PERM|BE_LIBERAL both ways

        got = send(reply(Packet.ACK, 2000, 1000), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, null, REPLIED);
        assertEventTimeout(got.get(0), 300);
        assertEntry(T, TcpState.ESTABLISHED, 300, REPLIED);

        got = send(ack.withWindow(65000), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, null, ASSURED);
        assertEventTimeout(got.get(0), 432000);
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);

        sysctl(Sysctl.TCP_LOOSE, 0);
        final long before = invalid();
        final Tuple other = Tuple.tcp(CLI, SRV, 40002, SPORT);
        assertThat(send(Packet.tcp(CLI, 40002, SRV, SPORT, Packet.ACK).withSeq(1000).withAck(2000), 0)).isEmpty();
        assertThat(getErrno(other)).isEqualTo(2);
        assertThat(invalid() - before).isEqualTo(kernel.invalidPerPacket());
        assertThat(ct.dumpAll()).hasSize(1);
    }

    @Test
    @DisplayName("45. ESTABLISHED (timeout_max_retrans=200, timeout_unacknowledged=250): the handshake ACK repeated "
        + "3 times (4th identical) gives 200, a different packet 432000; 10 bytes unacknowledged give 250, the ACK "
        + "432000; a zero window gives 200, a non-zero window 432000")
    void s45_retransmissionsUnackedDataAndZeroWindow() {
        sysctl(Sysctl.TCP_TIMEOUT_MAX_RETRANS, 200);
        sysctl(Sysctl.TCP_TIMEOUT_UNACKNOWLEDGED, 250);
        handshake();
        kernel.inject(handshakeAck());
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
        kernel.inject(handshakeAck());
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
        kernel.inject(handshakeAck());
        assertEntry(T, TcpState.ESTABLISHED, 200, ASSURED);
        kernel.inject(handshakeAck());
        assertEntry(T, TcpState.ESTABLISHED, 200, ASSURED);
        kernel.inject(handshakeAck().withWindow(65000));
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);

        kernel.inject(orig(Packet.ACK | Packet.PSH, CISN + 1, SISN + 1).withPayload(10));
        assertEntry(T, TcpState.ESTABLISHED, 250, ASSURED);
        kernel.inject(reply(Packet.ACK, SISN + 1, CISN + 11));
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);

        kernel.inject(reply(Packet.ACK, SISN + 1, CISN + 11).withWindow(0));
        assertEntry(T, TcpState.ESTABLISHED, 200, ASSURED);
        kernel.inject(reply(Packet.ACK, SISN + 1, CISN + 11).withWindow(1000));
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
        assertThat(eventsAfter(0)).as("no state change, no event").isEmpty();
    }

    @Test
    @DisplayName("45 (extra, §2.6 rule 4). last_win is 0 until the first ACK-class packet: with "
        + "timeout_max_retrans=50 the SYN gets 50 (not 120) and the SYN/ACK 50 (not 60); the handshake ACK 432000")
    void s45b_zeroLastWindowBeforeTheFirstAck() {
        sysctl(Sysctl.TCP_TIMEOUT_MAX_RETRANS, 50);
        List<EventTap.Received> got = send(syn(), 1);
        assertThat(got).hasSize(1);
        assertEventTimeout(got.get(0), 50);
        assertEntry(T, TcpState.SYN_SENT, 50, CONFIRMED);
        got = send(synAck(), 1);
        assertThat(got).hasSize(1);
        assertEventTimeout(got.get(0), 50);
        assertEntry(T, TcpState.SYN_RECV, 50, REPLIED);
        got = send(handshakeAck(), 1);
        assertThat(got).hasSize(1);
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
    }

    @Test
    @DisplayName("45 (extra, §2.5 [S]). ASSURED: an out-of-window FIN from one side is invalid (432000 kept); an "
        + "out-of-window FIN from the other side then lowers the timeout to timeout_unacknowledged (300)")
    void s45c_invalidFinsFromBothSidesShortenTheTimeout() {
        handshake();
        final long before = invalid();
        assertThat(send(orig(Packet.FIN | Packet.ACK, CISN + 1 + 10_000_000, SISN + 1), 0)).isEmpty();
        assertThat(invalid() - before).isEqualTo(kernel.invalidPerPacket());
        assertEntry(T, TcpState.ESTABLISHED, 432000, ASSURED);
        assertThat(send(reply(Packet.FIN | Packet.ACK, SISN + 1 + 10_000_000, CISN + 1), 0)).isEmpty();
        assertThat(invalid() - before).isEqualTo(2L * kernel.invalidPerPacket());
        assertEntry(T, TcpState.ESTABLISHED, 300, ASSURED);
    }

    @Test
    @DisplayName("46. UDP: first packet NEW status 8 timeout 30; first reply UPDATE status 10 timeout 30; a packet "
        + "> 2 s after creation UPDATE status 14 timeout 120; packets that change nothing give no event")
    void s46_udp() {
        final Packet p = Packet.udp(CLI, 1, SRV, 2, 10);
        List<EventTap.Received> got = send(p, 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.NEW, null, CONFIRMED);
        assertEventTimeout(got.get(0), 30);
        assertUdp(CONFIRMED, 30);
        assertThat(send(p, 0)).as("second orig packet").isEmpty();

        got = send(p.reversed(), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, null, REPLIED);
        assertEventTimeout(got.get(0), 30);
        assertUdp(REPLIED, 30);
        assertThat(send(p.reversed(), 0)).as("second reply within 2 s").isEmpty();
        assertUdp(REPLIED, 30);

        kernel.advance(Duration.ofMillis(2300));
        got = send(p, 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, null, ASSURED);
        assertEventTimeout(got.get(0), 120);
        assertUdp(ASSURED, 120);
        assertThat(send(p.reversed(), 0)).as("a packet on an assured stream").isEmpty();
        assertUdp(ASSURED, 120);
        assertThat(ct.dumpAll()).hasSize(1);
    }

    private void assertUdp(final long status, final long timeout) {
        final Flow f = get(A);
        assertThat(f.reply()).contains(A_REPLY);
        assertThat(status(f)).as("status of %s", f).isEqualTo(status);
        assertThat(f.timeout().get()).as("timeout of %s", f).isBetween(timeout - SLACK, timeout);
    }

    @Test
    @DisplayName("47. ICMP echo request + reply: one entry (8/0, same id), status 10, timeout 30, never ASSURED, "
        + "not deleted on reply; another id gives a second entry; ICMPv6 128/129 alike")
    void s47_icmpEcho() {
        checkEcho(CLI, SRV, 8, 0, 1);
        checkEcho(CLI6, SRV6, 128, 129, 3);
        // §3.1: only request types create entries; an unsolicited echo reply is invalid
        final long before = invalid();
        assertThat(send(Packet.icmp(CLI, SRV, 0, 0, 999), 0)).isEmpty();
        assertThat(invalid() - before).isEqualTo(kernel.invalidPerPacket());
        assertThat(ct.dumpAll()).hasSize(4);
    }

    private void checkEcho(final String a, final String b, final int request, final int replyType,
                           final int entriesAfter) {
        final Tuple t = Tuple.icmp(a, b, request, 0, 1234);
        List<EventTap.Received> got = send(Packet.icmp(a, b, request, 0, 1234), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.NEW, null, CONFIRMED);
        assertEventTimeout(got.get(0), 30);
        got = send(Packet.icmp(b, a, replyType, 0, 1234), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.UPDATE, null, REPLIED);
        Flow f = get(t);
        assertThat(f.reply()).contains(Tuple.icmp(b, a, replyType, 0, 1234));
        assertThat(status(f)).isEqualTo(REPLIED);
        assertThat(f.timeout().get()).isBetween(30 - SLACK, 30L);

        assertThat(send(Packet.icmp(a, b, request, 0, 1234), 0)).as("second request").isEmpty();
        assertThat(send(Packet.icmp(b, a, replyType, 0, 1234), 0)).as("second reply").isEmpty();
        f = get(t);
        assertThat(status(f)).as("never ASSURED").isEqualTo(REPLIED);
        assertThat(get(Tuple.icmp(b, a, replyType, 0, 1234)).original()).as("found by the reply tuple").isEqualTo(t);

        got = send(Packet.icmp(a, b, request, 0, 1235), 1);
        assertThat(got).hasSize(1);
        assertEvent(got.get(0), EventType.NEW, null, CONFIRMED);
        assertThat(get(Tuple.icmp(a, b, request, 0, 1235)).original()).isEqualTo(Tuple.icmp(a, b, request, 0, 1235));
        assertThat(ct.dumpAll()).hasSize(entriesAfter + 1);
    }

    @Test
    @DisplayName("49. nf_conntrack_acct=1: UDP packets counted per direction in L3 bytes; GET_CTRZERO returns the "
        + "counts, later reads show 0; the DESTROY event carries the final counters")
    void s49_accounting() {
        sysctl(Sysctl.ACCT, 1);
        final Packet p10 = Packet.udp(CLI, 1, SRV, 2, 10);
        final Packet p20 = p10.withPayload(20);
        final Packet r5 = p10.reversed().withPayload(5);
        assertThat(p10.l3Length()).isEqualTo(38);
        kernel.inject(p10);
        kernel.inject(p20);
        kernel.inject(r5);
        eventsAfter(2);

        final Counters o = new Counters(2, p10.l3Length() + p20.l3Length());
        final Counters r = new Counters(1, r5.l3Length());
        Flow f = get(A);
        assertThat(f.countersOriginal()).contains(o);
        assertThat(f.countersReply()).contains(r);

        final CtClient.Reply zero = ct.request(CT_GET_CTRZERO, 0, CtClient.INET, 0,
            w -> w.tuple(CTA_TUPLE_ORIG, A));
        assertThat(zero.errno()).isZero();
        assertThat(zero.flow().countersOriginal()).as("GET_CTRZERO returns the values before zeroing").contains(o);
        assertThat(zero.flow().countersReply()).contains(r);
        f = get(A);
        assertThat(f.countersOriginal()).contains(Counters.ZERO);
        assertThat(f.countersReply()).contains(Counters.ZERO);
        assertThat(ct.dumpAll().get(0).countersOriginal()).contains(Counters.ZERO);

        final Packet p7 = p10.withPayload(7);
        kernel.inject(p7);
        assertThat(get(A).countersOriginal()).contains(new Counters(1, 35));
        eventsAfter(0);
        assertThat(ct.delete(A, w -> { }).errno()).isZero();
        final List<EventTap.Received> got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).event().type()).isEqualTo(EventType.DESTROY);
        assertThat(got.get(0).event().flow().countersOriginal()).contains(new Counters(1, p7.l3Length()));
        assertThat(got.get(0).event().flow().countersReply()).contains(Counters.ZERO);
    }

    @Test
    @DisplayName("49 (extra, §9.4 [S]). TCP with acct: invalid and ignored packets are not counted; an RST before "
        + "any reply deletes the entry and its DESTROY carries counters that include the RST")
    void s49b_tcpAccounting() {
        sysctl(Sysctl.ACCT, 1);
        final Packet syn = syn();
        assertThat(syn.l3Length()).isEqualTo(40);
        kernel.inject(syn);
        kernel.inject(orig(Packet.ACK, CISN + 1, SISN + 1)); // invalid in SYN_SENT
        kernel.inject(reply(Packet.ACK, SISN, CISN + 1));    // ignored, sets SEEN_REPLY
        eventsAfter(2);
        Flow f = get(T);
        assertThat(f.countersOriginal()).as("only the SYN").contains(new Counters(1, 40));
        assertThat(f.countersReply()).as("the ignored reply ACK is not counted").contains(Counters.ZERO);

        final Tuple u = Tuple.tcp(CLI, SRV, 40020, SPORT);
        final Packet s2 = Packet.tcp(CLI, 40020, SRV, SPORT, Packet.SYN).withSeq(CISN).withPayload(0);
        kernel.inject(s2);
        eventsAfter(1);
        final Packet rst = s2.reversed().withFlags(Packet.RST | Packet.ACK).withSeq(0).withAck(CISN + 1);
        final List<EventTap.Received> got = send(rst, 1);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).event().type()).isEqualTo(EventType.DESTROY);
        assertThat(got.get(0).event().flow().countersOriginal()).contains(new Counters(1, 40));
        assertThat(got.get(0).event().flow().countersReply()).as("the RST is counted").contains(new Counters(1, 40));
        assertThat(getErrno(u)).isEqualTo(2);
    }
}
