package io.conntrack4j.sim.internal;

import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.vavr.control.Option;

/**
 * The mutable TCP tracking state of one conntrack entry, as the kernel's {@code struct ip_ct_tcp}: the state, the
 * window data of each direction, and the bookkeeping about the last packets that retransmission detection, reopen
 * and SYN/ACK re-synchronisation need. {@link TcpTracker} reads and changes it; the table only creates it, applies
 * ctnetlink updates and reports it.
 *
 * <p>Sequence numbers are kept in {@code int}s: Java's wrapping arithmetic is the kernel's u32 arithmetic, and
 * comparisons go through {@link TcpTracker}'s {@code before}/{@code after}. Not thread-safe; the table serialises
 * access as the kernel's {@code ct->lock} does.
 */
public final class TcpConnection {
    /** {@code IP_CT_DIR_ORIGINAL}. */
    static final int IP_CT_DIR_ORIGINAL = 0;
    /** {@code IP_CT_DIR_REPLY}. */
    static final int IP_CT_DIR_REPLY = 1;

    /** What {@link #peek} shows of window data not made yet: all zero, as the kernel's zeroed entry. Never written. */
    private static final Endpoint ZERO = new Endpoint();

    /** The TCP state, the kernel's value 0..9. */
    int state;
    /**
     * The original direction's window data ({@code seen(0)}), null until first written: an entry created through
     * ctnetlink without flags has none until its first packet, so most such entries never need them.
     */
    private Endpoint original;
    /** The reply direction's window data ({@code seen(1)}), null until first written. */
    private Endpoint reply;

    /**
     * @param direction {@link #IP_CT_DIR_ORIGINAL} or {@link #IP_CT_DIR_REPLY}
     * @return that direction's window data ({@code seen(direction)}) to read and write, made (all zero) on first use;
     *     two fields, not an array, to save 24 bytes
     */
    Endpoint seen(final int direction) {
        if (direction == IP_CT_DIR_ORIGINAL) {
            if (original == null) {
                original = new Endpoint();
            }
            return original;
        }
        if (reply == null) {
            reply = new Endpoint();
        }
        return reply;
    }

    /**
     * @param direction {@link #IP_CT_DIR_ORIGINAL} or {@link #IP_CT_DIR_REPLY}
     * @return that direction's window data, only to read: a shared all-zero one if none was written
     */
    private Endpoint peek(final int direction) {
        final Endpoint e = direction == IP_CT_DIR_ORIGINAL ? original : reply;
        return e != null ? e : ZERO;
    }
    /** Direction of the last packet recorded ({@code last_dir}). */
    int lastDir;
    /** Table index of the last packet recorded ({@code last_index}). */
    int lastIndex;
    /** Sequence number of the last packet recorded ({@code last_seq}). */
    int lastSeq;
    /** Acknowledgement number of the last packet recorded ({@code last_ack}). */
    int lastAck;
    /** Sequence end of the last packet recorded ({@code last_end}). */
    int lastEnd;
    /** Raw window of the last packet recorded ({@code last_win}). */
    int lastWin;
    /** Window scale of the last ignored orig SYN ({@code last_wscale}). */
    int lastWscale;
    /** Flags of the last ignored orig SYN, plus SIMULTANEOUS_OPEN / EXP_CHALLENGE_ACK ({@code last_flags}). */
    int lastFlags;
    /** Number of identical ACK-class packets in a row ({@code retrans}). */
    int retrans;

    TcpConnection(final int state) {
        this.state = state;
    }

    /**
     * An entry created through ctnetlink: only the state is known and all window data is zero, so the first packet
     * in each direction initialises that direction (the kernel's {@code td_maxwin == 0} case). As in the kernel,
     * whose entry memory starts zeroed, the last packet recorded counts as an orig packet of index
     * {@link TcpTracker#TCP_SYN_SET} (value 0) with seq, ack and end 0.
     *
     * @param state the state given at creation ({@link TcpState#NONE} when the request had no protoinfo)
     * @return a connection in that state without window data
     */
    public static TcpConnection fromNetlink(final TcpState state) {
        final TcpConnection c = new TcpConnection(state.value());
        c.lastIndex = TcpTracker.TCP_SYN_SET;
        c.lastDir = IP_CT_DIR_ORIGINAL;
        return c;
    }

    /**
     * Applies a ctnetlink update ({@code nlattr_to_tcp}): the state is written as given; each direction's flags
     * become {@code (flags & ~mask) | (new & mask)}; the window scales are written only if both are given and both
     * directions (after the flag update) have {@link TcpFlags#WINDOW_SCALE}.
     *
     * @param info the protoinfo of the request
     */
    public void applyNetlink(final ProtoInfo.Tcp info) {
        state = info.state().value();
        if (info.flagsOriginal().isDefined()) {
            seen(IP_CT_DIR_ORIGINAL).applyFlags(info.flagsOriginal().get());
        }
        if (info.flagsReply().isDefined()) {
            seen(IP_CT_DIR_REPLY).applyFlags(info.flagsReply().get());
        }
        if (info.wscaleOriginal().isDefined() && info.wscaleReply().isDefined()
            && peek(IP_CT_DIR_ORIGINAL).has(TcpFlags.WINDOW_SCALE) && peek(IP_CT_DIR_REPLY).has(TcpFlags.WINDOW_SCALE)) {
            seen(IP_CT_DIR_ORIGINAL).scale = (short) (int) info.wscaleOriginal().get();
            seen(IP_CT_DIR_REPLY).scale = (short) (int) info.wscaleReply().get();
        }
    }

    /**
     * @return what a dump reports: the state, both window scales and both flag words (mask 0); an equal view shown
     *     recently is shared rather than built again
     */
    public ProtoInfo.Tcp toProtoInfo() {
        final Option<Integer> scaleOriginal = SCALES[peek(IP_CT_DIR_ORIGINAL).scale & 0xFF];
        final Option<Integer> scaleReply = SCALES[peek(IP_CT_DIR_REPLY).scale & 0xFF];
        final Option<TcpFlags> flagsOriginal = FLAGS[peek(IP_CT_DIR_ORIGINAL).flags & 0xFF];
        final Option<TcpFlags> flagsReply = FLAGS[peek(IP_CT_DIR_REPLY).flags & 0xFF];
        final int slot = (state * 31 + (peek(IP_CT_DIR_ORIGINAL).scale ^ peek(IP_CT_DIR_REPLY).scale << 3)
            + (peek(IP_CT_DIR_ORIGINAL).flags ^ peek(IP_CT_DIR_REPLY).flags << 2) * 7) & (VIEWS.length - 1);
        final ProtoInfo.Tcp cached = VIEWS[slot];
        // the shared Options make identity the equality of their values
        if (cached != null && cached.state().value() == state && cached.wscaleOriginal() == scaleOriginal
            && cached.wscaleReply() == scaleReply && cached.flagsOriginal() == flagsOriginal
            && cached.flagsReply() == flagsReply) {
            return cached;
        }
        final ProtoInfo.Tcp view = new ProtoInfo.Tcp(state(), scaleOriginal, scaleReply, flagsOriginal, flagsReply);
        VIEWS[slot] = view;
        return view;
    }

    /** Shared values for what every dump reports, so showing an entry allocates no Options for them. */
    @SuppressWarnings("unchecked")
    private static final Option<Integer>[] SCALES = new Option[256];
    @SuppressWarnings("unchecked")
    private static final Option<TcpFlags>[] FLAGS = new Option[256];
    /**
     * Views recently shown, direct-mapped. Shared by all namespaces without a lock: a racing thread may replace a
     * slot or miss it, never see a partly built view (records' fields are final).
     */
    private static final ProtoInfo.Tcp[] VIEWS = new ProtoInfo.Tcp[64];

    static {
        for (int i = 0; i < 256; i++) {
            SCALES[i] = Option.some(i);
            FLAGS[i] = Option.some(new TcpFlags(i, 0));
        }
    }

    /** @return the TCP state */
    public TcpState state() {
        return TcpState.of(state);
    }

    @Override
    public String toString() {
        return "TcpConnection[" + state() + " orig=" + peek(IP_CT_DIR_ORIGINAL) + " reply=" + peek(IP_CT_DIR_REPLY)
            + " last(dir=" + lastDir + " index=" + lastIndex + " end=" + Integer.toUnsignedString(lastEnd)
            + " win=" + lastWin + ") retrans=" + retrans + "]";
    }

    /** One direction's window data ({@code struct ip_ct_tcp_state}). */
    static final class Endpoint {
        /** Highest seq + len sent ({@code td_end}). */
        int end;
        /** Highest ack + window received from the peer ({@code td_maxend}). */
        int maxEnd;
        /** Largest window seen, unsigned ({@code td_maxwin}); 0 means "not initialised yet". */
        int maxWin;
        /** Highest ack sent ({@code td_maxack}). */
        int maxAck;
        /** Window scale ({@code td_scale}); a short keeps the object at 32 bytes. */
        short scale;
        /** {@code IP_CT_TCP_FLAG_*} bits, a u8 (a short: no sign extension on reads). */
        short flags;

        boolean has(final int flag) {
            return (flags & flag) != 0;
        }

        void applyFlags(final TcpFlags f) {
            flags = (short) (((flags & ~f.mask()) | (f.flags() & f.mask())) & 0xFF);
        }

        TcpFlags reportedFlags() {
            return new TcpFlags(flags & 0xFF, 0);
        }

        /** Forgets the window data, keeping only BE_LIBERAL ({@code nf_ct_tcp_state_reset}). */
        void reset() {
            end = 0;
            maxEnd = 0;
            maxWin = 0;
            maxAck = 0;
            scale = 0;
            flags &= (short) TcpFlags.BE_LIBERAL;
        }

        @Override
        public String toString() {
            return "{end=" + Integer.toUnsignedString(end) + " maxend=" + Integer.toUnsignedString(maxEnd)
                + " maxwin=" + Integer.toUnsignedString(maxWin) + " maxack=" + Integer.toUnsignedString(maxAck)
                + " scale=" + scale + " flags=0x" + Integer.toHexString(flags) + "}";
        }
    }
}
