package io.conntrack4j.error;

/**
 * The root of every error conntrack4j raises: invalid input ({@link InvalidValueException}), a failed kernel
 * operation ({@link KernelException}) and malformed netlink bytes ({@link DecodeException}).
 */
public abstract class ConntrackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, complete enough to act on
     * @param cause   the underlying failure, or {@code null}
     */
    protected ConntrackException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
