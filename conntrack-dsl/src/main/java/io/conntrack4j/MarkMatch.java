package io.conntrack4j;

import io.conntrack4j.internal.Check;

/**
 * A mark condition: {@code (mark & mask) == value}, as the kernel's mark dump filter and conntrack's {@code -m
 * VALUE/MASK} define it.
 *
 * @param value the value the masked mark must equal (u32)
 * @param mask  the bits compared (u32)
 */
public record MarkMatch(long value, long mask) {
    /** Checks the u32 ranges. */
    public MarkMatch {
        Check.u32("mark", value);
        Check.u32("mark mask", mask);
    }

    /**
     * @param mark a flow's mark
     * @return true if {@code (mark & mask) == value}
     */
    public boolean test(final long mark) {
        return (mark & mask) == value;
    }

    @Override
    public String toString() {
        return mask == 0xFFFF_FFFFL ? "0x" + Long.toHexString(value)
            : "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }
}
