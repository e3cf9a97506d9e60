package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * A zero-allocation, read-only view of one conntrack message, in the style of a flyweight: {@link #wrap} positions
 * it on a message, and each accessor reads only what it needs. Reuse one view for every message of a dump to decode
 * a projection (e.g. tuples and counters) without creating objects.
 *
 * <p>Absent values are reported as {@code -1} ({@link #has} tells whether an attribute is present). Valid until the
 * next {@code wrap} or until the buffer changes. Not thread-safe.
 *
 * <p>How it finds attributes: the kernel lays out the flows of a dump alike, so the view remembers the layouts of
 * the messages it has seen (a few {@link FlowLayout}s in a {@link LayoutCache}, found by message length). A message
 * with a known layout is checked header by header against it, a run of independent loads, and then read at the
 * layout's offsets. Any other message is indexed level by level as accessors need it (each level in one loop over
 * its attribute headers, every length checked), and its layout is learned if it is well-formed. Both ways give the
 * same values and raise the same {@link DecodeException}s: a layout is only learned from, and only matches, messages
 * whose every indexed level is well-formed. On a 100k-flow dump, reading both tuples and the counters took 162 ns
 * per flow by indexing and 44 ns by layout (DecodeBenchmark, quiet 2-core VM; see BENCHMARKS.md).
 */
public final class FlowView {
    /** Absolute payload offsets of the slots indexed so far (general mode). */
    private final int[] offsets = new int[FlowSlots.SLOTS];
    private final int[] lengths = new int[FlowSlots.SLOTS];
    /** Learned layouts; null: always index (for tests comparing both ways). */
    private final LayoutCache layouts;
    private ByteBuffer buffer;
    private int offset;
    private int end;
    /** The current message's layout, or null when indexing it level by level. */
    private FlowLayout layout;
    /** Groups of {@link #offsets} indexed for the current message (general mode). */
    private int indexed;

    /** A view that learns the layouts of the messages it reads. */
    public FlowView() {
        this(true);
    }

    private FlowView(final boolean learnLayouts) {
        this.layouts = learnLayouts ? new LayoutCache() : null;
    }

    /** @return a view that always indexes, never using layouts: the reference the layout path is tested against */
    static FlowView indexingOnly() {
        return new FlowView(false);
    }

    /** @return true if the current message is read through a layout (for tests) */
    boolean readsByLayout() {
        return layout != null;
    }

    /** @return true if the message matches a layout this view learned earlier (for tests) */
    boolean knows(final ByteBuffer buf, final int at, final int length) {
        return layouts != null && layouts.knows(buf, at, length);
    }

    /**
     * Positions the view on a message and checks its top-level attributes.
     *
     * @param buf    the buffer, in native byte order
     * @param at     the message's offset
     * @param length the message's nlmsg_len
     * @return this view
     */
    public FlowView wrap(final ByteBuffer buf, final int at, final int length) {
        if (length < NLMSG_HDRLEN + NFGEN_HDRLEN || at < 0 || at + length > buf.limit()) {
            throw new DecodeException(at, "conntrack message of " + length + " bytes does not fit");
        }
        this.buffer = buf;
        this.offset = at;
        this.end = at + length;
        this.indexed = 0;
        this.layout = layouts == null ? null : layouts.layoutOf(buf, at, length);
        if (layout == null) {
            ensure(FlowSlots.TOP); // a malformed top level fails here
        }
        return this;
    }

    /** @return the absolute payload offset of a slot's attribute, or -1 if absent */
    private int payload(final int slot) {
        final FlowLayout l = layout;
        if (l != null) {
            final int relative = l.offsets[slot];
            return relative < 0 ? -1 : offset + relative;
        }
        ensure(FlowSlots.GROUP_OF[slot]);
        return offsets[slot];
    }

    /** Indexes a group (and its parents) of the current message unless done. */
    private void ensure(final int group) {
        if ((indexed & (1 << group)) != 0) {
            return;
        }
        if (group == FlowSlots.TOP) {
            FlowSlots.index(buffer, offset + NLMSG_HDRLEN + NFGEN_HDRLEN, end,
                FlowSlots.TOP, 0, offsets, lengths, null);
        } else {
            ensure(FlowSlots.PARENT[group]);
            final int nest = FlowSlots.NEST_SLOT[group];
            final int start = offsets[nest];
            if (start < 0) {
                FlowSlots.absent(group, offsets);
            } else {
                FlowSlots.index(buffer, start, start + lengths[nest], group, 0, offsets, lengths, null);
            }
        }
        indexed |= 1 << group;
    }

    /**
     * @param ctaType a top-level attribute type ({@code Ctnetlink.CTA_*})
     * @return true if the message carries it
     */
    public boolean has(final int ctaType) {
        return ctaType > 0 && ctaType < FlowSlots.ORIG_TUPLE_BASE && payload(FlowSlots.TOP_BASE + ctaType) >= 0;
    }

    /** @return nfgen_family: 2 (IPv4) or 10 (IPv6) */
    public int family() {
        return Wire.u8(buffer, offset + NLMSG_HDRLEN);
    }

    /** @return nlmsg_type */
    public int messageType() {
        return Wire.u16host(buffer, offset + 4);
    }

    /** @return nlmsg_flags */
    public int messageFlags() {
        return Wire.u16host(buffer, offset + 6);
    }

    /** @return CTA_STATUS, or -1 */
    public long status() {
        return u32(FlowSlots.TOP_BASE + CTA_STATUS);
    }

    /** @return CTA_MARK, or -1 (events omit a zero mark) */
    public long mark() {
        return u32(FlowSlots.TOP_BASE + CTA_MARK);
    }

    /** @return CTA_TIMEOUT in seconds, or -1 */
    public long timeout() {
        return u32(FlowSlots.TOP_BASE + CTA_TIMEOUT);
    }

    /** @return CTA_USE, or -1 */
    public long use() {
        return u32(FlowSlots.TOP_BASE + CTA_USE);
    }

    /** @return the CTA_ID bytes read big-endian (as conntrack prints them), or -1 */
    public long id() {
        return u32(FlowSlots.TOP_BASE + CTA_ID);
    }

    /** @return CTA_ZONE, or 0 when absent (the default zone) */
    public int zone() {
        final int at = payload(FlowSlots.TOP_BASE + CTA_ZONE);
        return at < 0 ? 0 : Wire.u16be(buffer, at);
    }

    /** @return the layer-4 protocol number of the original tuple, or -1 */
    public int protocol() {
        return u8(FlowSlots.ORIG_PROTO_BASE + CTA_PROTO_NUM);
    }

    /** @return the original source port, or -1 */
    public int originalSourcePort() {
        return u16(FlowSlots.ORIG_PROTO_BASE + CTA_PROTO_SRC_PORT);
    }

    /** @return the original destination port, or -1 */
    public int originalDestinationPort() {
        return u16(FlowSlots.ORIG_PROTO_BASE + CTA_PROTO_DST_PORT);
    }

    /** @return the reply source port, or -1 */
    public int replySourcePort() {
        return u16(FlowSlots.REPLY_PROTO_BASE + CTA_PROTO_SRC_PORT);
    }

    /** @return the reply destination port, or -1 */
    public int replyDestinationPort() {
        return u16(FlowSlots.REPLY_PROTO_BASE + CTA_PROTO_DST_PORT);
    }

    /** @return the original ICMP type (ICMP or ICMPv6), or -1 */
    public int icmpType() {
        final int v4 = u8(FlowSlots.ORIG_PROTO_BASE + CTA_PROTO_ICMP_TYPE);
        return v4 >= 0 ? v4 : u8(FlowSlots.ORIG_PROTO_BASE + CTA_PROTO_ICMPV6_TYPE);
    }

    /** @return the original source IPv4 address (32 bits, most significant first); 0 if absent */
    public int originalSourceV4() {
        return v4(FlowSlots.ORIG_IP_BASE + CTA_IP_V4_SRC);
    }

    /** @return the original destination IPv4 address; 0 if absent */
    public int originalDestinationV4() {
        return v4(FlowSlots.ORIG_IP_BASE + CTA_IP_V4_DST);
    }

    /** @return the reply source IPv4 address; 0 if absent */
    public int replySourceV4() {
        return v4(FlowSlots.REPLY_IP_BASE + CTA_IP_V4_SRC);
    }

    /** @return the reply destination IPv4 address; 0 if absent */
    public int replyDestinationV4() {
        return v4(FlowSlots.REPLY_IP_BASE + CTA_IP_V4_DST);
    }

    /**
     * Copies an address of the original tuple (4 or 16 bytes) without allocating.
     *
     * @param source true for the source, false for the destination
     * @param into   at least 16 bytes
     * @return the number of bytes copied (4, 16, or 0 if absent)
     */
    public int copyOriginalAddress(final boolean source, final byte[] into) {
        final int v6 = payload(FlowSlots.ORIG_IP_BASE + (source ? CTA_IP_V6_SRC : CTA_IP_V6_DST));
        if (v6 >= 0) {
            buffer.get(v6, into, 0, 16);
            return 16;
        }
        final int v4 = payload(FlowSlots.ORIG_IP_BASE + (source ? CTA_IP_V4_SRC : CTA_IP_V4_DST));
        if (v4 >= 0) {
            buffer.get(v4, into, 0, 4);
            return 4;
        }
        return 0;
    }

    /** @return original-direction packets, or -1 without accounting */
    public long originalPackets() {
        return u64(FlowSlots.COUNTERS_ORIG_BASE + CTA_COUNTERS_PACKETS);
    }

    /** @return original-direction bytes, or -1 without accounting */
    public long originalBytes() {
        return u64(FlowSlots.COUNTERS_ORIG_BASE + CTA_COUNTERS_BYTES);
    }

    /** @return reply-direction packets, or -1 without accounting */
    public long replyPackets() {
        return u64(FlowSlots.COUNTERS_REPLY_BASE + CTA_COUNTERS_PACKETS);
    }

    /** @return reply-direction bytes, or -1 without accounting */
    public long replyBytes() {
        return u64(FlowSlots.COUNTERS_REPLY_BASE + CTA_COUNTERS_BYTES);
    }

    /** @return the start time in ns since the epoch, or -1 without timestamps */
    public long startNanos() {
        return u64(FlowSlots.TIMESTAMP_BASE + CTA_TIMESTAMP_START);
    }

    /** @return the TCP state value, or -1 */
    public int tcpState() {
        return u8(FlowSlots.TCP_BASE + CTA_PROTOINFO_TCP_STATE);
    }

    private int u8(final int slot) {
        final int at = payload(slot);
        return at < 0 ? -1 : Wire.u8(buffer, at);
    }

    private int u16(final int slot) {
        final int at = payload(slot);
        return at < 0 ? -1 : Wire.u16be(buffer, at);
    }

    private long u32(final int slot) {
        final int at = payload(slot);
        return at < 0 ? -1 : Wire.u32be(buffer, at) & 0xFFFF_FFFFL;
    }

    private int v4(final int slot) {
        final int at = payload(slot);
        return at < 0 ? 0 : Wire.u32be(buffer, at);
    }

    private long u64(final int slot) {
        final int at = payload(slot);
        return at < 0 ? -1 : Wire.u64be(buffer, at);
    }
}
