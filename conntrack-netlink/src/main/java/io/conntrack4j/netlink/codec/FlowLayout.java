package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;

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
    private final int[] lengths = new int[FlowSlots.SLOTS];
    /** (offset relative to the message start, header word) pairs. */
    private final int[] headers = new int[2 * MAX_HEADERS];
    private int headerCount;
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
        int count = 0;
        try {
            count = FlowSlots.index(b, at + NLMSG_HDRLEN + NFGEN_HDRLEN, at + messageLength, FlowSlots.TOP, at,
                offsets, lengths, headers, 0);
            for (int g = 1; g < FlowSlots.GROUPS; g++) {
                final int nest = FlowSlots.NEST_SLOT[g];
                final int start = offsets[nest];
                if (start < 0) {
                    FlowSlots.absent(g, offsets);
                } else {
                    count = FlowSlots.index(b, at + start, at + start + lengths[nest], g, at, offsets, lengths,
                        headers, count);
                }
            }
        } catch (final DecodeException malformed) {
            return false;
        }
        if (count > MAX_HEADERS) {
            return false;
        }
        headerCount = count;
        length = messageLength;
        return true;
    }
}
