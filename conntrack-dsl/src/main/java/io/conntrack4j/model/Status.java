package io.conntrack4j.model;

/** A conntrack status bit ({@code enum ip_conntrack_status}, {@code IPS_*}), with the kernel's names and values. */
public enum Status {
    /** Created from an expectation. */
    EXPECTED,
    /** A packet was seen in the reply direction. */
    SEEN_REPLY,
    /** The flow is assured: early drop does not evict it. */
    ASSURED,
    /** The flow is in the table. Every listed flow has it. */
    CONFIRMED,
    /** Source NAT applies. */
    SRC_NAT,
    /** Destination NAT applies. */
    DST_NAT,
    /** TCP sequence numbers are adjusted. */
    SEQ_ADJUST,
    /** Source NAT is set up. */
    SRC_NAT_DONE,
    /** Destination NAT is set up. */
    DST_NAT_DONE,
    /** The flow is being destroyed. */
    DYING,
    /** The timeout does not change. */
    FIXED_TIMEOUT,
    /** A template (rule-side conntrack), never listed. */
    TEMPLATE,
    /** Untracked; reused by the kernel as NAT_CLASH. */
    UNTRACKED,
    /** A helper was attached explicitly. */
    HELPER,
    /** Offloaded to a flowtable. */
    OFFLOAD,
    /** Offloaded to hardware. */
    HW_OFFLOAD;

    private static final Status[] VALUES = values();

    /** The bits an update may set: SEEN_REPLY, ASSURED, FIXED_TIMEOUT and HELPER (the kernel never clears any). */
    public static final int SETTABLE = SEEN_REPLY.value() | ASSURED.value() | FIXED_TIMEOUT.value() | HELPER.value();

    /** @return the bit value, {@code 1 << ordinal} */
    public int value() {
        return 1 << ordinal();
    }

    /**
     * @param bit a bit number, 0..15
     * @return the status with that bit
     */
    public static Status ofBit(final int bit) {
        return VALUES[bit];
    }
}
