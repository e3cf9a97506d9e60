package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes two conntrack outputs comparable although they were taken a moment apart. The only fields allowed to
 * differ are the clock-driven ones, and only by one: the remaining timeout (the number after the protocol number in
 * the default and extended formats, {@code <timeout>} in XML, {@code -t N} in save lines, the leading number of an
 * expectation line) and the age ({@code delta-time=N}, {@code <deltatime>} in XML). Everything else must be equal
 * byte for byte. Standard error is compared after replacing each line's program prefix
 * ({@code conntrack v1.4.7 (conntrack-tools): }) by a placeholder.
 */
public final class Normalizer {
    /** What replaces the clock fields in a {@link #skeleton(String) skeleton}. */
    public static final String TIME_MARK = "<T>";
    /** What replaces the program prefix of a standard-error line. */
    public static final String PROGRAM_MARK = "<program>: ";

    private static final Pattern TIME_FIELD = Pattern.compile(
        "(?m)^(?:(?:ipv4|ipv6|unknown) +\\d+ )?(?:tcp|udp|udplite|icmp|icmpv6|sctp|gre|dccp|unknown) +\\d+ (\\d+)(?= )"
            + "|<timeout>(\\d+)</timeout>"
            + "|^-[ADU] -t (\\d+)(?= |$)"
            + "|delta-time=(\\d+)"
            + "|<deltatime>(\\d+)</deltatime>"
            + "|^(\\d+)(?= proto=)");
    private static final Pattern PROGRAM_PREFIX = Pattern.compile("(?m)^\\S+ v\\S+ \\([^)]*\\): ");
    private static final Pattern FLOW_ID = Pattern.compile("(use=\\d+ id=)\\d+|(<id>)\\d+(?=</id>)");
    private static final Pattern CANONICAL = Pattern.compile("0|[1-9]\\d{0,17}");

    private Normalizer() {
    }

    /**
     * @param text an output
     * @return the text with every clock field replaced by {@link #TIME_MARK}
     */
    public static String skeleton(final String text) {
        return masked(text).skeleton();
    }

    /**
     * Compares two outputs, allowing the clock fields to differ by at most one.
     *
     * @param expected the reference output
     * @param actual   the output under test
     * @return empty if they match, else what differs first
     */
    public static Optional<String> difference(final String expected, final String actual) {
        final Masked e = masked(expected);
        final Masked a = masked(actual);
        if (!e.skeleton().equals(a.skeleton())) {
            return Optional.of("the outputs differ outside the timeout and delta-time fields");
        }
        for (int i = 0; i < e.values().size(); i++) {
            final String x = e.values().get(i);
            final String y = a.values().get(i);
            if (!x.equals(y) && !closeEnough(x, y)) {
                return Optional.of("clock field #" + (i + 1) + " differs by more than 1: " + x + " vs " + y);
            }
        }
        return Optional.empty();
    }

    /**
     * @param expected the reference output
     * @param actual   the output under test
     * @return true if {@link #difference} finds none
     */
    public static boolean matches(final String expected, final String actual) {
        return difference(expected, actual).isEmpty();
    }

    /**
     * @param stderr a standard error text
     * @return the text with each line's {@code <name> v<version> (<project>): } prefix replaced by
     *     {@link #PROGRAM_MARK}
     */
    public static String stderr(final String stderr) {
        return PROGRAM_PREFIX.matcher(stderr).replaceAll(Matcher.quoteReplacement(PROGRAM_MARK));
    }

    /**
     * Hides the conntrack ids ({@code -o id}'s {@code id=N} after {@code use=N}, XML's {@code <id>}): a rebuilt table
     * holds the same flows under new ids. ICMP's {@code id=} tuple field is kept.
     *
     * @param text an output
     * @return the text with each flow id replaced by {@code <id>}
     */
    public static String withoutIds(final String text) {
        final Matcher m = FLOW_ID.matcher(text);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String head = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(head + "<id>"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean closeEnough(final String x, final String y) {
        if (!CANONICAL.matcher(x).matches() || !CANONICAL.matcher(y).matches()) {
            return false;
        }
        return Math.abs(Long.parseLong(x) - Long.parseLong(y)) <= 1;
    }

    private static Masked masked(final String text) {
        final Matcher m = TIME_FIELD.matcher(text);
        final StringBuilder skeleton = new StringBuilder();
        final List<String> values = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            final int group = firstMatchedGroup(m);
            skeleton.append(text, last, m.start(group)).append(TIME_MARK);
            values.add(m.group(group));
            last = m.end(group);
        }
        skeleton.append(text.substring(last));
        return new Masked(skeleton.toString(), values);
    }

    private static int firstMatchedGroup(final Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return g;
            }
        }
        throw new IllegalStateException("a time field without a value: " + m.group());
    }

    /** An output split into its clock-free skeleton and the clock values, in order. */
    private record Masked(String skeleton, List<String> values) {
    }
}
