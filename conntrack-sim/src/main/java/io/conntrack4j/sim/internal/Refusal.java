package io.conntrack4j.sim.internal;

import io.conntrack4j.error.Errno;

/**
 * The simulated kernel refusing a request with an errno, as the real one answers with an NLMSG_ERROR. Each face
 * turns it into its own form: a {@link io.conntrack4j.error.KernelException} or an error message on the socket.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;

    /**
     * @param errno  the errno the kernel returns
     * @param reason why, for the extended ACK message and for humans
     */
    public Refusal(final Errno errno, final String reason) {
        super(errno.name() + ": " + reason, null, false, false);
        this.errno = errno;
    }

    /** @return the errno */
    public Errno errno() {
        return errno;
    }

    /** @return the reason without the errno name */
    public String reason() {
        return getMessage().substring(errno.name().length() + 2);
    }
}
