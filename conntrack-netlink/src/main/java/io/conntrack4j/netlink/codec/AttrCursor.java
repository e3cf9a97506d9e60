package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;

import java.nio.ByteBuffer;

/**
 * A reusable cursor over the attributes between two offsets of a native-order buffer. Each {@link #next()} checks
 * the attribute's length against the enclosing bounds, so a corrupted length raises {@link DecodeException} with
 * the attribute's offset instead of reading past it. Allocates nothing.
 */
final class AttrCursor {
    private ByteBuffer buffer;
    private int next;
    private int end;
    private int offset;
    private int type;
    private int length;

    AttrCursor wrap(final ByteBuffer buf, final int start, final int limit) {
        this.buffer = buf;
        this.next = start;
        this.end = limit;
        this.offset = -1;
        return this;
    }

    /** @return true if positioned on another attribute */
    boolean next() {
        if (end - next < Ctnetlink.NLA_HDRLEN) {
            return false; // at most 3 bytes of trailing padding, as the kernel's nla_for_each accepts
        }
        final int len = Wire.u16host(buffer, next);
        if (len < Ctnetlink.NLA_HDRLEN || len > end - next) {
            throw new DecodeException(next, "attribute length " + len + " outside 4.." + (end - next));
        }
        offset = next;
        type = Wire.u16host(buffer, next + 2);
        length = len - Ctnetlink.NLA_HDRLEN;
        next = Math.min(end, next + Wire.align4(len));
        return true;
    }

    /** @return the attribute type without the NESTED and BYTEORDER flags */
    int type() {
        return type & Ctnetlink.NLA_TYPE_MASK;
    }

    /** @return the offset of the attribute header */
    int offset() {
        return offset;
    }

    /** @return the offset of the payload */
    int payload() {
        return offset + Ctnetlink.NLA_HDRLEN;
    }

    /** @return the payload length (without padding) */
    int length() {
        return length;
    }

    /** @return the end offset of the payload */
    int payloadEnd() {
        return offset + Ctnetlink.NLA_HDRLEN + length;
    }

    /**
     * @param declared the attribute's declaration
     * @return the payload offset, after checking the payload is long enough for the declaration
     */
    int checked(final Attr declared) {
        if (length < declared.minimumSize()) {
            throw new DecodeException(offset, declared.name() + " has " + length + " bytes, needs "
                + declared.minimumSize());
        }
        return payload();
    }

    int u8(final Attr declared) {
        return Wire.u8(buffer, checked(declared));
    }

    int u16(final Attr declared) {
        return Wire.u16be(buffer, checked(declared));
    }

    long u32(final Attr declared) {
        return Wire.u32be(buffer, checked(declared)) & 0xFFFF_FFFFL;
    }

    int u32raw(final Attr declared) {
        return Wire.u32be(buffer, checked(declared));
    }

    int u32host(final Attr declared) {
        return Wire.u32host(buffer, checked(declared));
    }

    long u64(final Attr declared) {
        return Wire.u64be(buffer, checked(declared));
    }

    /** @return the payload as a string up to the first NUL */
    String string() {
        final int start = payload();
        int stop = start;
        final int limit = payloadEnd();
        while (stop < limit && buffer.get(stop) != 0) {
            stop++;
        }
        final byte[] bytes = new byte[stop - start];
        buffer.get(start, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @return a copy of the payload */
    byte[] bytes() {
        final byte[] bytes = new byte[length];
        buffer.get(payload(), bytes);
        return bytes;
    }
}
