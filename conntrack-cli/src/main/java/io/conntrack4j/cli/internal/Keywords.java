package io.conntrack4j.cli.internal;

import io.conntrack4j.model.Status;
import io.conntrack4j.text.OutputOption;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The keyword lists of {@code -u}, {@code -e} and {@code -o}: comma-separated, each item a case-insensitive prefix of
 * a keyword, the first keyword in table order winning ({@code -o e} is extended, {@code -u ass} ASSURED).
 */
final class Keywords {
    /** {@code -o xml}. */
    static final int O_XML = 1;
    /** {@code -o extended}. */
    static final int O_EXT = 1 << 1;
    /** {@code -o timestamp}. */
    static final int O_TMS = 1 << 2;
    /** {@code -o id}. */
    static final int O_ID = 1 << 3;
    /** {@code -o ktimestamp}. */
    static final int O_KTMS = 1 << 4;
    /** {@code -o labels}. */
    static final int O_CL = 1 << 5;
    /** {@code -o save}. */
    static final int O_SAVE = 1 << 6;

    /** {@code -e NEW}. */
    static final int E_NEW = 1;
    /** {@code -e UPDATES}. */
    static final int E_UPDATE = 2;
    /** {@code -e DESTROY}. */
    static final int E_DESTROY = 4;

    /**
     * A keyword and its bits.
     *
     * @param word   the keyword
     * @param bits   what it sets
     * @param output for {@code -o}, the formatter option it stands for (null otherwise, and for userspace)
     */
    record Keyword(String word, int bits, OutputOption output) {
        Keyword(final String word, final int bits) {
            this(word, bits, null);
        }
    }

    /** The {@code -u} keywords. */
    static final List<Keyword> STATUS = List.of(new Keyword("ASSURED", Status.ASSURED.value()),
        new Keyword("SEEN_REPLY", Status.SEEN_REPLY.value()), new Keyword("UNSET", 0),
        new Keyword("FIXED_TIMEOUT", Status.FIXED_TIMEOUT.value()), new Keyword("EXPECTED", Status.EXPECTED.value()),
        new Keyword("OFFLOAD", Status.OFFLOAD.value()), new Keyword("HW_OFFLOAD", Status.HW_OFFLOAD.value()));
    /** The {@code -e} keywords. */
    static final List<Keyword> EVENTS = List.of(new Keyword("ALL", E_NEW | E_UPDATE | E_DESTROY),
        new Keyword("NEW", E_NEW), new Keyword("UPDATES", E_UPDATE), new Keyword("DESTROY", E_DESTROY));
    /** The {@code -o} keywords ({@code userspace} is accepted and does nothing). */
    static final List<Keyword> OUTPUTS = List.of(new Keyword("xml", O_XML, OutputOption.XML),
        new Keyword("extended", O_EXT, OutputOption.EXTENDED), new Keyword("timestamp", O_TMS, OutputOption.TIMESTAMP),
        new Keyword("id", O_ID, OutputOption.ID), new Keyword("ktimestamp", O_KTMS, OutputOption.KTIMESTAMP),
        new Keyword("labels", O_CL, OutputOption.LABELS), new Keyword("userspace", 0),
        new Keyword("save", O_SAVE, OutputOption.SAVE));

    private Keywords() {
    }

    /**
     * conntrack's parse_parameter.
     *
     * @param text     the comma-separated list
     * @param keywords the table
     * @param err      where the SRC_NAT/DST_NAT warnings go
     * @return the bits
     * @throws CliFailure {@code Bad parameter} for an empty or unknown item
     */
    static int parse(final String text, final List<Keyword> keywords, final PrintStream err) {
        int bits = 0;
        String rest = text;
        while (true) {
            final int comma = rest.indexOf(',');
            final String item = comma < 0 ? rest : rest.substring(0, comma);
            final Integer found = item.isEmpty() ? null : lookup(item, keywords, err);
            if (found == null) {
                throw CliFailure.parameter("Bad parameter `" + rest + "'");
            }
            bits |= found;
            if (comma < 0) {
                return bits;
            }
            rest = rest.substring(comma + 1);
        }
    }

    /**
     * @param item     one item
     * @param keywords the table
     * @param err      where the SRC_NAT/DST_NAT warnings go
     * @return the bits of the first keyword the item is a prefix of, 0 for SRC_NAT/DST_NAT (ignored), or null
     */
    static Integer lookup(final String item, final List<Keyword> keywords, final PrintStream err) {
        final String upper = item.toUpperCase(Locale.ROOT);
        if ("SRC_NAT".startsWith(upper)) {
            err.print("WARNING: ignoring SRC_NAT, use --src-nat instead\n");
            return 0;
        }
        if ("DST_NAT".startsWith(upper)) {
            err.print("WARNING: ignoring DST_NAT, use --dst-nat instead\n");
            return 0;
        }
        for (final Keyword k : keywords) {
            if (k.word().toUpperCase(Locale.ROOT).startsWith(upper)) {
                return k.bits();
            }
        }
        return null;
    }
}
