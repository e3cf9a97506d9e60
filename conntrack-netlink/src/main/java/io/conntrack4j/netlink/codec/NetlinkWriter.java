package io.conntrack4j.netlink.codec;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes netlink messages into a buffer: headers in host order, payloads as each attribute kind requires, every
 * attribute and message 4-byte aligned with zeroed padding, nests flagged {@code NLA_F_NESTED}. Reusable: wrap a
 * buffer, write messages, read {@link #position()}. Throws {@link BufferOverflowException} when the buffer is full
 * (the buffer then holds the complete messages before {@link #messageStart()}).
 */
public final class NetlinkWriter {
    private ByteBuffer buffer;
    private int position;
    private int messageStart;

    /**
     * @param target the buffer to fill from its position; its byte order is not changed
     * @return this writer
     */
    public NetlinkWriter wrap(final ByteBuffer target) {
        this.buffer = Wire.native_(target);
        this.position = target.position();
        this.messageStart = position;
        return this;
    }

    /** @return the offset after the last byte written */
    public int position() {
        return position;
    }

    /** @return the offset of the message being written (or of the next one) */
    public int messageStart() {
        return messageStart;
    }

    private int reserve(final int bytes) {
        final int at = position;
        final int aligned = Wire.align4(bytes);
        if (at + aligned > buffer.limit()) {
            throw new BufferOverflowException();
        }
        for (int i = bytes; i < aligned; i++) {
            buffer.put(at + i, (byte) 0);
        }
        position = at + aligned;
        return at;
    }

    /**
     * Starts a message with its nlmsghdr and nfgenmsg.
     *
     * @param type    nlmsg_type
     * @param flags   nlmsg_flags
     * @param seq     nlmsg_seq
     * @param family  nfgen_family
     * @param version nfgenmsg version
     * @param resId   res_id (written big-endian)
     * @return this writer
     */
    public NetlinkWriter begin(final int type, final int flags, final int seq, final int family, final int version,
                               final int resId) {
        return begin(type, flags, seq, 0, family, version, resId);
    }

    /**
     * Starts a message with its nlmsghdr (with a port id, as the kernel sends) and nfgenmsg.
     *
     * @param type    nlmsg_type
     * @param flags   nlmsg_flags
     * @param seq     nlmsg_seq
     * @param portId  nlmsg_pid
     * @param family  nfgen_family
     * @param version nfgenmsg version
     * @param resId   res_id (written big-endian)
     * @return this writer
     */
    public NetlinkWriter begin(final int type, final int flags, final int seq, final int portId, final int family,
                               final int version, final int resId) {
        messageStart = position;
        final int at = reserve(Ctnetlink.NLMSG_HDRLEN + Ctnetlink.NFGEN_HDRLEN);
        Wire.putU32host(buffer, at, 0);
        Wire.putU16host(buffer, at + 4, type);
        Wire.putU16host(buffer, at + 6, flags);
        Wire.putU32host(buffer, at + 8, seq);
        Wire.putU32host(buffer, at + 12, portId);
        buffer.put(at + 16, (byte) family);
        buffer.put(at + 17, (byte) version);
        Wire.putU16be(buffer, at + 18, resId);
        return this;
    }

    /**
     * Starts a message with only its nlmsghdr (NLMSG_ERROR and NLMSG_DONE have no nfgenmsg).
     *
     * @param type   nlmsg_type
     * @param flags  nlmsg_flags
     * @param seq    nlmsg_seq
     * @param portId nlmsg_pid
     * @return this writer
     */
    public NetlinkWriter beginBare(final int type, final int flags, final int seq, final int portId) {
        messageStart = position;
        final int at = reserve(Ctnetlink.NLMSG_HDRLEN);
        Wire.putU32host(buffer, at, 0);
        Wire.putU16host(buffer, at + 4, type);
        Wire.putU16host(buffer, at + 6, flags);
        Wire.putU32host(buffer, at + 8, seq);
        Wire.putU32host(buffer, at + 12, portId);
        return this;
    }

    /** @return the length of the finished message */
    public int end() {
        final int length = position - messageStart;
        Wire.putU32host(buffer, messageStart, length);
        messageStart = position;
        return length;
    }

    /**
     * Writes one raw host-order 32-bit word outside any attribute (error codes, echoed headers).
     *
     * @param value the word
     */
    void rawWord(final int value) {
        Wire.putU32host(buffer, reserve(4), value);
    }

    /** @return the offset of the nest header, to pass to {@link #endNest(int)} */
    public int beginNest(final int type) {
        final int at = reserve(Ctnetlink.NLA_HDRLEN);
        Wire.putU16host(buffer, at + 2, type | Ctnetlink.NLA_F_NESTED);
        return at;
    }

    /** @param nestStart the value {@link #beginNest(int)} returned */
    public void endNest(final int nestStart) {
        Wire.putU16host(buffer, nestStart, position - nestStart);
    }

    private int attribute(final int type, final int payload) {
        final int at = reserve(Ctnetlink.NLA_HDRLEN + payload);
        Wire.putU16host(buffer, at, Ctnetlink.NLA_HDRLEN + payload);
        Wire.putU16host(buffer, at + 2, type);
        return at + Ctnetlink.NLA_HDRLEN;
    }

    /** Writes a u8 attribute. */
    public void u8(final int type, final int value) {
        buffer.put(attribute(type, 1), (byte) value);
    }

    /** Writes a two-byte attribute from two u8 values, in that order (a {@code nf_ct_tcp_flags}). */
    public void u8Pair(final int type, final int first, final int second) {
        final int at = attribute(type, 2);
        buffer.put(at, (byte) first);
        buffer.put(at + 1, (byte) second);
    }

    /** Writes a big-endian u16 attribute. */
    public void u16(final int type, final int value) {
        Wire.putU16be(buffer, attribute(type, 2), value);
    }

    /** Writes a big-endian u32 attribute. */
    public void u32(final int type, final long value) {
        Wire.putU32be(buffer, attribute(type, 4), (int) value);
    }

    /** Writes a host-order u32 attribute. */
    public void u32host(final int type, final int value) {
        Wire.putU32host(buffer, attribute(type, 4), value);
    }

    /** Writes a big-endian u64 attribute. */
    public void u64(final int type, final long value) {
        Wire.putU64be(buffer, attribute(type, 8), value);
    }

    /**
     * Writes an address in network order (4 or 16 bytes) without copying it into an array first.
     *
     * @param type    the attribute type
     * @param address the address
     */
    public void address(final int type, final io.conntrack4j.model.IpAddress address) {
        if (address.isV4()) {
            Wire.putU32be(buffer, attribute(type, 4), address.v4Bits());
        } else {
            final int at = attribute(type, 16);
            Wire.putU64be(buffer, at, address.high());
            Wire.putU64be(buffer, at + 8, address.low());
        }
    }

    /** Writes raw bytes. */
    public void bytes(final int type, final byte[] value) {
        buffer.put(attribute(type, value.length), value);
    }

    /** Writes a host-order 64-bit word array (CTA_LABELS). */
    public void longs(final int type, final long... words) {
        final int at = attribute(type, 8 * words.length);
        for (int i = 0; i < words.length; i++) {
            buffer.putLong(at + 8 * i, words[i]);
        }
    }

    /** Writes a NUL-terminated string. */
    public void string(final int type, final String value) {
        final byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final int at = attribute(type, utf8.length + 1);
        buffer.put(at, utf8);
        buffer.put(at + utf8.length, (byte) 0);
    }

    /**
     * Writes a {@code ctattr_tuple} nest in the kernel's order (IP, PROTO, zone).
     *
     * @param type  CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_TUPLE_MASTER or an expectation tuple type
     * @param tuple the tuple
     */
    public void tuple(final int type, final io.conntrack4j.model.Tuple tuple) {
        TupleCodec.write(this, type, tuple);
    }
}
