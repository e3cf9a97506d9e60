package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * A TCP direction's conntrack flags ({@code struct nf_ct_tcp_flags}): the flags and the mask of flags to change
 * (the kernel reports mask 0; a request changes only masked bits).
 *
 * @param flags the {@code IP_CT_TCP_FLAG_*} bits
 * @param mask  the bits a request changes
 */
public record TcpFlags(int flags, int mask) {
    /** Window scaling. */
    public static final int WINDOW_SCALE = 0x01;
    /** SACK permitted. */
    public static final int SACK_PERM = 0x02;
    /** This side closed first. */
    public static final int CLOSE_INIT = 0x04;
    /** Window tracking is liberal. */
    public static final int BE_LIBERAL = 0x08;
    /** Data was not acknowledged yet. */
    public static final int DATA_UNACKNOWLEDGED = 0x10;
    /** maxack is set. */
    public static final int MAXACK_SET = 0x20;
    /** A challenge ACK is expected. */
    public static final int EXP_CHALLENGE_ACK = 0x40;
    /** Simultaneous open. */
    public static final int SIMULTANEOUS_OPEN = 0x80;

    /** Checks both bytes. */
    public TcpFlags {
        Check.u8("tcp flags", flags);
        Check.u8("tcp flags mask", mask);
    }
}
