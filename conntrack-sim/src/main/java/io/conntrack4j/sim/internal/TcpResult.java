package io.conntrack4j.sim.internal;

import io.conntrack4j.model.TcpState;

/**
 * What the TCP tracker decided about one packet on an existing entry, and what the caller (the table) must do.
 *
 * @param verdict        what happened to the packet
 * @param state          the entry's TCP state after the packet (for {@link Verdict#DESTROY}: the state the DESTROY
 *                       event reports)
 * @param timeoutSeconds for {@link Verdict#ACCEPT}: the new timeout ({@code expires = now + timeoutSeconds}), or
 *                       -1 for "do not refresh" (a SYN retransmitted in SYN_SENT before any reply). For
 *                       {@link Verdict#INVALID}: -1, or the kernel's shortened timeout for an assured entry that saw
 *                       out-of-window FIN/RST packets from both sides; the kernel applies it only when more than
 *                       {@code max(120, timeoutSeconds)} seconds remain and the entry has no FIXED_TIMEOUT. Else -1.
 * @param setAssured     true if the caller must set ASSURED (and emit the ASSURED event)
 * @param stateChanged   true if the state changed (the caller emits a PROTOINFO update)
 */
public record TcpResult(Verdict verdict, TcpState state, long timeoutSeconds, boolean setAssured,
                        boolean stateChanged) {

    /** The outcome classes of {@code nf_conntrack_tcp_packet}. */
    public enum Verdict {
        /** Accepted and in window: refresh the timeout (unless -1), maybe set ASSURED, maybe emit PROTOINFO. */
        ACCEPT,
        /** Ignored (sIG): belongs to the entry, but state and timeout stay; reply packets still set SEEN_REPLY. */
        IGNORE,
        /** Invalid (sIV, window or RST check failed): nothing changes; the caller counts {@code invalid}. */
        INVALID,
        /** A SYN reopening a closed connection: delete the entry and process the packet again as a new flow. */
        REOPEN,
        /** An accepted RST before any reply: delete the entry now. */
        DESTROY
    }

    /**
     * @param verdict a verdict that leaves state and timeout alone
     * @param state   the unchanged state
     * @return a result without timeout, ASSURED or state change
     */
    static TcpResult unchanged(final Verdict verdict, final TcpState state) {
        return new TcpResult(verdict, state, -1, false, false);
    }
}
