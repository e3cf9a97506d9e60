package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Line-level helpers for the deviation relations: outputs as lists of lines, and matching two lists as multisets in
 * which a line equals another if {@link Normalizer#matches} says so (clock fields at most one apart).
 */
final class Lines {
    private Lines() {
    }

    /**
     * @param text an output
     * @return its non-empty lines, in order
     */
    static List<String> of(final String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * @param lines lines
     * @return the lines, each ended by a newline (the empty string for none)
     */
    static String text(final List<String> lines) {
        final StringBuilder s = new StringBuilder();
        lines.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    /**
     * @param text    an output
     * @param pattern what a line must contain ({@link java.util.regex.Matcher#find})
     * @return the lines of the output that contain the pattern, in order
     */
    static List<String> matching(final String text, final Pattern pattern) {
        return of(text).stream().filter(l -> pattern.matcher(l).find()).toList();
    }

    /**
     * Pairs each expected line with a distinct equal actual line (first come, first served).
     *
     * @param expected the lines that should be there
     * @param actual   the lines that are there
     * @return the expected lines without a partner, and the actual lines without one
     */
    static Matching match(final List<String> expected, final List<String> actual) {
        return match(expected, actual, Normalizer::matches);
    }

    /**
     * Like {@link #match}, but clock fields may differ by any amount: for snapshots taken seconds apart.
     *
     * @param expected the lines that should be there
     * @param actual   the lines that are there
     * @return the expected lines without a partner, and the actual lines without one
     */
    static Matching matchIgnoringClocks(final List<String> expected, final List<String> actual) {
        return match(expected, actual, (a, b) -> Normalizer.skeleton(a).equals(Normalizer.skeleton(b)));
    }

    private static Matching match(final List<String> expected, final List<String> actual,
                                  final BiPredicate<String, String> equal) {
        final List<String> extra = new ArrayList<>(actual);
        final List<String> missing = new ArrayList<>();
        for (final String e : expected) {
            final int i = indexOfEqual(extra, e, equal);
            if (i < 0) {
                missing.add(e);
            } else {
                extra.remove(i);
            }
        }
        return new Matching(missing, extra);
    }

    private static int indexOfEqual(final List<String> lines, final String line,
                                    final BiPredicate<String, String> equal) {
        for (int i = 0; i < lines.size(); i++) {
            if (equal.test(line, lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The result of {@link #match}.
     *
     * @param missing expected lines that are not there
     * @param extra   lines that are there but were not expected
     */
    record Matching(List<String> missing, List<String> extra) {
        /** @return true if both lists hold the same lines */
        boolean same() {
            return missing.isEmpty() && extra.isEmpty();
        }

        /** @return the unmatched lines, {@code -} missing and {@code +} extra, for a report */
        String describe() {
            final StringBuilder s = new StringBuilder();
            missing.forEach(l -> s.append("    - ").append(l).append('\n'));
            extra.forEach(l -> s.append("    + ").append(l).append('\n'));
            return s.toString();
        }
    }
}
