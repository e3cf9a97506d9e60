package io.conntrack4j.sim.internal;

import io.conntrack4j.model.StatusBits;

/**
 * The status words entry views show, shared: a small direct-mapped cache of recent values, so that showing an entry
 * whose status was shown before allocates nothing for it. Lock-free across namespaces: a racing thread may replace
 * a slot or miss it, never see a partly built value ({@link StatusBits}'s field is final).
 */
final class StatusWords {
    private static final StatusBits[] RECENT = new StatusBits[64];

    private StatusWords() {
    }

    /**
     * @param value a status word
     * @return a {@link StatusBits} of that value
     */
    static StatusBits of(final int value) {
        final int slot = (value ^ value >>> 6 ^ value >>> 12) & (RECENT.length - 1);
        final StatusBits recent = RECENT[slot];
        if (recent != null && recent.value() == value) {
            return recent;
        }
        final StatusBits made = new StatusBits(value);
        RECENT[slot] = made;
        return made;
    }
}
