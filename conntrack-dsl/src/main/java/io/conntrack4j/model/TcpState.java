package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;

/** A TCP conntrack state ({@code TCP_CONNTRACK_*}); the ordinal is the kernel's value. */
public enum TcpState {
    /** 0. */
    NONE,
    /** 1. */
    SYN_SENT,
    /** 2. */
    SYN_RECV,
    /** 3. */
    ESTABLISHED,
    /** 4. */
    FIN_WAIT,
    /** 5. */
    CLOSE_WAIT,
    /** 6. */
    LAST_ACK,
    /** 7. */
    TIME_WAIT,
    /** 8. */
    CLOSE,
    /** 9; conntrack also accepts the name LISTEN for it. */
    SYN_SENT2;

    private static final TcpState[] VALUES = values();

    /** @return the kernel's value */
    public int value() {
        return ordinal();
    }

    /**
     * @param value a kernel value, 0..9
     * @return the state
     * @throws InvalidValueException for values the kernel does not report (10 and above are internal)
     */
    public static TcpState of(final int value) {
        if (value < 0 || value >= VALUES.length) {
            throw new InvalidValueException("tcp state", value, "must be 0..9");
        }
        return VALUES[value];
    }

    /**
     * @param name a state name as conntrack spells it (case-sensitive), or LISTEN
     * @return the state
     * @throws InvalidValueException for an unknown name
     */
    public static TcpState parse(final String name) {
        if ("LISTEN".equals(name)) {
            return SYN_SENT2;
        }
        for (final TcpState s : VALUES) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new InvalidValueException("tcp state", name, "unknown TCP state");
    }
}
