package io.conntrack4j.netlink.jna;

import com.sun.jna.Native;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.netlink.NetlinkSocket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A real {@code NETLINK_NETFILTER} socket through JNA direct mapping. Buffers must be direct (no copies); the
 * kernel assigns the port id. Extended acks and capped acks are enabled. Thread-safe for one sender and one
 * receiver at a time.
 */
public final class JnaNetlinkSocket implements NetlinkSocket {
    private static final int NETLINK_NETFILTER = 12;
    private final int fd;
    private final int portId;
    private volatile boolean closed;

    private JnaNetlinkSocket(final int fd, final int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /**
     * Opens a socket in the calling thread's network namespace.
     *
     * @return the socket
     * @throws KernelException if the kernel refuses (EPROTONOSUPPORT: nfnetlink missing)
     */
    public static JnaNetlinkSocket open() {
        final int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, NETLINK_NETFILTER);
        if (fd < 0) {
            throw failure("socket(AF_NETLINK, NETLINK_NETFILTER)");
        }
        try {
            final byte[] address = new byte[12];
            address[0] = (byte) LibC.AF_NETLINK; // sockaddr_nl: family (host order u16), pad, pid 0, groups 0
            if (LibC.bind(fd, address, address.length) != 0) {
                throw failure("bind");
            }
            final int[] length = {address.length};
            if (LibC.getsockname(fd, address, length) != 0) {
                throw failure("getsockname");
            }
            final int pid = ByteBuffer.wrap(address, 4, 4).order(ByteOrder.nativeOrder()).getInt();
            final JnaNetlinkSocket socket = new JnaNetlinkSocket(fd, pid);
            socket.option(LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            socket.option(LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            return socket;
        } catch (final RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private static KernelException failure(final String call) {
        return new KernelException(Operation.SOCKET, Errno.of(Native.getLastError()), call, null);
    }

    private void option(final int level, final int name, final int value, final String what) {
        if (LibC.setsockopt(fd, level, name, new int[] {value}, 4) != 0) {
            throw failure("setsockopt(" + what + ")");
        }
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(final ByteBuffer messages) {
        requireDirect(messages);
        while (true) {
            final long sent = LibC.send(fd, messages, messages.remaining(), 0);
            if (sent >= 0) {
                messages.position(messages.limit());
                return;
            }
            final int errno = Native.getLastError();
            if (errno != Errno.EINTR.number()) {
                throw new KernelException(Operation.SOCKET, Errno.of(errno), "send", null);
            }
        }
    }

    @Override
    public int receive(final ByteBuffer into) {
        return receiveWith(into, LibC.MSG_TRUNC);
    }

    @Override
    public int tryReceive(final ByteBuffer into) {
        return receiveWith(into, LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
    }

    @Override
    public int receive(final ByteBuffer into, final int timeoutMillis) {
        final int[] pollfd = {fd, LibC.POLLIN};
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            final int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            final int ready = LibC.poll(pollfd, 1, left);
            if (ready > 0) {
                return tryReceive(into);
            }
            if (ready == 0) {
                return -1;
            }
            final int errno = Native.getLastError();
            if (errno != Errno.EINTR.number()) {
                throw new KernelException(Operation.SOCKET, Errno.of(errno), "poll", null);
            }
        }
    }

    private int receiveWith(final ByteBuffer into, final int flags) {
        requireDirect(into);
        final int room = into.remaining();
        while (true) {
            final long received = LibC.recv(fd, into, room, flags);
            if (received >= 0) {
                if (received > room) {
                    throw new KernelException(Operation.SOCKET, Errno.EMSGSIZE,
                        "a " + received + "-byte datagram did not fit a " + room + "-byte buffer (it is lost)", null);
                }
                into.limit(into.position() + (int) received);
                return (int) received;
            }
            final int errno = Native.getLastError();
            if (errno == Errno.EAGAIN.number() && (flags & LibC.MSG_DONTWAIT) != 0) {
                return -1;
            }
            if (errno != Errno.EINTR.number()) {
                throw new KernelException(Operation.SOCKET, Errno.of(errno), "recv", null);
            }
        }
    }

    @Override
    public void joinGroup(final int group) {
        option(LibC.SOL_NETLINK, LibC.NETLINK_ADD_MEMBERSHIP, group, "NETLINK_ADD_MEMBERSHIP " + group);
    }

    @Override
    public void leaveGroup(final int group) {
        option(LibC.SOL_NETLINK, LibC.NETLINK_DROP_MEMBERSHIP, group, "NETLINK_DROP_MEMBERSHIP " + group);
    }

    @Override
    public void setReceiveBufferSize(final int bytes, final boolean force) {
        option(LibC.SOL_SOCKET, force ? LibC.SO_RCVBUFFORCE : LibC.SO_RCVBUF, bytes,
            force ? "SO_RCVBUFFORCE" : "SO_RCVBUF");
    }

    /** Builds {@code struct sock_fprog} (u16 length, padding, pointer) around the instructions and attaches it. */
    @Override
    public void attachFilter(final byte[] program) {
        final com.sun.jna.Memory instructions = new com.sun.jna.Memory(program.length);
        instructions.write(0, program, 0, program.length);
        final com.sun.jna.Memory fprog = new com.sun.jna.Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) (program.length / 8));
        fprog.setPointer(8, instructions);
        if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, 16) != 0) {
            throw failure("setsockopt(SO_ATTACH_FILTER)");
        }
    }

    @Override
    public void reportOverruns(final boolean enabled) {
        option(LibC.SOL_NETLINK, LibC.NETLINK_NO_ENOBUFS, enabled ? 0 : 1, "NETLINK_NO_ENOBUFS");
    }

    private static void requireDirect(final ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("netlink buffers must be direct ByteBuffers (no copies)");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }

    @Override
    public String toString() {
        return "netlink socket fd=" + fd + " port=" + Integer.toUnsignedString(portId);
    }
}
