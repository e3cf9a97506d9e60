package io.conntrack4j.error;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Linux errno: its number, its symbolic name and the C library's text. The values the conntrack kernel code
 * returns have constants; any other number is still representable ({@link #of(int)}).
 *
 * @param number      the positive errno number
 * @param name        the symbolic name, e.g. {@code ENOENT}, or {@code errno N} when unknown
 * @param description the strerror(3) text
 */
public record Errno(int number, String name, String description) {
    /** Operation not permitted. */
    public static final Errno EPERM = new Errno(1, "EPERM", "Operation not permitted");
    /** No such file or directory (conntrack: no such entry). */
    public static final Errno ENOENT = new Errno(2, "ENOENT", "No such file or directory");
    /** Interrupted system call. */
    public static final Errno EINTR = new Errno(4, "EINTR", "Interrupted system call");
    /** Input/output error (netlink: a dump ended without its terminator). */
    public static final Errno EIO = new Errno(5, "EIO", "Input/output error");
    /** Resource temporarily unavailable. */
    public static final Errno EAGAIN = new Errno(11, "EAGAIN", "Resource temporarily unavailable");
    /** Cannot allocate memory (conntrack: table full). */
    public static final Errno ENOMEM = new Errno(12, "ENOMEM", "Cannot allocate memory");
    /** Device or resource busy (conntrack: forbidden status change). */
    public static final Errno EBUSY = new Errno(16, "EBUSY", "Device or resource busy");
    /** File exists (conntrack: entry exists). */
    public static final Errno EEXIST = new Errno(17, "EEXIST", "File exists");
    /** Invalid argument. */
    public static final Errno EINVAL = new Errno(22, "EINVAL", "Invalid argument");
    /** No space left on device (conntrack: no label space). */
    public static final Errno ENOSPC = new Errno(28, "ENOSPC", "No space left on device");
    /** Numerical result out of range. */
    public static final Errno ERANGE = new Errno(34, "ERANGE", "Numerical result out of range");
    /** Timer expired (conntrack: entry is dying). */
    public static final Errno ETIME = new Errno(62, "ETIME", "Timer expired");
    /** Message too long. */
    public static final Errno EMSGSIZE = new Errno(90, "EMSGSIZE", "Message too long");
    /** Protocol not supported (netlink family not available). */
    public static final Errno EPROTONOSUPPORT = new Errno(93, "EPROTONOSUPPORT", "Protocol not supported");
    /** Operation not supported. */
    public static final Errno EOPNOTSUPP = new Errno(95, "EOPNOTSUPP", "Operation not supported");
    /** Address family not supported by protocol. */
    public static final Errno EAFNOSUPPORT = new Errno(97, "EAFNOSUPPORT", "Address family not supported by protocol");
    /** No buffer space available (netlink: events were lost). */
    public static final Errno ENOBUFS = new Errno(105, "ENOBUFS", "No buffer space available");
    /** Kernel-internal "operation not supported". */
    public static final Errno ENOTSUPP = new Errno(524, "ENOTSUPP", "Unknown error 524");

    private static final Map<Integer, Errno> KNOWN = Stream.of(EPERM, ENOENT, EINTR, EIO, EAGAIN, ENOMEM, EBUSY, EEXIST,
            EINVAL, ENOSPC, ERANGE, ETIME, EMSGSIZE, EPROTONOSUPPORT, EOPNOTSUPP, EAFNOSUPPORT, ENOBUFS, ENOTSUPP)
        .collect(Collectors.toUnmodifiableMap(Errno::number, Function.identity()));

    /**
     * @param number a positive errno number (a negative netlink error code is accepted and negated)
     * @return the errno with that number; unknown numbers get a generic name
     */
    public static Errno of(final int number) {
        final int positive = Math.abs(number);
        final Errno known = KNOWN.get(positive);
        return known != null ? known : new Errno(positive, "errno " + positive, "Unknown error " + positive);
    }

    @Override
    public String toString() {
        return name + " (" + number + ", " + description + ")";
    }
}
