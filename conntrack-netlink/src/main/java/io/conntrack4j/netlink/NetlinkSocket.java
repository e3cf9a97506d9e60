package io.conntrack4j.netlink;

import java.nio.ByteBuffer;

/**
 * The seam between the netlink backend and a kernel: a NETLINK_NETFILTER socket. The real one is a JNA socket; the
 * simulated kernel implements it too, so the backend runs unchanged on both. Failures are
 * {@link io.conntrack4j.error.KernelException}s with the errno.
 */
public interface NetlinkSocket extends AutoCloseable {

    /**
     * Opens a real NETLINK_NETFILTER socket (JNA) in the calling thread's network namespace, with extended ACKs and
     * capped ACKs on.
     *
     * @return the socket
     * @throws io.conntrack4j.error.KernelException if the kernel refuses (EPROTONOSUPPORT: nfnetlink missing)
     */
    static NetlinkSocket open() {
        return io.conntrack4j.netlink.jna.JnaNetlinkSocket.open();
    }

    /** @return the port id the kernel assigned (nlmsg_pid of replies to this socket) */
    int portId();

    /**
     * Sends one or more whole netlink messages in one datagram.
     *
     * @param messages the bytes from position to limit; the position is advanced to the limit
     */
    void send(ByteBuffer messages);

    /**
     * Receives one datagram (whole netlink messages) into the caller's buffer, from its position. On return the
     * buffer's limit is the end of the datagram and its position unchanged.
     *
     * @param into the buffer to fill; must have room for the datagram (32 KiB for dumps)
     * @return the datagram's length
     * @throws io.conntrack4j.error.KernelException ENOBUFS when the socket overran (events were lost), or
     *                                              EMSGSIZE when the datagram did not fit (it is lost)
     */
    int receive(ByteBuffer into);

    /**
     * Receives one datagram if one is queued, without waiting; otherwise returns -1 and leaves the buffer alone.
     * Events caused by a request are queued before its ACK, so a listener can read exactly what a request caused.
     *
     * @param into the buffer to fill, as for {@link #receive(ByteBuffer)}
     * @return the datagram's length, or -1 if none was queued
     * @throws io.conntrack4j.error.KernelException as {@link #receive(ByteBuffer)}
     */
    int tryReceive(ByteBuffer into);

    /**
     * Receives one datagram, waiting at most {@code timeoutMillis} for one to arrive.
     *
     * @param into          the buffer to fill, as for {@link #receive(ByteBuffer)}
     * @param timeoutMillis how long to wait, at least 0
     * @return the datagram's length, or -1 if none arrived in time
     * @throws io.conntrack4j.error.KernelException as {@link #receive(ByteBuffer)}
     */
    int receive(ByteBuffer into, int timeoutMillis);

    /** @param group a multicast group to join ({@code NFNLGRP_*}) */
    void joinGroup(int group);

    /** @param group a multicast group to leave */
    void leaveGroup(int group);

    /**
     * @param bytes the receive buffer size
     * @param force use SO_RCVBUFFORCE (needs CAP_NET_ADMIN) to exceed the system maximum
     */
    void setReceiveBufferSize(int bytes, boolean force);

    /**
     * Attaches a classic BPF program (SO_ATTACH_FILTER) that the kernel runs on every message before queueing it.
     *
     * @param program packed {@code struct sock_filter} instructions, see {@link io.conntrack4j.netlink.codec.SocketFilter}
     */
    void attachFilter(byte[] program);

    /** @param enabled report ENOBUFS overruns (false: lose events silently, NETLINK_NO_ENOBUFS) */
    void reportOverruns(boolean enabled);

    /** Closes the socket. */
    @Override
    void close();
}
