package io.conntrack4j.sim;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Protocol;

/**
 * One IP packet as conntrack sees it: addresses, protocol, the layer-4 fields trackers read, and the payload length.
 * Injected into a {@link SimulatedKernel} it drives the state machines as the same packet on the wire would; the
 * real-kernel tests serialise the same value onto {@code lo}.
 *
 * <p>Values are immutable; {@code with...} methods return changed copies. For TCP, {@code flags} uses the header's
 * bits ({@link #FIN}, {@link #SYN}, ...); for ICMP, {@code sourcePort}/{@code destinationPort} are unused and the
 * ICMP type, code and id are set instead. GRE carries its keys in the port fields, as conntrack does.
 *
 * @param source          the source address
 * @param destination     the destination address
 * @param protocol        the layer-4 protocol
 * @param sourcePort      the source port (TCP, UDP, SCTP, UDP-Lite, DCCP), or GRE key
 * @param destinationPort the destination port, or GRE key
 * @param flags           TCP header flags
 * @param seq             TCP sequence number (u32)
 * @param ack             TCP acknowledgement number (u32)
 * @param window          TCP raw window (u16, unscaled)
 * @param windowScale     TCP window-scale option on a SYN, or -1 for none
 * @param sackPermitted   TCP SACK-permitted option on a SYN
 * @param icmpType        ICMP/ICMPv6 type
 * @param icmpCode        ICMP/ICMPv6 code
 * @param icmpId          ICMP/ICMPv6 echo identifier
 * @param payloadLength   bytes after the layer-4 header
 */
public record Packet(IpAddress source, IpAddress destination, Protocol protocol, int sourcePort, int destinationPort,
                     int flags, long seq, long ack, int window, int windowScale, boolean sackPermitted,
                     int icmpType, int icmpCode, int icmpId, int payloadLength) {
    /** TCP FIN. */
    public static final int FIN = 0x01;
    /** TCP SYN. */
    public static final int SYN = 0x02;
    /** TCP RST. */
    public static final int RST = 0x04;
    /** TCP PSH. */
    public static final int PSH = 0x08;
    /** TCP ACK. */
    public static final int ACK = 0x10;
    /** TCP URG. */
    public static final int URG = 0x20;
    /** TCP ECE. */
    public static final int ECE = 0x40;
    /** TCP CWR. */
    public static final int CWR = 0x80;

    /** Validates the fields. */
    public Packet {
        if (source == null || destination == null || protocol == null) {
            throw new InvalidValueException("packet", null, "source, destination and protocol are required");
        }
        if (source.family() != destination.family()) {
            throw new InvalidValueException("destination", destination, "family differs from the source " + source);
        }
        if (protocol.isIcmp() && protocol.equals(Protocol.ICMP) != (source.family() == Family.IPV4)) {
            throw new InvalidValueException("protocol", protocol, "does not match family " + source.family().kernelName());
        }
        requireRange("source port", sourcePort, 0xFFFF);
        requireRange("destination port", destinationPort, 0xFFFF);
        requireRange("tcp flags", flags, 0xFF);
        requireRange("window", window, 0xFFFF);
        requireRange("icmp type", icmpType, 0xFF);
        requireRange("icmp code", icmpCode, 0xFF);
        requireRange("icmp id", icmpId, 0xFFFF);
        if (windowScale < -1 || windowScale > 14) {
            throw new InvalidValueException("window scale", windowScale, "must be -1 (none) or 0..14");
        }
        if (seq < 0 || seq > 0xFFFF_FFFFL) {
            throw new InvalidValueException("seq", seq, "must be a u32");
        }
        if (ack < 0 || ack > 0xFFFF_FFFFL) {
            throw new InvalidValueException("ack", ack, "must be a u32");
        }
        if (payloadLength < 0 || payloadLength > 65000) {
            throw new InvalidValueException("payload length", payloadLength, "must be 0..65000");
        }
    }

    private static void requireRange(final String field, final int value, final int max) {
        if (value < 0 || value > max) {
            throw new InvalidValueException(field, value, "must be 0.." + max);
        }
    }

    /**
     * @param source          source address
     * @param sourcePort      source port
     * @param destination     destination address
     * @param destinationPort destination port
     * @param flags           TCP flags
     * @return a TCP segment without payload, window 65535, seq and ack 0
     */
    public static Packet tcp(final String source, final int sourcePort, final String destination,
                             final int destinationPort, final int flags) {
        return new Packet(IpAddress.parse(source), IpAddress.parse(destination), Protocol.TCP, sourcePort,
            destinationPort, flags, 0, 0, 65535, -1, false, 0, 0, 0, 0);
    }

    /**
     * @return a UDP datagram
     * @param source          source address
     * @param sourcePort      source port
     * @param destination     destination address
     * @param destinationPort destination port
     * @param payloadLength   payload bytes
     */
    public static Packet udp(final String source, final int sourcePort, final String destination,
                             final int destinationPort, final int payloadLength) {
        return new Packet(IpAddress.parse(source), IpAddress.parse(destination), Protocol.UDP, sourcePort,
            destinationPort, 0, 0, 0, 0, -1, false, 0, 0, 0, payloadLength);
    }

    /**
     * @param source      source address
     * @param destination destination address
     * @param type        ICMP type (ICMPv6 when the addresses are IPv6)
     * @param code        ICMP code
     * @param id          echo identifier
     * @return an ICMP or ICMPv6 message without payload
     */
    public static Packet icmp(final String source, final String destination, final int type, final int code,
                              final int id) {
        final IpAddress src = IpAddress.parse(source);
        return new Packet(src, IpAddress.parse(destination), src.isV4() ? Protocol.ICMP : Protocol.ICMPV6, 0, 0, 0,
            0, 0, 0, -1, false, type, code, id, 0);
    }

    /**
     * @param source      source address
     * @param destination destination address
     * @param protocol    any protocol number; ports are used only when the protocol has them
     * @return a packet with no layer-4 fields set
     */
    public static Packet of(final String source, final String destination, final Protocol protocol) {
        return new Packet(IpAddress.parse(source), IpAddress.parse(destination), protocol, 0, 0, 0, 0, 0, 0, -1,
            false, 0, 0, 0, 0);
    }

    /** @return the address family */
    public Family family() {
        return source.family();
    }

    /**
     * @param bits TCP flag bits to test
     * @return true if all are set
     */
    public boolean has(final int bits) {
        return (flags & bits) == bits;
    }

    /** @return the same packet travelling the other way: addresses and ports swapped, TCP fields unchanged */
    public Packet reversed() {
        return new Packet(destination, source, protocol, destinationPort, sourcePort, flags, seq, ack, window,
            windowScale, sackPermitted, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param sport source port
     * @param dport destination port
     * @return a copy with these ports
     */
    public Packet withPorts(final int sport, final int dport) {
        return new Packet(source, destination, protocol, sport, dport, flags, seq, ack, window, windowScale,
            sackPermitted, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param value TCP flags
     * @return a copy with these flags
     */
    public Packet withFlags(final int value) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, value, seq, ack, window,
            windowScale, sackPermitted, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param value sequence number
     * @return a copy with this sequence number
     */
    public Packet withSeq(final long value) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, flags, value, ack, window,
            windowScale, sackPermitted, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param value acknowledgement number
     * @return a copy with this acknowledgement number
     */
    public Packet withAck(final long value) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, flags, seq, value, window,
            windowScale, sackPermitted, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param value raw window
     * @return a copy with this window
     */
    public Packet withWindow(final int value) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, flags, seq, ack, value,
            windowScale, sackPermitted, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param scale window-scale option (-1: none)
     * @param sack  SACK-permitted option
     * @return a copy with these SYN options
     */
    public Packet withOptions(final int scale, final boolean sack) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, flags, seq, ack, window, scale,
            sack, icmpType, icmpCode, icmpId, payloadLength);
    }

    /**
     * @param value payload bytes
     * @return a copy with this payload length
     */
    public Packet withPayload(final int value) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, flags, seq, ack, window,
            windowScale, sackPermitted, icmpType, icmpCode, icmpId, value);
    }

    /** @return the layer-3 length conntrack's byte counters add: IP header, layer-4 header and payload */
    public int l3Length() {
        final int ip = source.isV4() ? 20 : 40;
        final int l4;
        switch (protocol.number()) {
            case 6:
                l4 = 20 + synOptionsLength();
                break;
            case 17:
            case 136:
                l4 = 8;
                break;
            case 1:
            case 58:
                l4 = 8;
                break;
            case 47:
                l4 = 8;
                break;
            case 132:
                l4 = 12;
                break;
            default:
                l4 = 0;
        }
        return ip + l4 + payloadLength;
    }

    /** @return bytes of TCP options this packet carries: window scale and SACK-permitted, padded to 4 */
    public int synOptionsLength() {
        int n = (windowScale >= 0 ? 3 : 0) + (sackPermitted ? 2 : 0);
        return (n + 3) & ~3;
    }
}
