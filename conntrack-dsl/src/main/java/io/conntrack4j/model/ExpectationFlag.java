package io.conntrack4j.model;

/** An expectation flag ({@code NF_CT_EXPECT_*}). */
public enum ExpectationFlag {
    /** The expectation stays after it was matched (1). */
    PERMANENT(1),
    /** The expectation is not active yet (2). */
    INACTIVE(2),
    /** The expectation was created from userspace (4). */
    USERSPACE(4);

    private final int value;

    ExpectationFlag(final int value) {
        this.value = value;
    }

    /** @return the flag's bit value */
    public int value() {
        return value;
    }
}
