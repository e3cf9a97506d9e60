package io.conntrack4j.cli.compare;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The state of the table as the reference conntrack lists it, for comparing what two write commands left behind:
 * {@code -L -o save}, {@code -L -o extended,labels} (marks, zones, counters and labels, which save omits; no ids,
 * which differ between builds) and the IPv4 and IPv6 expectations. Lines are sorted by their clock-free skeleton,
 * so only the set of entries counts, not the kernel's hash order.
 *
 * @param text the sorted listings, one section per listing
 */
record TableSnapshot(String text) {
    /** The listing with marks, zones, counters and labels: one line per flow. */
    static final String EXTENDED = "-L -o extended,labels";
    /** The listings a snapshot holds, in order. */
    static final List<String> LISTINGS = List.of("-L -o save", EXTENDED, "-L expect -f ipv4", "-L expect -f ipv6");
    private static final String HEADER = "## conntrack ";

    /**
     * @param runner    runs the listings
     * @param reference the installed conntrack
     * @return the snapshot
     */
    static TableSnapshot take(final ToolRunner runner, final Tool reference) {
        final StringBuilder text = new StringBuilder();
        for (final String listing : LISTINGS) {
            final Outcome out = runner.run(reference, CommandForm.of(listing));
            if (out.exitCode() != 0) {
                throw new IllegalStateException("conntrack " + listing + " failed: " + out.stderr());
            }
            text.append(HEADER).append(listing).append('\n').append(sorted(out.stdout()));
        }
        return new TableSnapshot(text.toString());
    }

    /**
     * @param text a snapshot's text whose lines were changed
     * @return the snapshot with each section sorted again
     */
    static TableSnapshot resorted(final String text) {
        final StringBuilder out = new StringBuilder();
        final StringBuilder section = new StringBuilder();
        for (final String line : text.split("\n")) {
            if (line.startsWith(HEADER)) {
                out.append(sorted(section.toString()));
                section.setLength(0);
                out.append(line).append('\n');
            } else {
                section.append(line).append('\n');
            }
        }
        return new TableSnapshot(out.append(sorted(section.toString())).toString());
    }

    /**
     * @param listing one of {@link #LISTINGS}
     * @return that listing's lines, sorted
     */
    List<String> section(final String listing) {
        final String header = HEADER + listing + "\n";
        final int start = text.indexOf(header);
        if (start < 0) {
            throw new IllegalArgumentException("no listing " + listing + " in the snapshot");
        }
        final int from = start + header.length();
        final int end = text.indexOf(HEADER, from);
        return Lines.of(end < 0 ? text.substring(from) : text.substring(from, end));
    }

    private static String sorted(final String lines) {
        return Arrays.stream(lines.split("\n"))
            .filter(l -> !l.isEmpty())
            .sorted(Comparator.comparing(Normalizer::skeleton).thenComparing(Comparator.naturalOrder()))
            .map(l -> l + "\n")
            .collect(Collectors.joining());
    }

    /**
     * @param underTest the snapshot after the command under test
     * @return empty if the tables match (clock fields 1 s apart), else a report with the diff
     */
    Optional<String> difference(final TableSnapshot underTest) {
        return Normalizer.difference(text, underTest.text).map(d -> "the resulting tables differ (" + d + ")\n"
            + "--- table diff (- after conntrack, + after the program under test)\n"
            + LineDiff.diff(text, underTest.text, Normalizer::matches));
    }

    /**
     * @param other another snapshot
     * @return true if the two differ in nothing but clock fields
     */
    boolean sameButClocks(final TableSnapshot other) {
        return Normalizer.skeleton(text).equals(Normalizer.skeleton(other.text));
    }
}
