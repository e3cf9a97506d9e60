package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * A flow's connection labels ({@code CTA_LABELS}): a set of bit numbers 0..127. Label names live in
 * {@code /etc/xtables/connlabel.conf}; see the text renderers.
 */
public final class Labels {
    /** No label. */
    public static final Labels NONE = new Labels(0, 0);
    /** The highest label bit. */
    public static final int MAX_BIT = 127;

    private final long low;
    private final long high;

    private Labels(final long low, final long high) {
        this.low = low;
        this.high = high;
    }

    /**
     * @param bits label bit numbers 0..127
     * @return the label set
     */
    public static Labels of(final int... bits) {
        Labels l = NONE;
        for (final int b : bits) {
            l = l.with(b);
        }
        return l;
    }

    /**
     * @param low  bits 0..63
     * @param high bits 64..127
     * @return the label set
     */
    public static Labels ofWords(final long low, final long high) {
        return low == 0 && high == 0 ? NONE : new Labels(low, high);
    }

    /** @return bits 0..63 */
    public long low() {
        return low;
    }

    /** @return bits 64..127 */
    public long high() {
        return high;
    }

    /**
     * @param bit a label bit, 0..127
     * @return true if set
     */
    public boolean contains(final int bit) {
        Check.range("label", bit, 0, MAX_BIT);
        return bit < 64 ? (low >>> bit & 1) != 0 : (high >>> (bit - 64) & 1) != 0;
    }

    /**
     * @param other another label set
     * @return true if every label of {@code other} is set here
     */
    public boolean containsAll(final Labels other) {
        return (low & other.low) == other.low && (high & other.high) == other.high;
    }

    /**
     * @param bit a label bit, 0..127
     * @return this set plus the label
     */
    public Labels with(final int bit) {
        Check.range("label", bit, 0, MAX_BIT);
        return bit < 64 ? new Labels(low | 1L << bit, high) : new Labels(low, high | 1L << (bit - 64));
    }

    /**
     * @param other labels to add
     * @return the union
     */
    public Labels union(final Labels other) {
        return ofWords(low | other.low, high | other.high);
    }

    /**
     * @param other labels to remove
     * @return this set without them
     */
    public Labels minus(final Labels other) {
        return ofWords(low & ~other.low, high & ~other.high);
    }

    /** @return true if no label is set */
    public boolean isEmpty() {
        return low == 0 && high == 0;
    }

    /** @return the set label bits in ascending order */
    public IntStream bits() {
        return IntStream.rangeClosed(0, MAX_BIT).filter(this::contains);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Labels && ((Labels) o).low == low && ((Labels) o).high == high;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(low) * 31 + Long.hashCode(high);
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner(",", "{", "}");
        bits().forEach(b -> j.add(Integer.toString(b)));
        return j.toString();
    }
}
