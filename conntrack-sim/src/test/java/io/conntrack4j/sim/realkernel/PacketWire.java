package io.conntrack4j.sim.realkernel;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.sim.Packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Serialises a {@link Packet} into the exact bytes of an IPv4 or IPv6 datagram, ready for a raw socket
 * ({@link RawInjector}). The length is always {@link Packet#l3Length()}; payload bytes are zeros.
 *
 * <ul>
 *   <li>IPv4: IHL 5, TTL 64, DF, id 0 (the kernel picks one), header checksum. IPv6: hop limit 64, no extension
 *       headers.</li>
 *   <li>TCP: seq, ack, flags, window, options (window scale when {@code windowScale >= 0}, then SACK-permitted,
 *       padded with EOL to 4 bytes) and the checksum over the pseudo-header.</li>
 *   <li>UDP and UDP-Lite (coverage 0: all): length, checksum over the pseudo-header (0 is sent as 0xffff).</li>
 *   <li>ICMP / ICMPv6: type, code, id, sequence 0; ICMPv6's checksum covers the pseudo-header, ICMP's does not.</li>
 *   <li>GRE: the enhanced (PPTP, version 1) header conntrack reads keys from: K bit, protocol PPP, payload length and
 *       call id = {@code destinationPort}. The kernel takes only the destination key from a packet (the source key
 *       comes from the PPTP helper's key map, 0 without it), so {@code sourcePort} does not travel.</li>
 *   <li>SCTP: the 12-byte common header (vtag 0, CRC32c) without chunks.</li>
 *   <li>Any other protocol: the IP header and the payload.</li>
 * </ul>
 */
public final class PacketWire {
    /** IPv4 header length (no options). */
    public static final int IPV4_HEADER = 20;
    /** IPv6 header length (no extension headers). */
    public static final int IPV6_HEADER = 40;
    private static final int TTL = 64;

    private PacketWire() {
    }

    /**
     * @param packet the packet
     * @return its datagram: IP header, layer-4 header, zero payload
     */
    public static byte[] toBytes(final Packet packet) {
        final byte[] l4 = layer4(packet);
        final boolean v4 = packet.source().isV4();
        final int headerLength = v4 ? IPV4_HEADER : IPV6_HEADER;
        final ByteBuffer out = ByteBuffer.allocate(headerLength + l4.length).order(ByteOrder.BIG_ENDIAN);
        final int protocol = packet.protocol().number();
        if (v4) {
            out.put((byte) 0x45).put((byte) 0).putShort((short) (headerLength + l4.length)).putShort((short) 0)
                .putShort((short) 0x4000).put((byte) TTL).put((byte) protocol).putShort((short) 0)
                .put(packet.source().toBytes()).put(packet.destination().toBytes());
            out.putShort(10, (short) checksum(out.array(), 0, IPV4_HEADER));
        } else {
            out.putInt(6 << 28).putShort((short) l4.length).put((byte) protocol).put((byte) TTL)
                .put(packet.source().toBytes()).put(packet.destination().toBytes());
        }
        out.put(l4);
        return out.array();
    }

    /**
     * The internet checksum (RFC 1071) of a byte range: the complement of the ones'-complement sum of its 16-bit
     * big-endian words, an odd last byte padded with zero.
     *
     * @param data   the bytes
     * @param offset the first byte
     * @param length how many bytes
     * @return the checksum (u16); a range that contains a correct checksum gives 0
     */
    public static int checksum(final byte[] data, final int offset, final int length) {
        return ~fold(sum(data, offset, length, 0)) & 0xFFFF;
    }

    private static long sum(final byte[] data, final int offset, final int length, final long initial) {
        long acc = initial;
        final int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (data[i] & 0xFF) << 8;
        }
        return acc;
    }

    private static int fold(final long value) {
        long acc = value;
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /**
     * The pseudo-header TCP, UDP, UDP-Lite and ICMPv6 checksums cover (RFC 768 / RFC 8200 §8.1).
     *
     * @param source      source address
     * @param destination destination address
     * @param protocol    the layer-4 protocol number
     * @param length      the layer-4 length (header and payload)
     * @return the pseudo-header's bytes (12 for IPv4, 40 for IPv6)
     */
    public static byte[] pseudoHeader(final IpAddress source, final IpAddress destination, final int protocol,
                                      final int length) {
        final ByteBuffer b = ByteBuffer.allocate(source.isV4() ? 12 : 40).order(ByteOrder.BIG_ENDIAN);
        b.put(source.toBytes()).put(destination.toBytes());
        if (source.isV4()) {
            b.put((byte) 0).put((byte) protocol).putShort((short) length);
        } else {
            b.putInt(length).put(new byte[3]).put((byte) protocol);
        }
        return b.array();
    }

    private static byte[] layer4(final Packet p) {
        final int protocol = p.protocol().number();
        switch (protocol) {
            case 6:
                return withChecksum(p, tcp(p), 16, false);
            case 17:
            case 136:
                return withChecksum(p, udp(p, protocol == 17), 6, true);
            case 1:
                return icmpv4(p);
            case 58:
                return withChecksum(p, icmp(p), 2, false);
            case 47:
                return gre(p);
            case 132:
                return sctp(p);
            default:
                return new byte[p.payloadLength()];
        }
    }

    private static byte[] withChecksum(final Packet p, final byte[] l4, final int at, final boolean zeroIsFfff) {
        final byte[] pseudo = pseudoHeader(p.source(), p.destination(), p.protocol().number(), l4.length);
        int sum = ~fold(sum(l4, 0, l4.length, sum(pseudo, 0, pseudo.length, 0))) & 0xFFFF;
        if (sum == 0 && zeroIsFfff) {
            sum = 0xFFFF;
        }
        l4[at] = (byte) (sum >>> 8);
        l4[at + 1] = (byte) sum;
        return l4;
    }

    private static byte[] tcp(final Packet p) {
        final int options = p.synOptionsLength();
        final ByteBuffer b = ByteBuffer.allocate(20 + options + p.payloadLength()).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) p.sourcePort()).putShort((short) p.destinationPort()).putInt((int) p.seq())
            .putInt((int) p.ack()).put((byte) (((20 + options) / 4) << 4)).put((byte) p.flags())
            .putShort((short) p.window()).putShort((short) 0).putShort((short) 0);
        if (p.windowScale() >= 0) {
            b.put((byte) 3).put((byte) 3).put((byte) p.windowScale());
        }
        if (p.sackPermitted()) {
            b.put((byte) 4).put((byte) 2);
        }
        return b.array(); // the rest (option padding: EOL, then the payload) is already zero
    }

    private static byte[] udp(final Packet p, final boolean plainUdp) {
        final int length = 8 + p.payloadLength();
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        // UDP-Lite puts the checksum coverage where UDP has the length; 0 means the whole datagram
        b.putShort((short) p.sourcePort()).putShort((short) p.destinationPort())
            .putShort((short) (plainUdp ? length : 0));
        return b.array();
    }

    private static byte[] icmp(final Packet p) {
        final ByteBuffer b = ByteBuffer.allocate(8 + p.payloadLength()).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) p.icmpType()).put((byte) p.icmpCode()).putShort((short) 0).putShort((short) p.icmpId());
        return b.array();
    }

    private static byte[] icmpv4(final Packet p) {
        final byte[] l4 = icmp(p);
        final int sum = checksum(l4, 0, l4.length);
        l4[2] = (byte) (sum >>> 8);
        l4[3] = (byte) sum;
        return l4;
    }

    private static byte[] gre(final Packet p) {
        final ByteBuffer b = ByteBuffer.allocate(8 + p.payloadLength()).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) 0x2001).putShort((short) 0x880B).putShort((short) p.payloadLength())
            .putShort((short) p.destinationPort());
        return b.array();
    }

    private static byte[] sctp(final Packet p) {
        final ByteBuffer b = ByteBuffer.allocate(12 + p.payloadLength()).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) p.sourcePort()).putShort((short) p.destinationPort());
        final CRC32C crc = new CRC32C();
        crc.update(b.array());
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
        return b.array();
    }
}
