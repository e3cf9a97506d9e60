package io.conntrack4j.netlink.codec;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.NFGEN_HDRLEN;
import static io.conntrack4j.netlink.codec.Ctnetlink.NLMSG_HDRLEN;

/**
 * The attribute layout of one well-formed conntrack message: where each attribute {@link FlowView} reads sits,
 * relative to the message's start, and every attribute header met while finding them. The kernel lays out the flows
 * of a dump alike (the same attributes, in the same order, with the same lengths, for each family, protocol and
 * set of extensions), so a dump has a handful of layouts.
 *
 * <p>A message {@link #matches} a layout when it has the same length and the same header word at each recorded
 * position. Its attributes then sit at the layout's offsets, with the lengths the layout was checked with: every
 * length check of {@link FlowSlots#index} depends only on those header words and the message's length. Checking
 * the recorded headers is a run of independent loads, where indexing a message is a chain of dependent ones.
 */
final class FlowLayout {
    /** Headers a layout can record; a message with more is not cached. */
    private static final int MAX_HEADERS = 96;
    /** The payload offset of each slot relative to the message start, -1 when absent. */
    final int[] offsets = new int[FlowSlots.SLOTS];
    /** The payload length of each present slot. */
    final int[] lengths = new int[FlowSlots.SLOTS];
    /** (offset relative to the message start, header word) pairs. */
    private final int[] headers = new int[2 * MAX_HEADERS];
    private int headerCount;
    private boolean repeats;
    private int length = -1;

    /**
     * @return true if the message at {@code at} has this layout (the caller checked that it lies within the buffer)
     */
    boolean matches(final ByteBuffer b, final int at, final int messageLength) {
        if (messageLength != length) {
            return false;
        }
        final int[] h = headers;
        final int n = 2 * headerCount;
        for (int i = 0; i < n; i += 2) {
            if (b.getInt(at + h[i]) != h[i + 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Learns the layout of a message by indexing every group.
     *
     * @return true if the message is well-formed in every group and small enough to record; false leaves this
     *         layout empty (it matches nothing)
     */
    boolean learn(final ByteBuffer b, final int at, final int messageLength) {
        length = -1;
        headerCount = 0;
        repeats = false;
        boolean wellFormed = FlowSlots.index(b, at + NLMSG_HDRLEN + NFGEN_HDRLEN, at + messageLength, FlowSlots.TOP,
            at, offsets, lengths, this);
        for (int g = 1; g < FlowSlots.GROUPS && wellFormed; g++) {
            final int nest = FlowSlots.NEST_SLOT[g];
            final int start = offsets[nest];
            if (start < 0) {
                FlowSlots.absent(g, offsets);
            } else {
                wellFormed = FlowSlots.index(b, at + start, at + start + lengths[nest], g, at, offsets, lengths, this);
            }
        }
        if (!wellFormed || headerCount > MAX_HEADERS) {
            return false;
        }
        length = messageLength;
        return true;
    }

    /** Records an attribute header met while learning (beyond the capacity, only counts it). */
    void record(final int position, final int header) {
        if (headerCount < MAX_HEADERS) {
            headers[2 * headerCount] = position;
            headers[2 * headerCount + 1] = header;
        }
        headerCount++;
    }

    /** Notes that an attribute type occurs more than once at one level. */
    void repeats() {
        repeats = true;
    }

    /**
     * @return true if some level holds an attribute type more than once: the layout keeps the last, but a decoder
     *         that walks the attributes meets the earlier ones too
     */
    boolean hasRepeats() {
        return repeats;
    }
}
