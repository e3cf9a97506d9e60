package io.conntrack4j.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A protocol extension of the command line (conntrack's {@code ctproto_handler}): the options {@code -p NAME} makes
 * available, how each is parsed into the {@link Template}, the checks once the line is parsed, and its help text.
 */
abstract class ProtoHandler {
    /** Codes of protocol options start here, above every generic option's code. */
    static final int CODE_OFFSET = 256;

    private static final List<ProtoHandler> BUILT_IN = List.of(PortProtocol.TCP, PortProtocol.UDP,
        PortProtocol.UDPLITE, PortProtocol.SCTP, PortProtocol.DCCP, IcmpProtocol.ICMP, IcmpProtocol.ICMPV6,
        GreProtocol.GRE);

    /** @return the protocol's name as {@code -p} and {@code -o save} spell it */
    abstract String name();

    /** @return the protocol number */
    abstract int number();

    /** @return the long options, with codes counted from 0 */
    abstract List<Getopt.LongOption> options();

    /**
     * @param code     the option's code, counted from 0
     * @param argument its argument
     * @param t        the template to fill in
     */
    abstract void parse(int code, String argument, Template t);

    /**
     * Checks the protocol options against the command once the line is parsed.
     *
     * @param command the command
     * @param t       the parsed template
     */
    abstract void finalCheck(Cmd command, Template t);

    /** @return the text {@code -h -p NAME} prints after the usage */
    abstract String help();

    /**
     * @param offset the code of the first option
     * @return the long options with their codes moved by offset
     */
    final List<Getopt.LongOption> options(final int offset) {
        final List<Getopt.LongOption> moved = new ArrayList<>();
        for (final Getopt.LongOption o : options()) {
            moved.add(new Getopt.LongOption(o.name(), o.arg(), o.code() + offset));
        }
        return moved;
    }

    /**
     * conntrack's {@code findproto}: a built-in name (any case), else a name from {@code /etc/protocols}, else a
     * number from 0 to 255 (C syntax).
     *
     * @param text the argument of {@code -p}
     * @return the handler and the protocol number, or null if unknown
     */
    static Found find(final String text) {
        for (final ProtoHandler h : BUILT_IN) {
            if (h.name().equals(text.toLowerCase(Locale.ROOT))) {
                return new Found(h, h.number());
            }
        }
        final Integer byName = EtcProtocols.number(text);
        if (byName != null) {
            return new Found(UnknownProtocol.INSTANCE, byName);
        }
        final int number = protocolNumber(text);
        if (number < 0) {
            return null;
        }
        for (final ProtoHandler h : BUILT_IN) {
            if (h.number() == number) {
                return new Found(h, number);
            }
        }
        return new Found(UnknownProtocol.INSTANCE, number);
    }

    /**
     * @param number a protocol number
     * @return its built-in handler, or the handler of unknown protocols
     */
    static ProtoHandler of(final int number) {
        for (final ProtoHandler h : BUILT_IN) {
            if (h.number() == number) {
                return h;
            }
        }
        return UnknownProtocol.INSTANCE;
    }

    private static int protocolNumber(final String text) {
        if (text.isEmpty()) {
            return -1;
        }
        final String t = text.strip();
        if (t.startsWith("-") || t.startsWith("+")) {
            return -1;
        }
        int base = 10;
        String digits = t;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            base = 16;
            digits = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            base = 8;
            digits = t.substring(1);
        }
        if (digits.isEmpty()) {
            return base == 8 ? 0 : -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            final int d = Character.digit(digits.charAt(i), base);
            if (d < 0) {
                return -1;
            }
            value = value * base + d;
            if (value > 255) {
                return -1;
            }
        }
        return (int) value;
    }

    /**
     * A handler with the protocol number it was found for.
     *
     * @param handler the handler
     * @param number  the protocol number
     */
    record Found(ProtoHandler handler, int number) {
    }

    /** Protocol names from {@code /etc/protocols}, as {@code getprotobyname} reads them (names and aliases). */
    static final class EtcProtocols {
        private EtcProtocols() {
        }

        /** @return the number of a protocol name or alias, or null */
        static Integer number(final String name) {
            for (final String[] entry : entries()) {
                for (int i = 0; i < entry.length; i++) {
                    if (i != 1 && entry[i].equals(name)) {
                        return parse(entry[1]);
                    }
                }
            }
            return null;
        }

        /** @return the official name of a protocol number, or null */
        static String name(final int number) {
            for (final String[] entry : entries()) {
                if (entry[1].equals(Integer.toString(number))) {
                    return entry[0];
                }
            }
            return null;
        }

        /** @return each line's words (name, number, aliases), comments dropped; empty if the file is unreadable */
        private static List<String[]> entries() {
            final List<String[]> entries = new ArrayList<>();
            try {
                for (final String line : Files.readAllLines(Path.of("/etc/protocols"))) {
                    final int hash = line.indexOf('#');
                    final String[] words = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
                    if (words.length >= 2) {
                        entries.add(words);
                    }
                }
            } catch (final java.io.IOException e) {
                return List.of();
            }
            return entries;
        }

        private static Integer parse(final String number) {
            try {
                return Integer.parseInt(number);
            } catch (final NumberFormatException e) {
                return null;
            }
        }
    }
}
