package io.conntrack4j.cli.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line scanner conntrack 1.4.7 relies on: glibc's {@code getopt_long} with a leading {@code ':'} in the
 * option string (missing arguments return {@code ':'}, errors are silent), argument permutation (words that are not
 * options are moved to the end and ignored by conntrack), optional arguments only when attached, and long options
 * that may be abbreviated to a unique prefix. Options can be added while scanning, as {@code -p tcp} adds the TCP
 * options. The caller may take the word after an option ({@link #takeOptionalWord()}), as conntrack does for tables
 * and for the optional NAT address.
 */
final class Getopt {
    /** Whether a long option takes an argument. */
    enum Arg { NONE, REQUIRED, OPTIONAL }

    /**
     * A long option.
     *
     * @param name its name without the dashes
     * @param arg  whether it takes an argument
     * @param code what {@link #next()} returns for it
     */
    record LongOption(String name, Arg arg, int code) {
    }

    /** Returned by {@link #next()} when the arguments are exhausted. */
    static final int END = -1;
    /** Returned for an unknown or ambiguous option. */
    static final int UNKNOWN = '?';
    /** Returned for an option whose required argument is missing. */
    static final int MISSING_ARGUMENT = ':';

    private final String[] argv;
    private final String shortOptions;
    private final List<LongOption> longOptions = new ArrayList<>();
    private int optind = 1;
    private int firstNonOption = 1;
    private int lastNonOption = 1;
    private String cluster = "";
    private String optarg;

    /**
     * @param argv         the program name followed by the arguments (permuted in place)
     * @param shortOptions the option string, glibc syntax ({@code x:} required, {@code x::} optional)
     * @param longOptions  the long options known from the start
     */
    Getopt(final String[] argv, final String shortOptions, final List<LongOption> longOptions) {
        this.argv = argv.clone();
        this.shortOptions = shortOptions;
        this.longOptions.addAll(longOptions);
    }

    /** @param more long options valid from now on (conntrack merges a protocol's options after {@code -p}) */
    void addLongOptions(final List<LongOption> more) {
        longOptions.addAll(more);
    }

    /** @return the argument of the option last returned, or null */
    String optarg() {
        return optarg;
    }

    /** @return the argument word the scanner looked at last, as conntrack names it in error messages */
    String lastWord() {
        return argv[optind - 1];
    }

    /**
     * conntrack's {@code get_optional_arg}: if no argument was attached, takes the next word when it does not start
     * with {@code -} or {@code !}.
     *
     * @return the word, or null
     */
    String takeOptionalWord() {
        if (optarg != null) {
            return null;
        }
        if (optind < argv.length && !argv[optind].startsWith("-") && !argv[optind].startsWith("!")) {
            return argv[optind++];
        }
        return null;
    }

    /** @return the next option's code, {@link #UNKNOWN}, {@link #MISSING_ARGUMENT} or {@link #END} */
    int next() {
        optarg = null;
        if (cluster.isEmpty()) {
            if (lastNonOption > optind) {
                lastNonOption = optind;
            }
            if (firstNonOption > optind) {
                firstNonOption = optind;
            }
            if (firstNonOption != lastNonOption && lastNonOption != optind) {
                exchange();
            } else if (lastNonOption != optind) {
                firstNonOption = optind;
            }
            while (optind < argv.length && isNonOption(argv[optind])) {
                optind++;
            }
            lastNonOption = optind;
            if (optind != argv.length && argv[optind].equals("--")) {
                optind++;
                if (firstNonOption != lastNonOption && lastNonOption != optind) {
                    exchange();
                } else if (firstNonOption == lastNonOption) {
                    firstNonOption = optind;
                }
                lastNonOption = argv.length;
                optind = argv.length;
            }
            if (optind == argv.length) {
                if (firstNonOption != lastNonOption) {
                    optind = firstNonOption;
                }
                return END;
            }
            final String word = argv[optind];
            if (word.startsWith("--")) {
                return longOption(word.substring(2));
            }
            cluster = word.substring(1);
        }
        return shortOption();
    }

    private static boolean isNonOption(final String word) {
        return !word.startsWith("-") || word.length() == 1;
    }

    /** Moves the skipped non-options after the options scanned since, as glibc does. */
    private void exchange() {
        final List<String> nonOptions = new ArrayList<>();
        for (int i = firstNonOption; i < lastNonOption; i++) {
            nonOptions.add(argv[i]);
        }
        int to = firstNonOption;
        for (int i = lastNonOption; i < optind; i++) {
            argv[to++] = argv[i];
        }
        for (final String w : nonOptions) {
            argv[to++] = w;
        }
        firstNonOption += optind - lastNonOption;
        lastNonOption = optind;
    }

    private int longOption(final String text) {
        final int eq = text.indexOf('=');
        final String name = eq < 0 ? text : text.substring(0, eq);
        optind++;
        LongOption found = null;
        boolean ambiguous = false;
        for (final LongOption o : longOptions) {
            if (o.name().equals(name)) {
                found = o;
                ambiguous = false;
                break;
            }
            if (o.name().startsWith(name)) {
                if (found == null) {
                    found = o;
                } else if (found.arg() != o.arg() || found.code() != o.code()) {
                    ambiguous = true;
                }
            }
        }
        if (found == null || ambiguous || name.isEmpty()) {
            return UNKNOWN;
        }
        if (eq >= 0) {
            if (found.arg() == Arg.NONE) {
                return UNKNOWN;
            }
            optarg = text.substring(eq + 1);
        } else if (found.arg() == Arg.REQUIRED) {
            if (optind >= argv.length) {
                return MISSING_ARGUMENT;
            }
            optarg = argv[optind++];
        }
        return found.code();
    }

    private int shortOption() {
        final char c = cluster.charAt(0);
        cluster = cluster.substring(1);
        if (cluster.isEmpty()) {
            optind++;
        }
        final int at = shortOptions.indexOf(c);
        if (at < 0 || c == ':') {
            return UNKNOWN;
        }
        final boolean takesArgument = at + 1 < shortOptions.length() && shortOptions.charAt(at + 1) == ':';
        if (!takesArgument) {
            return c;
        }
        final boolean optional = at + 2 < shortOptions.length() && shortOptions.charAt(at + 2) == ':';
        if (!cluster.isEmpty()) {
            optarg = cluster;
            cluster = "";
            optind++;
        } else if (!optional) {
            if (optind >= argv.length) {
                return MISSING_ARGUMENT;
            }
            optarg = argv[optind++];
        }
        return c;
    }
}
