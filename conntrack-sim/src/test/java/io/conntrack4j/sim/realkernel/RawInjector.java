package io.conntrack4j.sim.realkernel;

import com.sun.jna.Native;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.sim.Packet;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sends complete IP datagrams through raw sockets: {@code socket(AF_INET, SOCK_RAW, IPPROTO_RAW)} (which implies
 * {@code IP_HDRINCL}) for IPv4 and {@code socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)} for IPv6 (on Linux the IPv6
 * header is then supplied by the caller as well). Needs {@code CAP_NET_RAW}. The packets leave through the routing
 * decision for their destination, so they pass conntrack at OUTPUT in the calling thread's network namespace; for
 * local destinations they come back in on {@code lo}. With IPv4 the kernel rewrites the total length and header
 * checksum and picks an id when it is 0; everything else is sent as given.
 *
 * <p>Each family's socket is opened on first use, and only in the private network namespace the ITs' JVM wrapper
 * creates, so injected packets never reach the host's conntrack table. Not thread-safe.
 */
public final class RawInjector implements Closeable {
    private int ipv4 = -1;
    private int ipv6 = -1;
    private boolean closed;

    private RawInjector() {
    }

    /** @return an injector; sockets open on first use */
    public static RawInjector open() {
        return new RawInjector();
    }

    /**
     * Serialises and sends packets, in order.
     *
     * @param packets the packets ({@link PacketWire#toBytes})
     * @throws RawSocketException if a socket cannot be opened or the kernel refuses one (for example EPERM when
     *                            netfilter drops it at OUTPUT, ENETUNREACH without a route)
     */
    public void send(final Packet... packets) {
        for (final Packet p : packets) {
            send(p.destination(), PacketWire.toBytes(p));
        }
    }

    /**
     * Sends one complete datagram.
     *
     * @param destination where the kernel routes it (normally the header's destination)
     * @param datagram    IP header and everything after it
     * @throws RawSocketException as {@link #send(Packet...)}
     */
    public void send(final IpAddress destination, final byte[] datagram) {
        if (closed) {
            throw new IllegalStateException("injector is closed");
        }
        final int fd = socketFor(destination);
        final byte[] address = sockaddr(destination);
        final long sent = RawLibC.sendto(fd, datagram, datagram.length, 0, address, address.length);
        if (sent < 0) {
            throw failure("sendto " + destination + " (" + datagram.length + " bytes)");
        }
        if (sent != datagram.length) {
            throw new RawSocketException("sendto " + destination + ": sent " + sent + " of " + datagram.length
                + " bytes", 0, "short write");
        }
    }

    private int socketFor(final IpAddress destination) {
        if (destination.isV4()) {
            if (ipv4 < 0) {
                ipv4 = openSocket(RawLibC.AF_INET, "AF_INET");
            }
            return ipv4;
        }
        if (ipv6 < 0) {
            ipv6 = openSocket(RawLibC.AF_INET6, "AF_INET6");
        }
        return ipv6;
    }

    private static int openSocket(final int family, final String name) {
        NftConntrack.requirePrivateNamespace();
        final int fd = RawLibC.socket(family, RawLibC.SOCK_RAW | RawLibC.SOCK_CLOEXEC, RawLibC.IPPROTO_RAW);
        if (fd < 0) {
            throw failure("socket(" + name + ", SOCK_RAW, IPPROTO_RAW)");
        }
        return fd;
    }

    /** sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes): family in host order, port 0, the address. */
    static byte[] sockaddr(final IpAddress address) {
        final boolean v4 = address.isV4();
        final ByteBuffer b = ByteBuffer.allocate(v4 ? 16 : 28).order(ByteOrder.nativeOrder());
        b.putShort((short) (v4 ? RawLibC.AF_INET : RawLibC.AF_INET6)).putShort((short) 0);
        if (!v4) {
            b.putInt(0); // flow info
        }
        b.put(address.toBytes()); // scope id (IPv6) and sin_zero (IPv4) stay zero
        return b.array();
    }

    private static RawSocketException failure(final String call) {
        final int errno = Native.getLastError();
        return new RawSocketException(call, errno, RawLibC.strerror(errno));
    }

    /** Closes the sockets; idempotent. */
    @Override
    public void close() {
        closed = true;
        if (ipv4 >= 0) {
            RawLibC.close(ipv4);
            ipv4 = -1;
        }
        if (ipv6 >= 0) {
            RawLibC.close(ipv6);
            ipv6 = -1;
        }
    }
}
