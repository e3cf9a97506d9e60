package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;

/** A DCCP conntrack state ({@code CT_DCCP_*}); the ordinal is the kernel's value. */
public enum DccpState {
    /** 0. */
    NONE,
    /** 1. */
    REQUEST,
    /** 2. */
    RESPOND,
    /** 3. */
    PARTOPEN,
    /** 4. */
    OPEN,
    /** 5. */
    CLOSEREQ,
    /** 6. */
    CLOSING,
    /** 7. */
    TIMEWAIT,
    /** 8. */
    IGNORE,
    /** 9. */
    INVALID;

    private static final DccpState[] VALUES = values();

    /** @return the kernel's value */
    public int value() {
        return ordinal();
    }

    /**
     * @param value a kernel value, 0..9
     * @return the state
     */
    public static DccpState of(final int value) {
        if (value < 0 || value >= VALUES.length) {
            throw new InvalidValueException("dccp state", value, "must be 0..9");
        }
        return VALUES[value];
    }
}
