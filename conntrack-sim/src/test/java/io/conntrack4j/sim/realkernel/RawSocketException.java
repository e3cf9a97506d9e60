package io.conntrack4j.sim.realkernel;

import io.conntrack4j.error.Errno;

/** A raw-socket call failed: which call, and the errno the kernel returned. */
public final class RawSocketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final Errno errno;

    /**
     * @param call   the failed call and its subject, e.g. {@code sendto 10.0.0.2 (40 bytes)}
     * @param errno  the errno number
     * @param reason the C library's text for it
     */
    public RawSocketException(final String call, final int errno, final String reason) {
        super(call + " failed: errno " + errno + " (" + reason + ")");
        this.call = call;
        this.errno = Errno.of(errno);
    }

    /** @return the failed call and its subject */
    public String call() {
        return call;
    }

    /** @return the errno; EPERM from sendto usually means netfilter dropped the packet at OUTPUT */
    public Errno errno() {
        return errno;
    }
}
