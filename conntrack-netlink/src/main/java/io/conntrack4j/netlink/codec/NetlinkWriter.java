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

    /** Claims {@code aligned} bytes (a multiple of 4) at the position, or throws if the buffer cannot hold them. */
    private int claim(final int aligned) {
        final int at = position;
        if (aligned > buffer.limit() - at) {
            throw new BufferOverflowException();
        }
        position = at + aligned;
        return at;
    }

    /** Claims {@code bytes} rounded up to 4, with the padding zeroed (the caller then writes the bytes before it). */
    private int reserve(final int bytes) {
        final int aligned = Wire.align4(bytes);
        final int at = claim(aligned);
        if (aligned != bytes) {
            buffer.putInt(at + aligned - 4, 0);
        }
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
        final int at = claim(Ctnetlink.NLMSG_HDRLEN + Ctnetlink.NFGEN_HDRLEN);
        Wire.putWords(buffer, at, 0, Wire.u16hostPair(type, flags));
        Wire.putWords(buffer, at + 8, seq, portId);
        Wire.putU32host(buffer, at + 16, Wire.word(family, version, resId >>> 8, resId));
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
        final int at = claim(Ctnetlink.NLMSG_HDRLEN);
        Wire.putWords(buffer, at, 0, Wire.u16hostPair(type, flags));
        Wire.putWords(buffer, at + 8, seq, portId);
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
        Wire.putU32host(buffer, claim(4), value);
    }

    /** @return the offset of the nest header, to pass to {@link #endNest(int)} */
    public int beginNest(final int type) {
        final int at = claim(Ctnetlink.NLA_HDRLEN);
        // the length is set by endNest
        Wire.putU32host(buffer, at, Wire.u16hostPair(0, type | Ctnetlink.NLA_F_NESTED));
        return at;
    }

    /** @param nestStart the value {@link #beginNest(int)} returned */
    public void endNest(final int nestStart) {
        Wire.putU16host(buffer, nestStart, position - nestStart);
    }

    /** Writes an attribute's header and returns the offset of its payload, padding zeroed. */
    private int attribute(final int type, final int payload) {
        final int at = reserve(Ctnetlink.NLA_HDRLEN + payload);
        Wire.putU32host(buffer, at, Wire.u16hostPair(Ctnetlink.NLA_HDRLEN + payload, type));
        return at + Ctnetlink.NLA_HDRLEN;
    }

    /**
     * Writes an attribute of at most 4 payload bytes with one 8-byte store.
     *
     * @param payload the payload's length
     * @param word    the payload and its zero padding, as the host-order int that holds them in memory order
     */
    private void wordAttribute(final int type, final int payload, final int word) {
        Wire.putWords(buffer, claim(8), Wire.u16hostPair(Ctnetlink.NLA_HDRLEN + payload, type), word);
    }

    /** Writes a u8 attribute. */
    public void u8(final int type, final int value) {
        wordAttribute(type, 1, Wire.word(value, 0, 0, 0));
    }

    /** Writes a two-byte attribute from two u8 values, in that order (a {@code nf_ct_tcp_flags}). */
    public void u8Pair(final int type, final int first, final int second) {
        wordAttribute(type, 2, Wire.word(first, second, 0, 0));
    }

    /** Writes a big-endian u16 attribute. */
    public void u16(final int type, final int value) {
        wordAttribute(type, 2, Wire.word(value >>> 8, value, 0, 0));
    }

    /** Writes a big-endian u32 attribute. */
    public void u32(final int type, final long value) {
        wordAttribute(type, 4, Wire.u32beWord((int) value));
    }

    /** Writes a host-order u32 attribute. */
    public void u32host(final int type, final int value) {
        wordAttribute(type, 4, value);
    }

    /** Writes a big-endian u64 attribute. */
    public void u64(final int type, final long value) {
        final int at = claim(Ctnetlink.NLA_HDRLEN + 8);
        Wire.putU32host(buffer, at, Wire.u16hostPair(Ctnetlink.NLA_HDRLEN + 8, type));
        Wire.putU64be(buffer, at + Ctnetlink.NLA_HDRLEN, value);
    }

    /**
     * Writes an address in network order (4 or 16 bytes) without copying it into an array first.
     *
     * @param type    the attribute type
     * @param address the address
     */
    public void address(final int type, final io.conntrack4j.model.IpAddress address) {
        if (address.isV4()) {
            wordAttribute(type, 4, Wire.u32beWord(address.v4Bits()));
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
