package io.conntrack4j.netlink.codec;

import java.nio.ByteBuffer;

/**
 * The {@link FlowLayout}s learned from the messages read so far, found by message length. A dump has a handful of
 * layouts, but two of them can fall into one set of lengths (a 252- and a 284-byte flow did, with one layout per
 * set, and relearned one of them for 9% of the flows of a dump), so each set holds two: the one learned last, then
 * the one before. A miss relearns into the older one's arrays, so a dump allocates nothing once its layouts are
 * known. Not thread-safe.
 */
final class LayoutCache {
    private static final int SETS = 16;
    /** Set {@code s}: the newer layout at {@code 2s}, the older at {@code 2s + 1}; null until learned. */
    private final FlowLayout[] ways = new FlowLayout[2 * SETS];

    /**
     * @return the layout of a message that lies within the buffer: a known one it matches, else its own, learned
     *         now; null if it is malformed somewhere (or too large to record). Never throws.
     */
    FlowLayout layoutOf(final ByteBuffer buf, final int at, final int length) {
        final int set = set(length);
        final FlowLayout known = known(buf, at, length, set);
        if (known != null) {
            return known;
        }
        final FlowLayout newer = ways[set];
        final FlowLayout older = ways[set + 1];
        final FlowLayout learned = older != null ? older : new FlowLayout();
        if (!learned.learn(buf, at, length)) {
            ways[set + 1] = learned; // empty now: it matches nothing
            return null;
        }
        ways[set + 1] = newer;
        ways[set] = learned;
        return learned;
    }

    /** @return true if the message matches a layout learned earlier (for tests) */
    boolean knows(final ByteBuffer buf, final int at, final int length) {
        return known(buf, at, length, set(length)) != null;
    }

    /** @return the index of the newer layout of the set that messages of this length fall into */
    private static int set(final int length) {
        return 2 * ((length >>> 2) & (SETS - 1));
    }

    /** @return the set's layout that the message matches, the newer one first, or null */
    private FlowLayout known(final ByteBuffer buf, final int at, final int length, final int set) {
        final FlowLayout newer = ways[set];
        if (newer != null && newer.matches(buf, at, length)) {
            return newer;
        }
        final FlowLayout older = ways[set + 1];
        return older != null && older.matches(buf, at, length) ? older : null;
    }
}
