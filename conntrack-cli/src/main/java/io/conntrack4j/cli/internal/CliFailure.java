package io.conntrack4j.cli.internal;

/**
 * Ends a command the way conntrack's {@code exit_error} does: a message on stderr after the program prefix, then exit
 * status 1 (a failed operation) or 2 (a command-line problem, followed by the "Try ... -h" line).
 */
public final class CliFailure extends RuntimeException {
    /** conntrack's OTHER_PROBLEM. */
    public static final int OTHER_PROBLEM = 1;
    /** conntrack's PARAMETER_PROBLEM. */
    public static final int PARAMETER_PROBLEM = 2;

    private static final long serialVersionUID = 1L;
    private final int status;

    private CliFailure(final int status, final String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * @param message the message, as conntrack words it
     * @return a command-line problem (exit 2)
     */
    public static CliFailure parameter(final String message) {
        return new CliFailure(PARAMETER_PROBLEM, message);
    }

    /**
     * @param message the message, as conntrack words it
     * @return a failed operation (exit 1)
     */
    public static CliFailure other(final String message) {
        return new CliFailure(OTHER_PROBLEM, message);
    }

    /** @return the exit status */
    public int status() {
        return status;
    }
}
