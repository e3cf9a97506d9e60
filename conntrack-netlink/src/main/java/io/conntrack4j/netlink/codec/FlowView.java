package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * A zero-allocation, read-only view of one conntrack message, in the style of a flyweight: {@link #wrap} indexes the
 * top-level attributes in one pass (checking every length), and each accessor reads only what it needs — nested
 * tuples and counters are indexed on first use. Reuse one view for every message of a dump to decode a projection
 * (e.g. tuples and counters) without creating objects.
 *
 * <p>Absent values are reported as {@code -1} ({@link #has} tells whether an attribute is present). Valid until the
 * next {@code wrap} or until the buffer changes. Not thread-safe.
 */
public final class FlowView {
    private static final int SLOTS = 32;
    private final AttrCursor cursor = new AttrCursor();
    private final int[] top = new int[SLOTS];
    private final int[] topLength = new int[SLOTS];
    private final Nest original = new Nest();
    private final Nest reply = new Nest();
    private final Nest originalIp = new Nest();
    private final Nest replyIp = new Nest();
    private final Nest originalProto = new Nest();
    private final Nest replyProto = new Nest();
    private final Nest countersOriginal = new Nest();
    private final Nest countersReply = new Nest();
    private final Nest timestamp = new Nest();
    private final Nest protoInfo = new Nest();
    private final Nest tcp = new Nest();
    private ByteBuffer buffer;
    private int offset;
    private int generation;

    /**
     * Positions the view on a message and indexes its top-level attributes.
     *
     * @param buf    the buffer, in native byte order
     * @param at     the message's offset
     * @param length the message's nlmsg_len
     * @return this view
     */
    public FlowView wrap(final ByteBuffer buf, final int at, final int length) {
        if (length < NLMSG_HDRLEN + NFGEN_HDRLEN || at + length > buf.limit()) {
            throw new DecodeException(at, "conntrack message of " + length + " bytes does not fit");
        }
        this.buffer = buf;
        this.offset = at;
        generation++;
        for (int i = 0; i < SLOTS; i++) {
            top[i] = 0;
        }
        cursor.wrap(buf, at + NLMSG_HDRLEN + NFGEN_HDRLEN, at + length);
        while (cursor.next()) {
            final int type = cursor.type();
            final Attr a = CTA.get(type);
            if (a != null) {
                top[type] = cursor.checked(a) + 1;
                topLength[type] = cursor.length();
            }
        }
        return this;
    }

    /**
     * @param ctaType a top-level attribute type ({@code Ctnetlink.CTA_*})
     * @return true if the message carries it
     */
    public boolean has(final int ctaType) {
        return ctaType > 0 && ctaType < SLOTS && top[ctaType] != 0;
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

    private long u32(final int ctaType) {
        return top[ctaType] == 0 ? -1 : Wire.u32be(buffer, top[ctaType] - 1) & 0xFFFF_FFFFL;
    }

    /** @return CTA_STATUS, or -1 */
    public long status() {
        return u32(CTA_STATUS);
    }

    /** @return CTA_MARK, or -1 (events omit a zero mark) */
    public long mark() {
        return u32(CTA_MARK);
    }

    /** @return CTA_TIMEOUT in seconds, or -1 */
    public long timeout() {
        return u32(CTA_TIMEOUT);
    }

    /** @return CTA_USE, or -1 */
    public long use() {
        return u32(CTA_USE);
    }

    /** @return the CTA_ID bytes read big-endian (as conntrack prints them), or -1 */
    public long id() {
        return u32(CTA_ID);
    }

    /** @return CTA_ZONE, or 0 when absent (the default zone) */
    public int zone() {
        return top[CTA_ZONE] == 0 ? 0 : Wire.u16be(buffer, top[CTA_ZONE] - 1);
    }

    /** @return the layer-4 protocol number of the original tuple, or -1 */
    public int protocol() {
        return u8(proto(true), CTA_PROTO_NUM);
    }

    /** @return the original source port, or -1 */
    public int originalSourcePort() {
        return u16(proto(true), CTA_PROTO_SRC_PORT);
    }

    /** @return the original destination port, or -1 */
    public int originalDestinationPort() {
        return u16(proto(true), CTA_PROTO_DST_PORT);
    }

    /** @return the reply source port, or -1 */
    public int replySourcePort() {
        return u16(proto(false), CTA_PROTO_SRC_PORT);
    }

    /** @return the reply destination port, or -1 */
    public int replyDestinationPort() {
        return u16(proto(false), CTA_PROTO_DST_PORT);
    }

    /** @return the original ICMP type (ICMP or ICMPv6), or -1 */
    public int icmpType() {
        final Nest p = proto(true);
        final int v4 = u8(p, CTA_PROTO_ICMP_TYPE);
        return v4 >= 0 ? v4 : u8(p, CTA_PROTO_ICMPV6_TYPE);
    }

    /** @return the original source IPv4 address (32 bits, most significant first); 0 if absent */
    public int originalSourceV4() {
        return v4(ip(true), CTA_IP_V4_SRC);
    }

    /** @return the original destination IPv4 address; 0 if absent */
    public int originalDestinationV4() {
        return v4(ip(true), CTA_IP_V4_DST);
    }

    /** @return the reply source IPv4 address; 0 if absent */
    public int replySourceV4() {
        return v4(ip(false), CTA_IP_V4_SRC);
    }

    /** @return the reply destination IPv4 address; 0 if absent */
    public int replyDestinationV4() {
        return v4(ip(false), CTA_IP_V4_DST);
    }

    /**
     * Copies an address of the original tuple (4 or 16 bytes) without allocating.
     *
     * @param source true for the source, false for the destination
     * @param into   at least 16 bytes
     * @return the number of bytes copied (4, 16, or 0 if absent)
     */
    public int copyOriginalAddress(final boolean source, final byte[] into) {
        final Nest ip = ip(true);
        final int v6 = ip.offset(source ? CTA_IP_V6_SRC : CTA_IP_V6_DST);
        if (v6 >= 0) {
            buffer.get(v6, into, 0, 16);
            return 16;
        }
        final int v4 = ip.offset(source ? CTA_IP_V4_SRC : CTA_IP_V4_DST);
        if (v4 >= 0) {
            buffer.get(v4, into, 0, 4);
            return 4;
        }
        return 0;
    }

    /** @return original-direction packets, or -1 without accounting */
    public long originalPackets() {
        return u64(counters(true), CTA_COUNTERS_PACKETS);
    }

    /** @return original-direction bytes, or -1 without accounting */
    public long originalBytes() {
        return u64(counters(true), CTA_COUNTERS_BYTES);
    }

    /** @return reply-direction packets, or -1 without accounting */
    public long replyPackets() {
        return u64(counters(false), CTA_COUNTERS_PACKETS);
    }

    /** @return reply-direction bytes, or -1 without accounting */
    public long replyBytes() {
        return u64(counters(false), CTA_COUNTERS_BYTES);
    }

    /** @return the start time in ns since the epoch, or -1 without timestamps */
    public long startNanos() {
        return u64(nested(timestamp, CTA_TIMESTAMP, TIMESTAMP), CTA_TIMESTAMP_START);
    }

    /** @return the TCP state value, or -1 */
    public int tcpState() {
        final Nest info = nested(protoInfo, CTA_PROTOINFO, PROTOINFO);
        final int at = info.offset(CTA_PROTOINFO_TCP);
        if (at < 0) {
            return -1;
        }
        final Nest state = tcp.fresh(generation) ? tcp
            : tcp.index(this, at, info.length(CTA_PROTOINFO_TCP), PROTOINFO_TCP);
        return u8(state, CTA_PROTOINFO_TCP_STATE);
    }

    // ---- lazy nested indexes

    private Nest tuple(final boolean orig) {
        return nested(orig ? original : reply, orig ? CTA_TUPLE_ORIG : CTA_TUPLE_REPLY, TUPLE);
    }

    private Nest ip(final boolean orig) {
        final Nest t = tuple(orig);
        final Nest ip = orig ? originalIp : replyIp;
        return ip.fresh(generation) ? ip : ip.index(this, t.offset(CTA_TUPLE_IP), t.length(CTA_TUPLE_IP), IP);
    }

    private Nest proto(final boolean orig) {
        final Nest t = tuple(orig);
        final Nest p = orig ? originalProto : replyProto;
        return p.fresh(generation) ? p : p.index(this, t.offset(CTA_TUPLE_PROTO), t.length(CTA_TUPLE_PROTO), PROTO);
    }

    private Nest counters(final boolean orig) {
        return nested(orig ? countersOriginal : countersReply, orig ? CTA_COUNTERS_ORIG : CTA_COUNTERS_REPLY,
            COUNTERS);
    }

    private Nest nested(final Nest nest, final int ctaType, final AttrSchema schema) {
        if (nest.fresh(generation)) {
            return nest;
        }
        return nest.index(this, top[ctaType] - 1, top[ctaType] == 0 ? 0 : topLength[ctaType], schema);
    }

    private int u8(final Nest n, final int type) {
        final int at = n.offset(type);
        return at < 0 ? -1 : Wire.u8(buffer, at);
    }

    private int u16(final Nest n, final int type) {
        final int at = n.offset(type);
        return at < 0 ? -1 : Wire.u16be(buffer, at);
    }

    private int v4(final Nest n, final int type) {
        final int at = n.offset(type);
        return at < 0 ? 0 : Wire.u32be(buffer, at);
    }

    private long u64(final Nest n, final int type) {
        final int at = n.offset(type);
        return at < 0 ? -1 : Wire.u64be(buffer, at);
    }

    /** The payload offsets of one nest's children, indexed once per message. */
    private static final class Nest {
        private final int[] offsets = new int[12];
        private final int[] lengths = new int[12];
        private int generation = -1;

        boolean fresh(final int current) {
            return generation == current;
        }

        Nest index(final FlowView view, final int start, final int length, final AttrSchema schema) {
            generation = view.generation;
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = -1;
            }
            if (start < 0) {
                return this;
            }
            final AttrCursor c = view.cursor.wrap(view.buffer, start, start + length);
            while (c.next()) {
                final int type = c.type();
                final Attr a = schema.get(type);
                if (a != null && type < offsets.length && a.kind() != AttrKind.PAD) {
                    offsets[type] = c.checked(a);
                    lengths[type] = c.length();
                }
            }
            return this;
        }

        int offset(final int type) {
            return offsets[type];
        }

        int length(final int type) {
            return lengths[type];
        }
    }
}
