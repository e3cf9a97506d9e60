package io.conntrack4j.spi;

import io.conntrack4j.model.StatusBits;

/**
 * The kernel's status dump filter: {@code (status & mask) == value}. The mask is never zero (the kernel rejects it).
 *
 * @param value the value the masked status must equal
 * @param mask  the compared bits, nonzero
 */
public record StatusMatch(int value, int mask) {
    /** Validates the mask. */
    public StatusMatch {
        if (mask == 0) {
            throw new io.conntrack4j.error.InvalidValueException("status mask", 0, "the kernel rejects a zero mask");
        }
    }

    /**
     * @param status a flow's status
     * @return true if {@code (status & mask) == value}
     */
    public boolean test(final StatusBits status) {
        return (status.value() & mask) == value;
    }

    @Override
    public String toString() {
        return new StatusBits(value) + "/" + new StatusBits(mask);
    }
}
