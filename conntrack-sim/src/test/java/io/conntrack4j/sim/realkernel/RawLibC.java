package io.conntrack4j.sim.realkernel;

import com.sun.jna.Native;

/**
 * The libc calls {@link RawInjector} needs, bound by JNA direct mapping. The errno of a failed call is read with
 * {@link Native#getLastError()}.
 */
final class RawLibC {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_RAW = 255;

    static {
        Native.register("c");
    }

    private RawLibC() {
    }

    static native int socket(int domain, int type, int protocol);

    static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength);

    static native int close(int fd);

    static native String strerror(int errno);
}
