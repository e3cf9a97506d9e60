package io.conntrack4j.netlink.jna;

import com.sun.jna.Native;

import java.nio.ByteBuffer;

/**
 * The C library calls the netlink socket needs, bound by JNA direct mapping (the fastest JNA binding). Errors are
 * read with {@link Native#getLastError()}, never thrown, so expected errnos (EINTR, EAGAIN, ENOBUFS) stay cheap.
 */
final class LibC {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_ADD_MEMBERSHIP = 1;
    static final int NETLINK_DROP_MEMBERSHIP = 2;
    static final int NETLINK_NO_ENOBUFS = 5;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    static {
        Native.register("c");
    }

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, byte[] address, int length);

    static native int getsockname(int fd, byte[] address, int[] length);

    static native int setsockopt(int fd, int level, int name, int[] value, int length);

    /** SO_ATTACH_FILTER. */
    static final int SO_ATTACH_FILTER = 26;

    static native int setsockopt(int fd, int level, int name, com.sun.jna.Pointer value, int length);

    static native long send(int fd, ByteBuffer buffer, long length, int flags);

    static native long recv(int fd, ByteBuffer buffer, long length, int flags);

    /** POLLIN in {@code struct pollfd.events}. */
    static final int POLLIN = 0x1;

    /**
     * @param fds     one {@code struct pollfd} as two ints: the fd, then events (low 16 bits) and revents (high)
     *                on a little-endian machine
     * @param nfds    1
     * @param timeout milliseconds
     * @return the number of ready fds, 0 on timeout, -1 on error
     */
    static native int poll(int[] fds, long nfds, int timeout);

    static native int close(int fd);

    static native int open(String path, int flags);

    static native int setns(int fd, int nstype);
}
