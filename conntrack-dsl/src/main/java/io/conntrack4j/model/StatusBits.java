package io.conntrack4j.model;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A flow's status word ({@code CTA_STATUS}) as an immutable value. Bits 0..15 are {@link Status} bits; the value
 * keeps all 32 bits as the kernel sent them.
 *
 * @param value the status word
 */
public record StatusBits(int value) {
    /** The empty status. */
    public static final StatusBits NONE = new StatusBits(0);
    /** Recently made values by a hash of the word: a direct-mapped cache, see {@link #valueOf(int)}. */
    private static final StatusBits[] RECENT = new StatusBits[64];

    /**
     * A status word, shared when the same word was asked for recently, as {@link Integer#valueOf(int)} shares boxes:
     * decoders that make one per flow (a dump repeats a handful of words) allocate nothing for most flows. Safe
     * from any thread: a racing caller may replace a slot or miss it, never see a partly built value (the field is
     * final).
     *
     * @param value the status word
     * @return a status of that value
     */
    public static StatusBits valueOf(final int value) {
        final int slot = (value ^ value >>> 6 ^ value >>> 12) & (RECENT.length - 1);
        final StatusBits recent = RECENT[slot];
        if (recent != null && recent.value() == value) {
            return recent;
        }
        final StatusBits made = new StatusBits(value);
        RECENT[slot] = made;
        return made;
    }

    /**
     * @param bits status bits
     * @return the status word with exactly those bits
     */
    public static StatusBits of(final Status... bits) {
        int v = 0;
        for (final Status s : bits) {
            v |= s.value();
        }
        return new StatusBits(v);
    }

    /**
     * @param bits status bits
     * @return the status word with exactly those bits
     */
    public static StatusBits of(final Iterable<Status> bits) {
        int v = 0;
        for (final Status s : bits) {
            v |= s.value();
        }
        return new StatusBits(v);
    }

    /**
     * @param bit a status bit
     * @return true if it is set
     */
    public boolean has(final Status bit) {
        return (value & bit.value()) != 0;
    }

    /**
     * @param bits a status word
     * @return true if every bit of {@code bits} is set here
     */
    public boolean containsAll(final StatusBits bits) {
        return (value & bits.value) == bits.value;
    }

    /**
     * @param bit a status bit
     * @return this status with the bit set
     */
    public StatusBits with(final Status bit) {
        return new StatusBits(value | bit.value());
    }

    /** @return the set bits 0..15 as an unmodifiable set */
    public Set<Status> toSet() {
        final EnumSet<Status> set = EnumSet.noneOf(Status.class);
        for (final Status s : Status.values()) {
            if (has(s)) {
                set.add(s);
            }
        }
        return java.util.Collections.unmodifiableSet(set);
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner("|");
        toSet().forEach(s -> j.add(s.name()));
        final int unknown = value & 0xFFFF_0000;
        if (unknown != 0) {
            j.add("0x" + Integer.toHexString(unknown));
        }
        return j.length() == 0 ? "0" : j.toString();
    }
}
