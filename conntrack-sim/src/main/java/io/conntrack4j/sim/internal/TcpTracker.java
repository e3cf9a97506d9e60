package io.conntrack4j.sim.internal;

import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Sysctls;
import io.conntrack4j.sim.internal.TcpConnection.Endpoint;
import io.conntrack4j.sim.internal.TcpResult.Verdict;

import static io.conntrack4j.sim.internal.TcpConnection.IP_CT_DIR_ORIGINAL;
import static io.conntrack4j.sim.internal.TcpConnection.IP_CT_DIR_REPLY;

/**
 * The kernel's TCP connection tracker ({@code nf_conntrack_proto_tcp.c}) over {@link TcpConnection}: which first
 * packets may create an entry ({@code tcp_new}), and what each later packet does to it ({@code
 * nf_conntrack_tcp_packet}): the transition table, its special cases, window tracking ({@code tcp_in_window}) and
 * the choice of timeout. The table around it owns the status bits, the expiry time and the events.
 *
 * <p>Not modelled: SACK blocks (a {@link Packet} carries none, so the highest acked byte is the ACK field), NAT
 * sequence adjustment, per-entry timeout policies (the namespace's sysctls are used) and the SYN-proxy keep-alive.
 */
public final class TcpTracker {
    /** Table index ({@code enum tcp_bit_set}): SYN without ACK. */
    static final int TCP_SYN_SET = 0;
    /** Table index: SYN and ACK. */
    static final int TCP_SYNACK_SET = 1;
    /** Table index: FIN (with ACK). */
    static final int TCP_FIN_SET = 2;
    /** Table index: ACK, with or without data. */
    static final int TCP_ACK_SET = 3;
    /** Table index: RST, with or without ACK. */
    static final int TCP_RST_SET = 4;
    /** Table index: none of the above. */
    static final int TCP_NONE_SET = 5;

    // TCP_CONNTRACK_* states as the transition table writes them (the kernel's sNO .. sS2, sIV, sIG)
    private static final int SNO = 0;
    private static final int SSS = 1;
    private static final int SSR = 2;
    private static final int SES = 3;
    private static final int SFW = 4;
    private static final int SCW = 5;
    private static final int SLA = 6;
    private static final int STW = 7;
    private static final int SCL = 8;
    private static final int SS2 = 9;
    /** TCP_CONNTRACK_MAX: invalid. */
    private static final int SIV = 10;
    /** TCP_CONNTRACK_IGNORE: ignored. */
    private static final int SIG = 11;

    /** {@code tcp_conntracks[dir][index][state]}: the new state, {@link #SIV} or {@link #SIG}. */
    private static final int[][][] TCP_CONNTRACKS = {
        {   // ORIGINAL   sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
            /* syn    */ {SSS, SSS, SIG, SIG, SIG, SIG, SIG, SSS, SSS, SS2},
            /* synack */ {SIV, SIV, SSR, SIV, SIV, SIV, SIV, SIV, SIV, SSR},
            /* fin    */ {SIV, SIV, SFW, SFW, SLA, SLA, SLA, STW, SCL, SIV},
            /* ack    */ {SES, SIV, SES, SES, SCW, SCW, STW, STW, SCL, SIV},
            /* rst    */ {SIV, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL},
            /* none   */ {SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV},
        },
        {   // REPLY      sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
            /* syn    */ {SIV, SS2, SIV, SIV, SIV, SIV, SIV, SSS, SIV, SS2},
            /* synack */ {SIV, SSR, SIG, SIG, SIG, SIG, SIG, SIG, SIG, SSR},
            /* fin    */ {SIV, SIV, SFW, SFW, SLA, SLA, SLA, STW, SCL, SIV},
            /* ack    */ {SIV, SIG, SSR, SES, SCW, SCW, STW, STW, SCL, SIG},
            /* rst    */ {SIV, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL},
            /* none   */ {SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV},
        },
    };

    /** Flags the validity check ignores. */
    private static final int TCPHDR_ALWAYS_VALID = Packet.ECE | Packet.CWR | Packet.PSH;
    /** {@code MAXACKWINCONST}: the least acknowledgement window. */
    private static final int MAXACKWINCONST = 66000;
    /** {@code TCP_MAX_WSCALE}. */
    private static final int TCP_MAX_WSCALE = 14;
    /** SYN_SENT2 has a fixed 2-minute timeout: the kernel has no sysctl for it. */
    private static final long TCP_TIMEOUT_SYN_SENT2 = 120;

    private TcpTracker() {
    }

    /** The outcome of the window check ({@code enum nf_ct_tcp_action}). */
    private enum Action {
        IGNORE,
        INVALID,
        ACCEPT
    }

    /** The transition being worked out for one packet; the special cases may rewrite it. */
    private static final class Step {
        int oldState;
        int newState;
        boolean skipWindow;

        Step(final int oldState, final int newState) {
            this.oldState = oldState;
            this.newState = newState;
        }
    }

    /**
     * Decides whether a packet without an entry may create one ({@code tcp_new}). The returned connection has not
     * seen the packet yet: call {@link #track} with {@code reply=false} for it next.
     *
     * @param first   the packet
     * @param sysctls the namespace's sysctls ({@code nf_conntrack_tcp_loose})
     * @return a new connection for a SYN, or for an ACK-class packet when loose pickup is on; null if the packet is
     *         invalid as a first packet
     */
    public static TcpConnection open(final Packet first, final Sysctls sysctls) {
        if (!hasValidFlags(first.flags())) {
            return null;
        }
        final int newState = TCP_CONNTRACKS[IP_CT_DIR_ORIGINAL][conntrackIndex(first.flags())][SNO];
        if (newState >= SIV) {
            return null;
        }
        final TcpConnection c = new TcpConnection(SNO);
        final Endpoint orig = c.seen(IP_CT_DIR_ORIGINAL);
        orig.end = segmentEnd(first);
        orig.maxWin = first.window() == 0 ? 1 : first.window();
        if (newState == SSS) {
            orig.maxEnd = orig.end;
            parseOptions(orig, first);
        } else if (!sysctls.isOn(Sysctl.TCP_LOOSE)) {
            return null;
        } else {
            // mid-stream pickup: history is lost, assume SACK and check windows liberally
            orig.maxEnd = orig.end + orig.maxWin;
            c.seen(IP_CT_DIR_ORIGINAL).flags = (short) (TcpFlags.SACK_PERM | TcpFlags.BE_LIBERAL);
            c.seen(IP_CT_DIR_REPLY).flags = (short) (TcpFlags.SACK_PERM | TcpFlags.BE_LIBERAL);
        }
        c.lastIndex = TCP_NONE_SET;
        return c;
    }

    /**
     * Tracks one packet on an existing entry ({@code nf_conntrack_tcp_packet}). Changes {@code c} when the packet
     * is accepted, and where the kernel records ignored or invalid packets for later decisions.
     *
     * @param c         the entry's TCP state
     * @param p         the packet
     * @param reply     true if the packet matched the entry's reply tuple
     * @param seenReply true if the entry had SEEN_REPLY before this packet
     * @param assured   true if the entry had ASSURED before this packet
     * @param s         the namespace's sysctls
     * @return what happened and what the caller must do
     */
    public static TcpResult track(final TcpConnection c, final Packet p, final boolean reply,
                                  final boolean seenReply, final boolean assured, final Sysctls s) {
        if (!hasValidFlags(p.flags())) {
            return TcpResult.unchanged(Verdict.INVALID, c.state());
        }
        final int dir = reply ? IP_CT_DIR_REPLY : IP_CT_DIR_ORIGINAL;
        final int index = conntrackIndex(p.flags());
        final Step step = new Step(c.state, TCP_CONNTRACKS[dir][index][c.state]);
        final TcpResult early = specialCases(c, p, dir, index, step, seenReply, assured, s);
        if (early != null) {
            return early;
        }
        if (!step.skipWindow) {
            final Action action = tcpInWindow(c, dir, index, p, s);
            if (action == Action.IGNORE) {
                return TcpResult.unchanged(Verdict.IGNORE, c.state());
            }
            if (action == Action.INVALID) {
                return handleInvalid(c, dir, index, assured, s);
            }
        }
        return inWindow(c, p, dir, index, step, seenReply, assured, s);
    }

    // ---------------------------------------------------------------------------------------------------------
    // classification

    /**
     * @param flags TCP header flags
     * @return true if the combination is one the kernel accepts ({@code tcp_valid_flags}, PSH/ECE/CWR ignored)
     */
    static boolean hasValidFlags(final int flags) {
        final int f = flags & ~TCPHDR_ALWAYS_VALID;
        return f == Packet.SYN || f == (Packet.SYN | Packet.URG) || f == (Packet.SYN | Packet.ACK)
            || f == Packet.RST || f == (Packet.RST | Packet.ACK) || f == (Packet.FIN | Packet.ACK)
            || f == (Packet.FIN | Packet.ACK | Packet.URG) || f == Packet.ACK || f == (Packet.ACK | Packet.URG);
    }

    /**
     * @param flags TCP header flags
     * @return the transition table row ({@code get_conntrack_index})
     */
    static int conntrackIndex(final int flags) {
        if ((flags & Packet.RST) != 0) {
            return TCP_RST_SET;
        }
        if ((flags & Packet.SYN) != 0) {
            return (flags & Packet.ACK) != 0 ? TCP_SYNACK_SET : TCP_SYN_SET;
        }
        if ((flags & Packet.FIN) != 0) {
            return TCP_FIN_SET;
        }
        return (flags & Packet.ACK) != 0 ? TCP_ACK_SET : TCP_NONE_SET;
    }

    // ---------------------------------------------------------------------------------------------------------
    // the special cases before the window check (the switch on new_state)

    private static TcpResult specialCases(final TcpConnection c, final Packet p, final int dir, final int index,
                                          final Step step, final boolean seenReply, final boolean assured,
                                          final Sysctls s) {
        switch (step.newState) {
            case SSS:
                if (step.oldState < STW) {
                    return null;
                }
                if (mayReopen(c, dir)) {
                    return TcpResult.unchanged(Verdict.REOPEN, c.state());
                }
                return ignore(c, p, dir, index, step);
            case SIG:
                return ignore(c, p, dir, index, step);
            case SIV:
                return TcpResult.unchanged(Verdict.INVALID, c.state());
            case STW:
                return isChallengeAck(c, dir, index, step) ? TcpResult.unchanged(Verdict.IGNORE, c.state()) : null;
            case SS2:
                c.lastFlags |= TcpFlags.SIMULTANEOUS_OPEN;
                return null;
            case SSR:
                if (dir == IP_CT_DIR_REPLY && index == TCP_ACK_SET && (c.lastFlags & TcpFlags.SIMULTANEOUS_OPEN) != 0) {
                    step.newState = SES;
                }
                return null;
            case SCL:
                return index == TCP_RST_SET ? checkRst(c, p, dir, step, seenReply, assured, s) : null;
            default:
                return null;
        }
    }

    /** A SYN in TIME_WAIT/CLOSE reopens if either side sent a FIN, or the same side's last packet was an RST. */
    private static boolean mayReopen(final TcpConnection c, final int dir) {
        final int flags = c.seen(IP_CT_DIR_ORIGINAL).flags | c.seen(IP_CT_DIR_REPLY).flags;
        return (flags & TcpFlags.CLOSE_INIT) != 0 || (c.lastDir == dir && c.lastIndex == TCP_RST_SET);
    }

    /**
     * An ignored packet: a SYN/ACK answering an ignored SYN re-synchronises (and goes on to the window check);
     * anything else is remembered for that purpose and ignored.
     */
    private static TcpResult ignore(final TcpConnection c, final Packet p, final int dir, final int index,
                                    final Step step) {
        if (index == TCP_SYNACK_SET && c.lastIndex == TCP_SYN_SET && c.lastDir != dir
            && (int) p.ack() == c.lastEnd) {
            resynchronise(c, dir);
            step.oldState = SSS;
            step.newState = SSR;
            return null;
        }
        c.lastIndex = index;
        c.lastDir = dir;
        c.lastSeq = (int) p.seq();
        c.lastEnd = segmentEnd(p);
        c.lastWin = p.window();
        if (index == TCP_SYN_SET && dir == IP_CT_DIR_ORIGINAL) {
            rememberSynOptions(c, p, step.oldState);
        }
        if (step.oldState == SSS && index == TCP_ACK_SET && dir == IP_CT_DIR_REPLY) {
            c.lastAck = (int) p.ack(); // possibly a challenge ACK to the SYN
        }
        return TcpResult.unchanged(Verdict.IGNORE, c.state());
    }

    /** Takes the SYN sender's window data from the remembered ignored SYN, and forgets the other side's. */
    private static void resynchronise(final TcpConnection c, final int dir) {
        final Endpoint synSender = c.seen(c.lastDir);
        synSender.end = c.lastEnd;
        synSender.maxEnd = c.lastEnd;
        synSender.maxWin = c.lastWin == 0 ? 1 : c.lastWin;
        synSender.scale = (short) c.lastWscale;
        c.lastFlags &= ~TcpFlags.EXP_CHALLENGE_ACK;
        synSender.flags = (short) c.lastFlags;
        c.seen(dir).reset();
    }

    private static void rememberSynOptions(final TcpConnection c, final Packet p, final int oldState) {
        c.lastFlags = 0;
        c.lastWscale = 0;
        if (p.windowScale() >= 0) {
            c.lastFlags |= TcpFlags.WINDOW_SCALE;
            c.lastWscale = Math.min(p.windowScale(), TCP_MAX_WSCALE);
        }
        if (p.sackPermitted()) {
            c.lastFlags |= TcpFlags.SACK_PERM;
        }
        if (oldState == SLA) {
            c.lastFlags |= TcpFlags.EXP_CHALLENGE_ACK; // RFC 5961: the ACK that follows is no final ACK
        }
    }

    /** An ACK in LAST_ACK answering an ignored SYN is an RFC 5961 challenge ACK, not the final ACK. */
    private static boolean isChallengeAck(final TcpConnection c, final int dir, final int index, final Step step) {
        if (step.oldState == SLA && index == TCP_ACK_SET && c.lastDir != dir && c.lastIndex == TCP_SYN_SET
            && (c.lastFlags & TcpFlags.EXP_CHALLENGE_ACK) != 0) {
            c.lastFlags &= ~TcpFlags.EXP_CHALLENGE_ACK;
            return true;
        }
        return false;
    }

    /**
     * The RST checks: closing states skip the window check; otherwise an RST before the peer's highest ACK is
     * invalid, one not exactly at it keeps the state (for a challenge ACK), and RSTs answering packets let through
     * while out of sync skip the window check.
     */
    private static TcpResult checkRst(final TcpConnection c, final Packet p, final int dir, final Step step,
                                      final boolean seenReply, final boolean assured, final Sysctls s) {
        if (canEarlyDrop(c.state)) {
            step.skipWindow = true;
            return null;
        }
        final Endpoint peer = c.seen(1 - dir);
        if (peer.has(TcpFlags.MAXACK_SET) && c.lastIndex != TCP_SYN_SET) {
            final int seq = (int) p.seq();
            final boolean established = c.state == SES && assured;
            if (seq == 0 && !established) {
                return null;
            }
            if (before(seq, peer.maxAck) && !s.isOn(Sysctl.TCP_IGNORE_INVALID_RST)) {
                return TcpResult.unchanged(Verdict.INVALID, c.state());
            }
            if (!established || seq == peer.maxAck) {
                return null;
            }
            if (c.lastIndex == TCP_ACK_SET && c.lastDir == dir && seq == c.lastEnd) {
                return null; // the RST ends a data train
            }
            step.newState = step.oldState;
        }
        final boolean answersLetThrough = (seenReply && c.lastIndex == TCP_SYN_SET)
            || (!assured && c.lastIndex == TCP_ACK_SET);
        if (answersLetThrough && (int) p.ack() == c.lastEnd) {
            step.skipWindow = true;
        } else if (step.oldState == SSS && c.lastIndex == TCP_ACK_SET && c.lastDir == IP_CT_DIR_REPLY
            && (int) p.seq() == c.lastAck) {
            step.skipWindow = true; // answers a challenge ACK let through earlier
        }
        return null;
    }

    /** @return true for the closing states ({@code tcp_can_early_drop}) */
    private static boolean canEarlyDrop(final int state) {
        return state == SFW || state == SLA || state == STW || state == SCL || state == SCW;
    }

    // ---------------------------------------------------------------------------------------------------------
    // window tracking (tcp_in_window)

    private static Action tcpInWindow(final TcpConnection c, final int dir, final int index, final Packet p,
                                      final Sysctls s) {
        final Endpoint sender = c.seen(dir);
        final Endpoint receiver = c.seen(1 - dir);
        final boolean syn = p.has(Packet.SYN);
        final boolean hasAck = p.has(Packet.ACK);
        final boolean rst = p.has(Packet.RST);
        int seq = (int) p.seq();
        int ack = (int) p.ack();
        int sack = ack; // no SACK blocks: the highest acked byte is the ACK field
        int win = p.window();
        int end = segmentEnd(p);

        if (sender.maxWin == 0) {
            if (syn) {
                initSender(sender, receiver, p, end, win, dir);
                if (!hasAck) {
                    return Action.ACCEPT; // simultaneous open
                }
            } else {
                initSenderMidStream(sender, receiver, end, win, sack);
            }
        } else if (syn && after(end, sender.end) && (c.state == SSS || c.state == SSR)) {
            initSender(sender, receiver, p, end, win, dir); // a new SYN (or SYN/ACK) with a higher seq
            if (dir == IP_CT_DIR_REPLY && !hasAck) {
                return Action.ACCEPT;
            }
        }
        if (!hasAck || (rst && ack == 0)) {
            ack = receiver.end;
            sack = receiver.end;
        }
        if (rst && seq == 0 && c.state == SSS) {
            seq = sender.end; // RST answering a SYN
            end = sender.end;
        }

        if (!before(seq, sender.maxEnd + 1)) {
            return seqOverUpperBound(sender, receiver, end, sack, s);
        }
        if (!before(sack, receiver.end + 1)) {
            return failed(sender, s, Action.INVALID); // ACK of data not seen yet
        }
        if (receiver.maxWin != 0 && !after(end, sender.end - receiver.maxWin - 1)) {
            return failed(sender, s, Action.IGNORE); // already acked data retransmitted
        }
        if (!after(sack, receiver.end - maxAckWindow(sender) - 1)) {
            return failed(sender, s, Action.IGNORE); // ACK under the lower bound
        }
        if (!syn) {
            win <<= sender.scale;
        }
        updateSender(sender, hasAck, end, ack, sack, win);
        updateReceiver(sender, receiver, end, ack, sack, win);
        if (index == TCP_ACK_SET) {
            recordRetransmission(c, dir, seq, ack, end, p.window());
        }
        return Action.ACCEPT;
    }

    /** Initialises a direction from its SYN or SYN/ACK ({@code tcp_init_sender}). */
    private static void initSender(final Endpoint sender, final Endpoint receiver, final Packet p, final int end,
                                   final int win, final int dir) {
        sender.end = end;
        sender.maxEnd = end;
        sender.maxWin = win == 0 ? 1 : win;
        parseOptions(sender, p);
        // RFC 1323: window scaling only if both sides sent the option
        if (dir == IP_CT_DIR_REPLY
            && !(sender.has(TcpFlags.WINDOW_SCALE) && receiver.has(TcpFlags.WINDOW_SCALE))) {
            sender.scale = 0;
            receiver.scale = 0;
        }
    }

    /** Initialises a direction first seen in the middle of a connection, from the packet's own data. */
    private static void initSenderMidStream(final Endpoint sender, final Endpoint receiver, final int end,
                                            final int win, final int sack) {
        sender.end = end;
        final int swin = win << sender.scale;
        sender.maxWin = swin == 0 ? 1 : swin;
        sender.maxEnd = end + sender.maxWin;
        if (receiver.maxWin == 0) {
            // nothing seen the other way yet: make checks III and IV pass until it is
            receiver.end = sack;
            receiver.maxEnd = sack;
        } else if (sack == receiver.end + 1) {
            receiver.end++; // likely the answer to a keep-alive
        }
    }

    /** Check I failed: a small overshoot within the receiver's window is ignored (td_end advanced), else invalid. */
    private static Action seqOverUpperBound(final Endpoint sender, final Endpoint receiver, final int end,
                                            final int sack, final Sysctls s) {
        final int overshot = end - sender.maxEnd + 1;
        final boolean ackOk = after(sack, receiver.end - maxAckWindow(sender) - 1);
        final boolean inReceiveWindow = receiver.maxWin != 0 && after(end, sender.end - receiver.maxWin - 1);
        if (inReceiveWindow && ackOk && Integer.compareUnsigned(overshot, receiver.maxWin) <= 0
            && before(sack, receiver.end + 1)) {
            sender.end = end;
            sender.flags |= TcpFlags.DATA_UNACKNOWLEDGED;
            return failed(sender, s, Action.IGNORE);
        }
        return failed(sender, s, Action.INVALID);
    }

    /** A failed window check: ACCEPT if the sender is checked liberally ({@code nf_tcp_log_invalid}). */
    private static Action failed(final Endpoint sender, final Sysctls s, final Action action) {
        final boolean liberal = sender.has(TcpFlags.BE_LIBERAL) || s.isOn(Sysctl.TCP_BE_LIBERAL);
        return liberal ? Action.ACCEPT : action;
    }

    private static void updateSender(final Endpoint sender, final boolean hasAck, final int end, final int ack,
                                     final int sack, final int win) {
        final int swin = win + (sack - ack);
        if (Integer.compareUnsigned(sender.maxWin, swin) < 0) {
            sender.maxWin = swin;
        }
        if (after(end, sender.end)) {
            sender.end = end;
            sender.flags |= TcpFlags.DATA_UNACKNOWLEDGED;
        }
        if (hasAck) {
            if (!sender.has(TcpFlags.MAXACK_SET)) {
                sender.maxAck = ack;
                sender.flags |= TcpFlags.MAXACK_SET;
            } else if (after(ack, sender.maxAck)) {
                sender.maxAck = ack;
            }
        }
    }

    private static void updateReceiver(final Endpoint sender, final Endpoint receiver, final int end, final int ack,
                                       final int sack, final int win) {
        if (receiver.maxWin != 0 && after(end, sender.maxEnd)) {
            receiver.maxWin += end - sender.maxEnd;
        }
        if (after(sack + win, receiver.maxEnd - 1)) {
            receiver.maxEnd = sack + win;
            if (win == 0) {
                receiver.maxEnd++;
            }
        }
        if (ack == receiver.end) {
            receiver.flags &= ~TcpFlags.DATA_UNACKNOWLEDGED;
        }
    }

    /** Counts ACK-class packets identical to the previous one (direction, seq, ack, end, raw window). */
    private static void recordRetransmission(final TcpConnection c, final int dir, final int seq, final int ack,
                                             final int end, final int rawWindow) {
        if (c.lastDir == dir && c.lastSeq == seq && c.lastAck == ack && c.lastEnd == end
            && c.lastWin == rawWindow) {
            c.retrans = (c.retrans + 1) & 0xFF; // a u8 in the kernel
        } else {
            c.lastDir = dir;
            c.lastSeq = seq;
            c.lastAck = ack;
            c.lastEnd = end;
            c.lastWin = rawWindow;
            c.retrans = 0;
        }
    }

    private static int maxAckWindow(final Endpoint sender) {
        return Integer.compareUnsigned(sender.maxWin, MAXACKWINCONST) > 0 ? sender.maxWin : MAXACKWINCONST;
    }

    // ---------------------------------------------------------------------------------------------------------
    // after the window check

    /**
     * An invalid in-window result ({@code nf_tcp_handle_invalid}): on an assured entry, out-of-window FIN/RST
     * packets from both sides in turn shorten the timeout; the first one is remembered.
     */
    private static TcpResult handleInvalid(final TcpConnection c, final int dir, final int index,
                                           final boolean assured, final Sysctls s) {
        if (!assured || (index != TCP_RST_SET && index != TCP_FIN_SET)) {
            return TcpResult.unchanged(Verdict.INVALID, c.state());
        }
        if (c.lastDir != dir && (c.lastIndex == TCP_FIN_SET || c.lastIndex == TCP_RST_SET)) {
            return new TcpResult(Verdict.INVALID, c.state(), s.get(Sysctl.TCP_TIMEOUT_UNACKNOWLEDGED), false,
                false);
        }
        c.lastIndex = index;
        c.lastDir = dir;
        return TcpResult.unchanged(Verdict.INVALID, c.state());
    }

    /** The packet is in window: move to the new state and choose the timeout, ASSURED and DESTROY. */
    private static TcpResult inWindow(final TcpConnection c, final Packet p, final int dir, final int index,
                                      final Step step, final boolean seenReply, final boolean assured,
                                      final Sysctls s) {
        c.lastIndex = index;
        c.lastDir = dir;
        c.state = step.newState;
        final boolean changed = step.oldState != step.newState;
        if (changed && step.newState == SFW) {
            c.seen(dir).flags |= TcpFlags.CLOSE_INIT;
        }
        long timeout = selectTimeout(c, index, step.newState, s);
        final TcpState state = c.state();
        if (!seenReply) {
            if (p.has(Packet.RST)) {
                return new TcpResult(Verdict.DESTROY, state, -1, false, changed);
            }
            if (index == TCP_SYN_SET && step.oldState == SSS) {
                return new TcpResult(Verdict.ACCEPT, state, -1, false, changed); // no refresh on SYN retransmit
            }
            if (step.newState == SES) {
                timeout = Math.min(timeout, s.get(Sysctl.TCP_TIMEOUT_UNACKNOWLEDGED)); // picked up, no reply yet
            }
            return new TcpResult(Verdict.ACCEPT, state, timeout, false, changed);
        }
        final boolean setAssured = !assured && (step.oldState == SSR || step.oldState == SES)
            && step.newState == SES;
        return new TcpResult(Verdict.ACCEPT, state, timeout, setAssured, changed);
    }

    /** §2.6: retransmissions, RST, unacknowledged data and a zero window cap the new state's timeout. */
    private static long selectTimeout(final TcpConnection c, final int index, final int newState, final Sysctls s) {
        final long base = stateTimeout(newState, s);
        final long retransTimeout = s.get(Sysctl.TCP_TIMEOUT_MAX_RETRANS);
        final long unackTimeout = s.get(Sysctl.TCP_TIMEOUT_UNACKNOWLEDGED);
        final int flags = c.seen(IP_CT_DIR_ORIGINAL).flags | c.seen(IP_CT_DIR_REPLY).flags;
        if (c.retrans >= s.get(Sysctl.TCP_MAX_RETRANS) && base > retransTimeout) {
            return retransTimeout;
        }
        if (index == TCP_RST_SET) {
            return s.get(Sysctl.TCP_TIMEOUT_CLOSE);
        }
        if ((flags & TcpFlags.DATA_UNACKNOWLEDGED) != 0 && base > unackTimeout) {
            return unackTimeout;
        }
        if (c.lastWin == 0 && base > retransTimeout) {
            return retransTimeout;
        }
        return base;
    }

    private static long stateTimeout(final int state, final Sysctls s) {
        switch (state) {
            case SSR:
                return s.get(Sysctl.TCP_TIMEOUT_SYN_RECV);
            case SES:
                return s.get(Sysctl.TCP_TIMEOUT_ESTABLISHED);
            case SFW:
                return s.get(Sysctl.TCP_TIMEOUT_FIN_WAIT);
            case SCW:
                return s.get(Sysctl.TCP_TIMEOUT_CLOSE_WAIT);
            case SLA:
                return s.get(Sysctl.TCP_TIMEOUT_LAST_ACK);
            case STW:
                return s.get(Sysctl.TCP_TIMEOUT_TIME_WAIT);
            case SCL:
                return s.get(Sysctl.TCP_TIMEOUT_CLOSE);
            case SS2:
                return TCP_TIMEOUT_SYN_SENT2;
            default: // SYN_SENT, and NONE, which the kernel gives SYN_SENT's timeout
                return s.get(Sysctl.TCP_TIMEOUT_SYN_SENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // packet fields and u32 sequence arithmetic

    /** @return seq + payload + SYN + FIN, wrapped to u32 ({@code segment_seq_plus_len}) */
    private static int segmentEnd(final Packet p) {
        return (int) p.seq() + p.payloadLength() + (p.has(Packet.SYN) ? 1 : 0) + (p.has(Packet.FIN) ? 1 : 0);
    }

    /** Reads the window-scale and SACK-permitted options, if the packet has options ({@code tcp_options}). */
    private static void parseOptions(final Endpoint e, final Packet p) {
        if (p.synOptionsLength() == 0) {
            return;
        }
        e.scale = 0;
        e.flags &= TcpFlags.BE_LIBERAL;
        if (p.sackPermitted()) {
            e.flags |= TcpFlags.SACK_PERM;
        }
        if (p.windowScale() >= 0) {
            e.scale = (short) Math.min(p.windowScale(), TCP_MAX_WSCALE);
            e.flags |= TcpFlags.WINDOW_SCALE;
        }
    }

    /** @return true if u32 sequence number a comes before b (the kernel's {@code before()}) */
    static boolean before(final int a, final int b) {
        return a - b < 0;
    }

    /** @return true if u32 sequence number a comes after b (the kernel's {@code after()}) */
    static boolean after(final int a, final int b) {
        return b - a < 0;
    }
}
