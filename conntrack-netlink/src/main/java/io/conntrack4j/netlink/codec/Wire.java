package io.conntrack4j.netlink.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute reads and writes of netlink fields with an explicit byte order, on buffers in native order (netlink
 * headers are host order, most ctnetlink payloads big-endian). Never moves a buffer's position.
 */
final class Wire {
    static final ByteOrder HOST = ByteOrder.nativeOrder();
    private static final boolean LITTLE = HOST == ByteOrder.LITTLE_ENDIAN;

    private Wire() {
    }

    /** @return the buffer itself if it is in native order, else a native-order view of it */
    static ByteBuffer native_(final ByteBuffer buffer) {
        return buffer.order() == HOST ? buffer : buffer.duplicate().order(HOST);
    }

    static int align4(final int length) {
        return (length + 3) & ~3;
    }

    static int u8(final ByteBuffer b, final int off) {
        return b.get(off) & 0xFF;
    }

    static int u16host(final ByteBuffer b, final int off) {
        return b.getShort(off) & 0xFFFF;
    }

    static int u16be(final ByteBuffer b, final int off) {
        final short s = b.getShort(off);
        return (LITTLE ? Short.reverseBytes(s) : s) & 0xFFFF;
    }

    static int u32host(final ByteBuffer b, final int off) {
        return b.getInt(off);
    }

    static int u32be(final ByteBuffer b, final int off) {
        final int i = b.getInt(off);
        return LITTLE ? Integer.reverseBytes(i) : i;
    }

    static long u64be(final ByteBuffer b, final int off) {
        final long l = b.getLong(off);
        return LITTLE ? Long.reverseBytes(l) : l;
    }

    static void putU16host(final ByteBuffer b, final int off, final int v) {
        b.putShort(off, (short) v);
    }

    static void putU16be(final ByteBuffer b, final int off, final int v) {
        b.putShort(off, LITTLE ? Short.reverseBytes((short) v) : (short) v);
    }

    static void putU32host(final ByteBuffer b, final int off, final int v) {
        b.putInt(off, v);
    }

    static void putU32be(final ByteBuffer b, final int off, final int v) {
        b.putInt(off, LITTLE ? Integer.reverseBytes(v) : v);
    }

    static void putU64be(final ByteBuffer b, final int off, final long v) {
        b.putLong(off, LITTLE ? Long.reverseBytes(v) : v);
    }

    /** @return the host-order int that holds these four bytes in memory order */
    static int word(final int b0, final int b1, final int b2, final int b3) {
        final int first = (b0 & 0xFF) | (b1 & 0xFF) << 8;
        final int second = (b2 & 0xFF) | (b3 & 0xFF) << 8;
        return LITTLE ? first | second << 16 : Integer.reverseBytes(first | second << 16);
    }

    /** @return the host-order int that holds two host-order u16 in memory order (an nlattr or nlmsghdr half) */
    static int u16hostPair(final int first, final int second) {
        return LITTLE ? (first & 0xFFFF) | second << 16 : first << 16 | (second & 0xFFFF);
    }

    /** @return the host-order int that holds this u32 in network order */
    static int u32beWord(final int v) {
        return LITTLE ? Integer.reverseBytes(v) : v;
    }

    /** Writes two host-order ints, {@code first} at {@code off}, with one 8-byte store. */
    static void putWords(final ByteBuffer b, final int off, final int first, final int second) {
        b.putLong(off, LITTLE ? (first & 0xFFFF_FFFFL) | (long) second << 32
            : (long) first << 32 | (second & 0xFFFF_FFFFL));
    }
}
