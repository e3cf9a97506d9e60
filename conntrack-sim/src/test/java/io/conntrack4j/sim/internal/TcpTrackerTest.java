package io.conntrack4j.sim.internal;

import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Sysctls;
import io.conntrack4j.sim.internal.TcpResult.Verdict;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.conntrack4j.sim.Packet.ACK;
import static io.conntrack4j.sim.Packet.FIN;
import static io.conntrack4j.sim.Packet.PSH;
import static io.conntrack4j.sim.Packet.RST;
import static io.conntrack4j.sim.Packet.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** The TCP tracker against the kernel semantics of §2 and contract statements 38-45. */
class TcpTrackerTest {
    private static final Sysctls DEFAULTS = Sysctls.defaults();
    private static final Sysctls LIBERAL = DEFAULTS.with(Sysctl.TCP_BE_LIBERAL, 1);
    /** Above 2^31, so signed arithmetic would go wrong. */
    private static final long CLIENT_ISN = 3_000_000_000L;
    private static final long SERVER_ISN = 1_000_000_000L;

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private static Packet client(final int flags, final long seq, final long ack) {
        return Packet.tcp("10.0.0.1", 40000, "10.0.0.2", 80, flags).withSeq(seq & 0xFFFF_FFFFL)
            .withAck(ack & 0xFFFF_FFFFL).withWindow(502);
    }

    private static Packet server(final int flags, final long seq, final long ack) {
        return Packet.tcp("10.0.0.2", 80, "10.0.0.1", 40000, flags).withSeq(seq & 0xFFFF_FFFFL)
            .withAck(ack & 0xFFFF_FFFFL).withWindow(509);
    }

    private static Packet clientSyn() {
        return client(SYN, CLIENT_ISN, 0).withWindow(64240).withOptions(7, true);
    }

    private static Packet serverSynAck() {
        return server(SYN | ACK, SERVER_ISN, CLIENT_ISN + 1).withWindow(65160).withOptions(7, true);
    }

    /** One entry driven as the table drives it: SEEN_REPLY after an accepted/ignored reply, ASSURED on request. */
    private static final class Flow {
        final TcpConnection c;
        final Sysctls s;
        boolean seenReply;
        boolean assured;

        Flow(final TcpConnection c, final Sysctls s) {
            this.c = c;
            this.s = s;
        }

        static Flow open(final Packet first, final Sysctls s) {
            final TcpConnection c = TcpTracker.open(first, s);
            assertThat(c).as("open(%s)", first).isNotNull();
            return new Flow(c, s);
        }

        TcpResult orig(final Packet p) {
            return send(p, false);
        }

        TcpResult reply(final Packet p) {
            return send(p, true);
        }

        TcpResult send(final Packet p, final boolean reply) {
            final TcpResult r = TcpTracker.track(c, p, reply, seenReply, assured, s);
            if (r.verdict() == Verdict.ACCEPT || r.verdict() == Verdict.IGNORE) {
                seenReply |= reply;
                assured |= r.setAssured();
            }
            return r;
        }
    }

    /** SYN, SYN/ACK, ACK with window scaling and SACK; the result is ESTABLISHED and assured. */
    private static Flow established(final Sysctls s) {
        final Flow f = Flow.open(clientSyn(), s);
        f.orig(clientSyn());
        f.reply(serverSynAck());
        final TcpResult r = f.orig(client(ACK, CLIENT_ISN + 1, SERVER_ISN + 1));
        assertThat(r).isEqualTo(accept(TcpState.ESTABLISHED, 432000, true, true));
        return f;
    }

    private static TcpResult accept(final TcpState state, final long timeout, final boolean assured,
                                    final boolean changed) {
        return new TcpResult(Verdict.ACCEPT, state, timeout, assured, changed);
    }

    private static TcpResult unchanged(final Verdict verdict, final TcpState state) {
        return new TcpResult(verdict, state, -1, false, false);
    }

    private static ProtoInfo.Tcp flags(final TcpState state, final int orig, final int origMask, final int reply,
                                       final int replyMask) {
        return new ProtoInfo.Tcp(state, Option.none(), Option.none(), Option.some(new TcpFlags(orig, origMask)),
            Option.some(new TcpFlags(reply, replyMask)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // §2.6 verified sequence, contract 38-40

    @Test
    void verifiedSequenceFromSynToTimeWaitThenReopen() {
        final Flow f = Flow.open(clientSyn(), DEFAULTS);
        assertThat(f.c.state()).isEqualTo(TcpState.NONE);
        assertThat(f.orig(clientSyn())).isEqualTo(accept(TcpState.SYN_SENT, 120, false, true));
        assertThat(f.reply(serverSynAck())).isEqualTo(accept(TcpState.SYN_RECV, 60, false, true));
        assertThat(f.seenReply).isTrue();
        assertThat(f.orig(client(ACK, CLIENT_ISN + 1, SERVER_ISN + 1)))
            .isEqualTo(accept(TcpState.ESTABLISHED, 432000, true, true));
        assertThat(f.orig(client(FIN | ACK, CLIENT_ISN + 1, SERVER_ISN + 1)))
            .isEqualTo(accept(TcpState.FIN_WAIT, 120, false, true));
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 2)))
            .isEqualTo(accept(TcpState.CLOSE_WAIT, 60, false, true));
        assertThat(f.reply(server(FIN | ACK, SERVER_ISN + 1, CLIENT_ISN + 2)))
            .isEqualTo(accept(TcpState.LAST_ACK, 30, false, true));
        assertThat(f.orig(client(ACK, CLIENT_ISN + 2, SERVER_ISN + 2)))
            .isEqualTo(accept(TcpState.TIME_WAIT, 120, false, true));

        final Packet newSyn = client(SYN, CLIENT_ISN + 100_000, 0).withWindow(64240);
        assertThat(f.orig(newSyn)).isEqualTo(unchanged(Verdict.REOPEN, TcpState.TIME_WAIT));
        final Flow again = Flow.open(newSyn, DEFAULTS);
        assertThat(again.orig(newSyn)).isEqualTo(accept(TcpState.SYN_SENT, 120, false, true));
    }

    @Test
    void handshakeReportsWindowScalesAndFlags() {
        final Flow f = established(DEFAULTS);
        final int expected = TcpFlags.WINDOW_SCALE | TcpFlags.SACK_PERM | TcpFlags.MAXACK_SET;
        assertThat(f.c.toProtoInfo()).isEqualTo(new ProtoInfo.Tcp(TcpState.ESTABLISHED, Option.some(7),
            Option.some(7), Option.some(new TcpFlags(expected, 0)), Option.some(new TcpFlags(expected, 0))));
    }

    @Test
    void windowScalingNeedsBothSyns() {
        final Flow f = Flow.open(clientSyn(), DEFAULTS);
        f.orig(clientSyn());
        f.reply(serverSynAck().withOptions(-1, false));
        final ProtoInfo.Tcp info = f.c.toProtoInfo();
        assertThat(info.wscaleOriginal()).contains(0);
        assertThat(info.wscaleReply()).contains(0);
        assertThat(info.flagsOriginal().get().flags() & TcpFlags.WINDOW_SCALE).isEqualTo(TcpFlags.WINDOW_SCALE);
        assertThat(info.flagsReply().get().flags() & TcpFlags.WINDOW_SCALE).isZero();
    }

    /** Crossing 2^32 catches long arithmetic, crossing 2^31 catches signed int comparisons. */
    @ParameterizedTest(name = "client ISN {0}")
    @ValueSource(longs = {0xFFFF_FFF0L, 0x7FFF_FFF0L})
    void sequenceNumbersWrapAroundU32(final long isn) {
        final Packet syn = client(SYN, isn, 0).withWindow(64240);
        final Flow f = Flow.open(syn, DEFAULTS);
        assertThat(f.orig(syn).state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(f.reply(server(SYN | ACK, SERVER_ISN, isn + 1).withWindow(65160)).state())
            .isEqualTo(TcpState.SYN_RECV);
        assertThat(f.orig(client(ACK, isn + 1, SERVER_ISN + 1))).isEqualTo(accept(TcpState.ESTABLISHED, 432000,
            true, true));
        // 100 bytes crossing 2^32: unacknowledged, then acknowledged at a wrapped number
        assertThat(f.orig(client(PSH | ACK, isn + 1, SERVER_ISN + 1).withPayload(100)).timeoutSeconds())
            .isEqualTo(300);
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, isn + 101))).isEqualTo(accept(TcpState.ESTABLISHED, 432000,
            false, false));
    }

    // ---------------------------------------------------------------------------------------------------------
    // §2.3 transition tables, every cell

    private static final String[] PACKET_CLASSES = {"SYN", "SYN/ACK", "FIN", "ACK", "RST", "NONE"};

    /** §2.3 ORIGINAL table; columns NONE .. SYN_SENT2. */
    private static final String[][] ORIGINAL_TABLE = {
        {"SYN_SENT", "SYN_SENT", "sIG", "sIG", "sIG", "sIG", "sIG", "SYN_SENT*", "SYN_SENT*", "SYN_SENT2"},
        {"sIV", "sIV", "SYN_RECV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "SYN_RECV"},
        {"sIV", "sIV", "FIN_WAIT", "FIN_WAIT", "LAST_ACK", "LAST_ACK", "LAST_ACK", "TIME_WAIT", "CLOSE", "sIV"},
        {"ESTABLISHED", "sIV", "ESTABLISHED", "ESTABLISHED", "CLOSE_WAIT", "CLOSE_WAIT", "TIME_WAIT", "TIME_WAIT",
            "CLOSE", "sIV"},
        {"sIV", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE"},
        {"sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV"},
    };

    /** §2.3 REPLY table. */
    private static final String[][] REPLY_TABLE = {
        {"sIV", "SYN_SENT2", "sIV", "sIV", "sIV", "sIV", "sIV", "SYN_SENT*", "sIV", "SYN_SENT2"},
        {"sIV", "SYN_RECV", "sIG", "sIG", "sIG", "sIG", "sIG", "sIG", "sIG", "SYN_RECV"},
        {"sIV", "sIV", "FIN_WAIT", "FIN_WAIT", "LAST_ACK", "LAST_ACK", "LAST_ACK", "TIME_WAIT", "CLOSE", "sIV"},
        {"sIV", "sIG", "SYN_RECV", "ESTABLISHED", "CLOSE_WAIT", "CLOSE_WAIT", "TIME_WAIT", "TIME_WAIT", "CLOSE",
            "sIG"},
        {"sIV", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE"},
        {"sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV", "sIV"},
    };

    static Stream<Arguments> transitionCells() {
        final List<Arguments> cells = new ArrayList<>();
        for (int row = 0; row < PACKET_CLASSES.length; row++) {
            for (final TcpState state : TcpState.values()) {
                cells.add(Arguments.of("ORIGINAL", PACKET_CLASSES[row], state, ORIGINAL_TABLE[row][state.value()]));
                cells.add(Arguments.of("REPLY", PACKET_CLASSES[row], state, REPLY_TABLE[row][state.value()]));
            }
        }
        return cells.stream();
    }

    private static int flagsOf(final String packetClass) {
        switch (packetClass) {
            case "SYN":
                return SYN;
            case "SYN/ACK":
                return SYN | ACK;
            case "FIN":
                return FIN | ACK;
            case "ACK":
                return ACK;
            case "RST":
                return RST | ACK;
            default:
                return 0;
        }
    }

    /**
     * Each cell on an entry created through ctnetlink in that state, SEEN_REPLY set and be_liberal on, so only the
     * table decides. A reopen cell ({@code *}) is tested with a FIN seen before (CLOSE_INIT), so it reopens.
     */
    @ParameterizedTest(name = "{0} {1} in {2} -> {3}")
    @MethodSource("transitionCells")
    void transitionTableCell(final String direction, final String packetClass, final TcpState state,
                             final String expected) {
        final boolean reply = "REPLY".equals(direction);
        final TcpConnection c = TcpConnection.fromNetlink(state);
        if (expected.endsWith("*")) {
            c.applyNetlink(flags(state, TcpFlags.CLOSE_INIT, TcpFlags.CLOSE_INIT, 0, 0));
        }
        final Packet p = (reply ? server(0, 1000, 5000) : client(0, 1000, 5000)).withFlags(flagsOf(packetClass));
        final TcpResult r = TcpTracker.track(c, p, reply, true, false, LIBERAL);
        switch (expected) {
            case "sIV":
                assertThat(r).isEqualTo(unchanged(Verdict.INVALID, state));
                assertThat(c.state()).isEqualTo(state);
                break;
            case "sIG":
                assertThat(r).isEqualTo(unchanged(Verdict.IGNORE, state));
                assertThat(c.state()).isEqualTo(state);
                break;
            case "SYN_SENT*":
                assertThat(r).isEqualTo(unchanged(Verdict.REOPEN, state));
                break;
            default:
                final TcpState next = TcpState.valueOf(expected);
                assertThat(r.verdict()).isEqualTo(Verdict.ACCEPT);
                assertThat(r.state()).isEqualTo(next);
                assertThat(r.stateChanged()).isEqualTo(next != state);
                assertThat(c.state()).isEqualTo(next);
        }
    }

    @ParameterizedTest(name = "SYN in {0} without FIN or RST before is ignored")
    @ValueSource(strings = {"TIME_WAIT", "CLOSE"})
    void synInClosedStateWithoutReasonIsIgnored(final String name) {
        final TcpState state = TcpState.valueOf(name);
        final TcpConnection c = TcpConnection.fromNetlink(state);
        assertThat(TcpTracker.track(c, client(SYN, 1000, 0), false, true, false, LIBERAL))
            .isEqualTo(unchanged(Verdict.IGNORE, state));
    }

    @Test
    void synAfterOwnRstReopensButNotAfterAnAckInBetween() {
        final Flow f = established(DEFAULTS);
        assertThat(f.orig(client(RST, CLIENT_ISN + 1, 0))).isEqualTo(accept(TcpState.CLOSE, 10, false, true));
        assertThat(f.orig(client(SYN, CLIENT_ISN + 5000, 0)).verdict()).isEqualTo(Verdict.REOPEN);

        final Flow g = established(DEFAULTS);
        g.orig(client(RST, CLIENT_ISN + 1, 0));
        assertThat(g.orig(client(ACK, CLIENT_ISN + 1, SERVER_ISN + 1))).isEqualTo(accept(TcpState.CLOSE, 10, false,
            false));
        assertThat(g.orig(client(SYN, CLIENT_ISN + 5000, 0))).isEqualTo(unchanged(Verdict.IGNORE, TcpState.CLOSE));
    }

    @Test
    void replySynInTimeWaitReopens() {
        final Flow f = established(DEFAULTS);
        f.orig(client(FIN | ACK, CLIENT_ISN + 1, SERVER_ISN + 1));
        f.reply(server(FIN | ACK, SERVER_ISN + 1, CLIENT_ISN + 2));
        assertThat(f.orig(client(ACK, CLIENT_ISN + 2, SERVER_ISN + 2)).state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(f.reply(server(SYN, SERVER_ISN + 9000, 0)).verdict()).isEqualTo(Verdict.REOPEN);
    }

    // ---------------------------------------------------------------------------------------------------------
    // contract 41-44

    @ParameterizedTest(name = "first packet with flags {0} creates nothing")
    @ValueSource(ints = {SYN | ACK, FIN | ACK, RST, RST | ACK, 0, SYN | FIN, FIN, SYN | RST, PSH, ACK | FIN | SYN})
    void invalidFirstPackets(final int flags) {
        assertThat(TcpTracker.open(client(flags, 1000, 2000), DEFAULTS)).isNull();
    }

    @Test
    void synOpensAndPushEceCwrAreIgnoredByTheFlagCheck() {
        assertThat(TcpTracker.open(client(SYN, 1000, 0), DEFAULTS)).isNotNull();
        assertThat(TcpTracker.open(client(SYN | Packet.ECE | Packet.CWR, 1000, 0), DEFAULTS)).isNotNull();
        assertThat(TcpTracker.open(client(PSH | ACK, 1000, 2000), DEFAULTS)).isNotNull();
    }

    @Test
    void synSentRejectsOrigAckAndFinButIgnoresReplyAck() {
        final Flow f = Flow.open(clientSyn(), DEFAULTS);
        f.orig(clientSyn());
        final String before = f.c.toString();
        assertThat(f.orig(client(ACK, CLIENT_ISN + 1, 777))).isEqualTo(unchanged(Verdict.INVALID,
            TcpState.SYN_SENT));
        assertThat(f.orig(client(FIN | ACK, CLIENT_ISN + 1, 777))).isEqualTo(unchanged(Verdict.INVALID,
            TcpState.SYN_SENT));
        assertThat(f.c.toString()).isEqualTo(before);
        assertThat(f.reply(server(ACK, 5555, CLIENT_ISN + 1))).isEqualTo(unchanged(Verdict.IGNORE,
            TcpState.SYN_SENT));
        assertThat(f.seenReply).isTrue();
    }

    @Test
    void synRetransmitBeforeReplyDoesNotRefresh() {
        final Flow f = Flow.open(clientSyn(), DEFAULTS);
        assertThat(f.orig(clientSyn()).timeoutSeconds()).isEqualTo(120);
        assertThat(f.orig(clientSyn())).isEqualTo(accept(TcpState.SYN_SENT, -1, false, false));
    }

    @Test
    void rstInEstablishedClosesWithTenSeconds() {
        final Flow f = established(DEFAULTS);
        assertThat(f.orig(client(RST, CLIENT_ISN + 1, 0))).isEqualTo(accept(TcpState.CLOSE, 10, false, true));
        assertThat(f.c.state()).isEqualTo(TcpState.CLOSE);
    }

    @Test
    void replyRstBeforeAnyReplyDestroys() {
        final Flow f = Flow.open(clientSyn(), DEFAULTS);
        f.orig(clientSyn());
        final TcpResult r = f.reply(server(RST | ACK, 0, CLIENT_ISN + 1));
        assertThat(r.verdict()).isEqualTo(Verdict.DESTROY);
        assertThat(r.state()).isEqualTo(TcpState.CLOSE);
    }

    @Test
    void rstNotExactlyAtTheAckKeepsStateButShortensTimeout() {
        final Flow f = established(DEFAULTS);
        assertThat(f.orig(client(RST, CLIENT_ISN + 101, 0))).isEqualTo(accept(TcpState.ESTABLISHED, 10, false,
            false));
    }

    @Test
    void rstBeforeThePeersAckIsInvalidUnlessIgnoreInvalidRst() {
        final Flow f = established(DEFAULTS);
        assertThat(f.orig(client(RST, CLIENT_ISN - 999, 0))).isEqualTo(unchanged(Verdict.INVALID,
            TcpState.ESTABLISHED));
        final Flow g = established(DEFAULTS.with(Sysctl.TCP_IGNORE_INVALID_RST, 1));
        assertThat(g.orig(client(RST, CLIENT_ISN - 999, 0))).isEqualTo(accept(TcpState.ESTABLISHED, 10, false,
            false));
    }

    @Test
    void loosePickupCapsUntilTheReplyThenAssures() {
        final Packet ack = client(ACK, 5000, 9000).withWindow(1000);
        final Flow f = Flow.open(ack, DEFAULTS);
        assertThat(f.orig(ack)).isEqualTo(accept(TcpState.ESTABLISHED, 300, false, true));
        final int pickedUp = TcpFlags.SACK_PERM | TcpFlags.BE_LIBERAL;
        assertThat(f.c.toProtoInfo().flagsOriginal()).contains(new TcpFlags(pickedUp, 0));
        assertThat(f.c.toProtoInfo().flagsReply()).contains(new TcpFlags(pickedUp, 0));
        assertThat(f.reply(server(ACK, 9000, 5000).withWindow(1000))).isEqualTo(accept(TcpState.ESTABLISHED, 300,
            false, false));
        assertThat(f.orig(ack)).isEqualTo(accept(TcpState.ESTABLISHED, 432000, true, false));
    }

    @Test
    void noPickupWithoutTcpLoose() {
        assertThat(TcpTracker.open(client(ACK, 5000, 9000), DEFAULTS.with(Sysctl.TCP_LOOSE, 0))).isNull();
        assertThat(TcpTracker.open(client(SYN, 5000, 0), DEFAULTS.with(Sysctl.TCP_LOOSE, 0))).isNotNull();
    }

    // ---------------------------------------------------------------------------------------------------------
    // contract 45 and §2.4

    @Test
    void threeRetransmissionsCapTheTimeoutAndADifferentPacketRestoresIt() {
        final Flow f = established(DEFAULTS);
        final Packet ack = client(ACK, CLIENT_ISN + 1, SERVER_ISN + 1);
        assertThat(f.orig(ack).timeoutSeconds()).isEqualTo(432000);
        assertThat(f.orig(ack).timeoutSeconds()).isEqualTo(432000);
        assertThat(f.orig(ack)).isEqualTo(accept(TcpState.ESTABLISHED, 300, false, false));
        assertThat(f.orig(ack).timeoutSeconds()).isEqualTo(300);
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 1)).timeoutSeconds()).isEqualTo(432000);
    }

    @Test
    void retransmissionCapFollowsTheSysctls() {
        final Flow f = established(DEFAULTS.with(Sysctl.TCP_MAX_RETRANS, 1)
            .with(Sysctl.TCP_TIMEOUT_MAX_RETRANS, 200));
        final Packet ack = client(ACK, CLIENT_ISN + 1, SERVER_ISN + 1);
        assertThat(f.orig(ack).timeoutSeconds()).isEqualTo(200);
        assertThat(f.orig(ack.withWindow(600)).timeoutSeconds()).isEqualTo(432000);
    }

    @Test
    void unacknowledgedDataCapsTheTimeoutUntilAcked() {
        final Flow f = established(DEFAULTS);
        assertThat(f.orig(client(PSH | ACK, CLIENT_ISN + 1, SERVER_ISN + 1).withPayload(10)))
            .isEqualTo(accept(TcpState.ESTABLISHED, 300, false, false));
        assertThat(f.c.toProtoInfo().flagsOriginal().get().flags() & TcpFlags.DATA_UNACKNOWLEDGED)
            .isEqualTo(TcpFlags.DATA_UNACKNOWLEDGED);
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 11)).timeoutSeconds()).isEqualTo(432000);
        assertThat(f.c.toProtoInfo().flagsOriginal().get().flags() & TcpFlags.DATA_UNACKNOWLEDGED).isZero();
    }

    @Test
    void zeroWindowCapsTheTimeout() {
        final Flow f = established(DEFAULTS);
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 1).withWindow(0)))
            .isEqualTo(accept(TcpState.ESTABLISHED, 300, false, false));
        assertThat(f.orig(client(ACK, CLIENT_ISN + 1, SERVER_ISN + 1).withWindow(400)).timeoutSeconds())
            .isEqualTo(432000);
    }

    @Test
    void outOfWindowDataIsInvalidUnlessBeLiberal() {
        final Flow f = established(DEFAULTS);
        final Packet far = client(PSH | ACK, CLIENT_ISN + 1 + 10_000_000, SERVER_ISN + 1).withPayload(100);
        final String before = f.c.toString();
        assertThat(f.orig(far)).isEqualTo(unchanged(Verdict.INVALID, TcpState.ESTABLISHED));
        assertThat(f.orig(client(ACK, CLIENT_ISN + 1, SERVER_ISN + 5001))).isEqualTo(unchanged(Verdict.INVALID,
            TcpState.ESTABLISHED));
        assertThat(f.c.toString()).isEqualTo(before);

        final Flow g = established(LIBERAL);
        assertThat(g.orig(far)).isEqualTo(accept(TcpState.ESTABLISHED, 432000, false, false));
        assertThat(g.orig(client(SYN | ACK, CLIENT_ISN, SERVER_ISN + 1)))
            .isEqualTo(unchanged(Verdict.INVALID, TcpState.ESTABLISHED));
    }

    @Test
    void perDirectionBeLiberalFlagAcceptsOutOfWindowData() {
        final Flow f = established(DEFAULTS);
        f.c.applyNetlink(flags(TcpState.ESTABLISHED, TcpFlags.BE_LIBERAL, TcpFlags.BE_LIBERAL, 0, 0));
        final Packet far = client(PSH | ACK, CLIENT_ISN + 1 + 10_000_000, SERVER_ISN + 1).withPayload(100);
        assertThat(f.orig(far).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(f.reply(far.reversed().withSeq(SERVER_ISN + 1 + 10_000_000).withAck(CLIENT_ISN + 1)).verdict())
            .isEqualTo(Verdict.INVALID);
    }

    @Test
    void smallOvershootIsIgnoredButAdvancesTheEnd() {
        final Flow f = established(DEFAULTS);
        // the SYN/ACK's window (65160, unscaled) bounds what the client may send
        final long maxEnd = CLIENT_ISN + 1 + 65160;
        assertThat(f.orig(client(PSH | ACK, maxEnd + 1, SERVER_ISN + 1).withPayload(10)))
            .isEqualTo(unchanged(Verdict.IGNORE, TcpState.ESTABLISHED));
        assertThat(f.c.toProtoInfo().flagsOriginal().get().flags() & TcpFlags.DATA_UNACKNOWLEDGED)
            .isEqualTo(TcpFlags.DATA_UNACKNOWLEDGED);
    }

    @Test
    void oldRetransmittedDataIsIgnored() {
        final Flow f = established(DEFAULTS);
        f.orig(client(PSH | ACK, CLIENT_ISN + 1, SERVER_ISN + 1).withPayload(60000));
        f.orig(client(PSH | ACK, CLIENT_ISN + 60001, SERVER_ISN + 1).withPayload(60000));
        f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 120001).withWindow(509));
        // the receiver's maxwin grew to about 120000; data that far behind is a stale retransmission
        assertThat(f.orig(client(PSH | ACK, CLIENT_ISN - 200_000, SERVER_ISN + 1).withPayload(10)))
            .isEqualTo(unchanged(Verdict.IGNORE, TcpState.ESTABLISHED));
    }

    // ---------------------------------------------------------------------------------------------------------
    // §2.3 special cases

    @Test
    void simultaneousOpen() {
        final Packet synA = client(SYN, CLIENT_ISN, 0).withWindow(1000);
        final Flow f = Flow.open(synA, DEFAULTS);
        assertThat(f.orig(synA)).isEqualTo(accept(TcpState.SYN_SENT, 120, false, true));
        // reply SYN in SYN_SENT before SEEN_REPLY: the SYN-retransmit rule means no refresh
        assertThat(f.reply(server(SYN, SERVER_ISN, 0).withWindow(2000)))
            .isEqualTo(accept(TcpState.SYN_SENT2, -1, false, true));
        assertThat(f.orig(client(SYN | ACK, CLIENT_ISN, SERVER_ISN + 1).withWindow(1000)))
            .isEqualTo(accept(TcpState.SYN_RECV, 60, false, true));
        assertThat(f.reply(server(SYN | ACK, SERVER_ISN, CLIENT_ISN + 1).withWindow(2000)))
            .isEqualTo(unchanged(Verdict.IGNORE, TcpState.SYN_RECV));
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 1).withWindow(2000)))
            .isEqualTo(accept(TcpState.ESTABLISHED, 432000, true, true));
    }

    @Test
    void replyAckInSynRecvWithoutSimultaneousOpenStays() {
        final Flow f = Flow.open(clientSyn(), DEFAULTS);
        f.orig(clientSyn());
        f.reply(serverSynAck());
        assertThat(f.reply(server(ACK, SERVER_ISN + 1, CLIENT_ISN + 1))).isEqualTo(accept(TcpState.SYN_RECV, 60,
            false, false));
    }

    @Test
    void synAckAnsweringAnIgnoredSynResynchronises() {
        final Flow f = established(DEFAULTS);
        final long isn = CLIENT_ISN + 7_000_000;
        assertThat(f.orig(client(SYN, isn, 0).withWindow(64240).withOptions(7, true)))
            .isEqualTo(unchanged(Verdict.IGNORE, TcpState.ESTABLISHED));
        assertThat(f.reply(server(SYN | ACK, SERVER_ISN + 5_000_000, isn + 1).withWindow(65160)))
            .isEqualTo(accept(TcpState.SYN_RECV, 60, false, true));
        assertThat(f.orig(client(ACK, isn + 1, SERVER_ISN + 5_000_001)))
            .isEqualTo(accept(TcpState.ESTABLISHED, 432000, false, true));
    }

    @Test
    void synAckNotAnsweringTheIgnoredSynIsIgnored() {
        final Flow f = established(DEFAULTS);
        final long isn = CLIENT_ISN + 7_000_000;
        f.orig(client(SYN, isn, 0));
        assertThat(f.reply(server(SYN | ACK, SERVER_ISN, isn + 2))).isEqualTo(unchanged(Verdict.IGNORE,
            TcpState.ESTABLISHED));
    }

    @Test
    void challengeAckInLastAckIsNotTheFinalAck() {
        final Flow f = established(DEFAULTS);
        f.orig(client(FIN | ACK, CLIENT_ISN + 1, SERVER_ISN + 1));
        f.reply(server(FIN | ACK, SERVER_ISN + 1, CLIENT_ISN + 2));
        assertThat(f.c.state()).isEqualTo(TcpState.LAST_ACK);
        assertThat(f.orig(client(SYN, CLIENT_ISN + 900_000, 0))).isEqualTo(unchanged(Verdict.IGNORE,
            TcpState.LAST_ACK));
        assertThat(f.reply(server(ACK, SERVER_ISN + 2, CLIENT_ISN + 2))).isEqualTo(unchanged(Verdict.IGNORE,
            TcpState.LAST_ACK));
        assertThat(f.orig(client(ACK, CLIENT_ISN + 2, SERVER_ISN + 2)).state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void finSetsCloseInitOnTheClosingSide() {
        final Flow f = established(DEFAULTS);
        f.reply(server(FIN | ACK, SERVER_ISN + 1, CLIENT_ISN + 1));
        assertThat(f.c.toProtoInfo().flagsReply().get().flags() & TcpFlags.CLOSE_INIT)
            .isEqualTo(TcpFlags.CLOSE_INIT);
        assertThat(f.c.toProtoInfo().flagsOriginal().get().flags() & TcpFlags.CLOSE_INIT).isZero();
    }

    @Test
    void desynchronisedFinsFromBothSidesShortenAnAssuredEntry() {
        final Flow f = established(DEFAULTS);
        final TcpResult first = f.orig(client(FIN | ACK, CLIENT_ISN + 1 + 10_000_000, SERVER_ISN + 1));
        assertThat(first).isEqualTo(unchanged(Verdict.INVALID, TcpState.ESTABLISHED));
        final TcpResult second = f.reply(server(FIN | ACK, SERVER_ISN + 1 + 10_000_000, CLIENT_ISN + 1));
        assertThat(second).isEqualTo(new TcpResult(Verdict.INVALID, TcpState.ESTABLISHED, 300, false, false));
    }

    // ---------------------------------------------------------------------------------------------------------
    // ctnetlink

    @Test
    void netlinkCreatedEntryReportsZeroWindowData() {
        assertThat(TcpConnection.fromNetlink(TcpState.NONE).toProtoInfo()).isEqualTo(new ProtoInfo.Tcp(
            TcpState.NONE, Option.some(0), Option.some(0), Option.some(new TcpFlags(0, 0)),
            Option.some(new TcpFlags(0, 0))));
    }

    @Test
    void netlinkCreatedEstablishedEntryLearnsWindowsFromPackets() {
        final Flow f = new Flow(TcpConnection.fromNetlink(TcpState.ESTABLISHED), DEFAULTS);
        f.seenReply = true;
        f.assured = true;
        assertThat(f.orig(client(ACK, 100_000, 200_000))).isEqualTo(accept(TcpState.ESTABLISHED, 432000, false,
            false));
        assertThat(f.reply(server(ACK, 200_000, 100_000))).isEqualTo(accept(TcpState.ESTABLISHED, 432000, false,
            false));
        assertThat(f.orig(client(FIN | ACK, 100_000, 200_000))).isEqualTo(accept(TcpState.FIN_WAIT, 120, false,
            true));
        // now tracked: data far beyond the window is invalid
        assertThat(f.reply(server(PSH | ACK, 200_000 + 50_000_000L, 100_001).withPayload(10)).verdict())
            .isEqualTo(Verdict.INVALID);
    }

    @Test
    void netlinkCreatedEntryWithoutReplyIsCappedAndAssuredLater() {
        final Flow f = new Flow(TcpConnection.fromNetlink(TcpState.ESTABLISHED), DEFAULTS);
        assertThat(f.orig(client(ACK, 100_000, 200_000))).isEqualTo(accept(TcpState.ESTABLISHED, 300, false,
            false));
        assertThat(f.reply(server(ACK, 200_000, 100_000)).timeoutSeconds()).isEqualTo(300);
        assertThat(f.orig(client(ACK, 100_000, 200_000))).isEqualTo(accept(TcpState.ESTABLISHED, 432000, true,
            false));
    }

    @Test
    void applyNetlinkMasksFlagsPerDirection() {
        final TcpConnection c = TcpConnection.fromNetlink(TcpState.ESTABLISHED);
        c.applyNetlink(flags(TcpState.ESTABLISHED, 0x0A, 0xFF, 0x03, 0x01));
        assertThat(c.toProtoInfo().flagsOriginal()).contains(new TcpFlags(0x0A, 0));
        assertThat(c.toProtoInfo().flagsReply()).contains(new TcpFlags(0x01, 0));
        c.applyNetlink(flags(TcpState.ESTABLISHED, 0x00, TcpFlags.BE_LIBERAL, 0x24, 0x20));
        assertThat(c.toProtoInfo().flagsOriginal()).contains(new TcpFlags(0x02, 0));
        assertThat(c.toProtoInfo().flagsReply()).contains(new TcpFlags(0x21, 0));
    }

    @Test
    void applyNetlinkWritesStateAndKeepsFlagsWhenAbsent() {
        final TcpConnection c = TcpConnection.fromNetlink(TcpState.ESTABLISHED);
        c.applyNetlink(flags(TcpState.ESTABLISHED, 0x0A, 0xFF, 0x0A, 0xFF));
        c.applyNetlink(ProtoInfo.Tcp.of(TcpState.TIME_WAIT));
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(c.toProtoInfo().flagsOriginal()).contains(new TcpFlags(0x0A, 0));
        assertThat(c.toProtoInfo().flagsReply()).contains(new TcpFlags(0x0A, 0));
    }

    @Test
    void applyNetlinkWindowScalesNeedBothValuesAndBothWindowScaleFlags() {
        final TcpConnection c = TcpConnection.fromNetlink(TcpState.ESTABLISHED);
        final ProtoInfo.Tcp scales = new ProtoInfo.Tcp(TcpState.ESTABLISHED, Option.some(7), Option.some(9),
            Option.none(), Option.none());
        c.applyNetlink(scales);
        assertThat(c.toProtoInfo().wscaleOriginal()).contains(0);

        c.applyNetlink(flags(TcpState.ESTABLISHED, TcpFlags.WINDOW_SCALE, TcpFlags.WINDOW_SCALE, 0, 0));
        c.applyNetlink(scales);
        assertThat(c.toProtoInfo().wscaleOriginal()).contains(0);

        c.applyNetlink(new ProtoInfo.Tcp(TcpState.ESTABLISHED, Option.some(7), Option.none(), Option.none(),
            Option.some(new TcpFlags(TcpFlags.WINDOW_SCALE, TcpFlags.WINDOW_SCALE))));
        assertThat(c.toProtoInfo().wscaleOriginal()).contains(0);

        c.applyNetlink(scales);
        assertThat(c.toProtoInfo().wscaleOriginal()).contains(7);
        assertThat(c.toProtoInfo().wscaleReply()).contains(9);
    }

    @Test
    void u32Comparisons() {
        assertThat(TcpTracker.before(0xFFFF_FFF0, 0x10)).isTrue();
        assertThat(TcpTracker.before(0x7FFF_FFF0, 0x8000_0010)).isTrue();
        assertThat(TcpTracker.after(0x8000_0010, 0x7FFF_FFF0)).isTrue();
        assertThat(TcpTracker.after(0x10, 0xFFFF_FFF0)).isTrue();
        assertThat(TcpTracker.before(5, 5)).isFalse();
        assertThat(TcpTracker.after(5, 5)).isFalse();
    }
}
