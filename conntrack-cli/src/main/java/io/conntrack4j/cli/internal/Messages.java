package io.conntrack4j.cli.internal;

import io.conntrack4j.error.Errno;

/**
 * The words conntrack uses on stderr: the program prefix of every summary and error line, and its texts for the
 * kernel's errors ({@code err2str}), which replace strerror for some errno/command pairs.
 */
final class Messages {
    /** The program name in the prefix and the help hint. */
    static final String PROGRAM = "conntrack4j";
    /** The version in the prefix. */
    static final String VERSION = "0.1.0";
    /** The project in the prefix. */
    static final String PROJECT = "conntrack4j";

    private Messages() {
    }

    /** @return {@code conntrack4j v0.1.0 (conntrack4j): }, the shape of conntrack's prefix */
    static String prefix() {
        return PROGRAM + " v" + VERSION + " (" + PROJECT + "): ";
    }

    /**
     * @return the line that follows every command-line error, word for word as 1.4.7 prints it (scripts compare
     *     stderr; the command it names is the one conntrack4j stands in for)
     */
    static String tryHelp() {
        return "Try `conntrack -h' or 'conntrack --help' for more information.\n";
    }

    /**
     * conntrack's err2str.
     *
     * @param errno   the kernel's error
     * @param command the command that got it
     * @return conntrack's text for it
     */
    static String describe(final Errno errno, final Cmd command) {
        final boolean create = command == Cmd.CT_CREATE || command == Cmd.CT_ADD;
        switch (errno.number()) {
            case 524:
                return command == Cmd.CT_LIST ? "function not implemented" : errno.description();
            case 22:
                return "invalid parameters";
            case 17:
                return command == Cmd.CT_CREATE ? "Such conntrack exists, try -U to update" : errno.description();
            case 2:
                if (command == Cmd.EXP_CREATE) {
                    return "master conntrack not found";
                }
                return create || command == Cmd.CT_GET || command == Cmd.CT_DELETE ? "such conntrack doesn't exist"
                    : errno.description();
            case 12:
                return create || command == Cmd.CT_GET ? "not enough memory" : errno.description();
            case 97:
                return command == Cmd.CT_GET ? "protocol not supported" : errno.description();
            case 62:
                return create ? "conntrack has expired" : errno.description();
            case 1:
                return "sorry, you must be root or get CAP_NET_ADMIN capability to do this";
            default:
                return errno.description();
        }
    }
}
