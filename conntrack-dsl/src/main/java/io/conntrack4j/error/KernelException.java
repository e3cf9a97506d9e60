package io.conntrack4j.error;

import io.vavr.control.Option;

/**
 * The kernel (real or simulated) refused an operation. Carries the operation, the errno, what the operation
 * was about (a flow, a tuple, a filter) and, where one helps, a hint on what to do.
 */
public final class KernelException extends ConntrackException {
    private static final long serialVersionUID = 1L;

    private final Operation operation;
    private final Errno errno;
    private final String subject;
    private final String hint;

    /**
     * @param operation the failed operation
     * @param errno     the kernel's errno
     * @param subject   what the operation was about, printable (a flow, a tuple, a filter), or {@code null}
     * @param detail    the kernel's extended-ack message, or {@code null}
     */
    public KernelException(final Operation operation, final Errno errno, final Object subject, final String detail) {
        this(operation, errno, subject, detail, null);
    }

    /**
     * @param operation the failed operation
     * @param errno     the kernel's errno
     * @param subject   what the operation was about, printable, or {@code null}
     * @param detail    the kernel's extended-ack message, or {@code null}
     * @param cause     the underlying failure, or {@code null}
     */
    public KernelException(final Operation operation, final Errno errno, final Object subject, final String detail,
                           final Throwable cause) {
        super(message(operation, errno, subject, detail, hintFor(operation, errno)), cause);
        this.operation = operation;
        this.errno = errno;
        this.subject = subject == null ? null : subject.toString();
        this.hint = hintFor(operation, errno);
    }

    private static String message(final Operation operation, final Errno errno, final Object subject,
                                  final String detail, final String hint) {
        final StringBuilder sb = new StringBuilder()
            .append(operation.name().toLowerCase(java.util.Locale.ROOT)).append(" failed: ").append(errno);
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        if (subject != null) {
            sb.append(" [").append(subject).append(']');
        }
        if (hint != null) {
            sb.append("; hint: ").append(hint);
        }
        return sb.toString();
    }

    /**
     * The hint for an errno in the context of an operation, or {@code null} when there is nothing useful to say.
     *
     * @param operation the failed operation
     * @param errno     the errno
     * @return a hint, or {@code null}
     */
    static String hintFor(final Operation operation, final Errno errno) {
        switch (errno.name()) {
            case "EPERM":
                return operation == Operation.UPDATE
                    ? "the flow has FIXED_TIMEOUT (its timeout cannot change), or the process lacks CAP_NET_ADMIN"
                    : "needs root or CAP_NET_ADMIN in the network namespace";
            case "EOPNOTSUPP":
                switch (operation) {
                    case DUMP:
                    case FLUSH:
                        return "the kernel does not support this filter (too old?) or the family is unspecified";
                    case CREATE:
                        return "unknown helper (is its nf_conntrack_<helper> module available?), or the family is"
                            + " not ipv4/ipv6";
                    case UPDATE:
                        return "NAT and the master tuple cannot be changed by an update; a helper cannot be added";
                    case EXPECTATION:
                        return "the master flow has no helper attached";
                    default:
                        return "the family must be ipv4 or ipv6";
                }
            case "EPROTONOSUPPORT":
                return "the nf_conntrack_netlink module is not loaded (modprobe nf_conntrack_netlink)";
            case "EBUSY":
                return "status bits can only be set (SEEN_REPLY, ASSURED, FIXED_TIMEOUT, HELPER); "
                    + "EXPECTED, CONFIRMED and DYING cannot change";
            case "ENOSPC":
                return "no label space: labels need a ruleset that uses connlabels (nft 'ct label')";
            case "ENOBUFS":
                return "the receive buffer overflowed and events were lost; enlarge it or resync";
            default:
                return null;
        }
    }

    /** @return the failed operation */
    public Operation operation() {
        return operation;
    }

    /** @return the kernel's errno */
    public Errno errno() {
        return errno;
    }

    /** @return what the operation was about, printable */
    public Option<String> subject() {
        return Option.of(subject);
    }

    /** @return a hint on what to do, where one helps */
    public Option<String> hint() {
        return Option.of(hint);
    }
}
