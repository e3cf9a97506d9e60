package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;

/** An SCTP conntrack state ({@code SCTP_CONNTRACK_*}); the ordinal is the kernel's value. */
public enum SctpState {
    /** 0. */
    NONE,
    /** 1. */
    CLOSED,
    /** 2. */
    COOKIE_WAIT,
    /** 3. */
    COOKIE_ECHOED,
    /** 4. */
    ESTABLISHED,
    /** 5. */
    SHUTDOWN_SENT,
    /** 6. */
    SHUTDOWN_RECD,
    /** 7. */
    SHUTDOWN_ACK_SENT,
    /** 8. */
    HEARTBEAT_SENT,
    /** 9 (no longer used by the kernel). */
    HEARTBEAT_ACKED;

    private static final SctpState[] VALUES = values();

    /** @return the kernel's value */
    public int value() {
        return ordinal();
    }

    /**
     * @param value a kernel value, 0..9
     * @return the state
     */
    public static SctpState of(final int value) {
        if (value < 0 || value >= VALUES.length) {
            throw new InvalidValueException("sctp state", value, "must be 0..9");
        }
        return VALUES[value];
    }
}
