package io.conntrack4j.cli.compare;

import java.util.regex.Pattern;

/**
 * The documented deviations the forms exercise, each with its precise relation. The tags are those of the table
 * "Where it deliberately differs from 1.4.7" in docs/cli.md ({@code DeviationsDocumentedTest} checks that each one
 * is there).
 */
final class Deviations {
    /** 1.4.7's standard error when an update is sent without a family (Q7). */
    static final String NOT_SUPPORTED = "Operation failed: Operation not supported\n"
        + Normalizer.PROGRAM_MARK + "Operation failed: Operation not supported\n";

    private Deviations() {
    }

    /**
     * NAT filters ({@code -n}, {@code -g}, {@code -j}): 1.4.7's port-NAT check compares an ICMP echo's type 8 with
     * its reply's type 0, so it also lists ICMP echo flows without any NAT. Only those lines may be missing.
     *
     * @return the deviation
     */
    static Deviation natIcmp() {
        return Deviation.inOutput("NAT-ICMP", new FewerLines(Pattern.compile("^(?!icmp +1 \\d+ "
            + "src=(\\S+) dst=(\\S+) type=8 code=0 id=(\\d+) .*src=\\2 dst=\\1 type=0 code=0 id=\\3 )")));
    }

    /**
     * {@code -L -p gre --srckey 16}: 1.4.7 ignores GRE keys and lists every GRE flow.
     *
     * @return the deviation
     */
    static Deviation greKeys() {
        return Deviation.inOutput("GRE-KEYS",
            new FewerLines(Pattern.compile("^gre +47 \\d+ src=\\S+ dst=\\S+ srckey=0x10 ")));
    }

    /**
     * {@code -L -u ASSURED,!SEEN_REPLY}: 1.4.7 lists nothing; the correct answer is what it lists for
     * {@code -L -u ASSURED} that is unreplied.
     *
     * @return the deviation
     */
    static Deviation q5() {
        return Deviation.inOutput("Q5", new MoreLines(Pattern.compile("\\[UNREPLIED\\] .*\\[ASSURED\\]"), false,
            CommandForm.of("-L -u ASSURED")));
    }

    /**
     * {@code -G} by the reply tuple only: 1.4.7 fails, the program under test prints what {@code -G} by the
     * original tuple prints.
     *
     * @param original the same {@code -G} by the original tuple
     * @return the deviation
     */
    static Deviation getByReply(final String original) {
        return Deviation.inOutput("GET-REPLY", SucceedsInstead.likeOracle(1,
            Normalizer.PROGRAM_MARK + "Operation failed: invalid parameters\n", CommandForm.of(original)));
    }

    /**
     * {@code -F -f ipv6}: 1.4.7 flushes IPv4 too; ours deletes exactly the IPv6 flows.
     *
     * @return the deviation
     */
    static Deviation q1() {
        return new Deviation("Q1", new SameOutput(), new KeepsMore(Pattern.compile("^ipv6 "), true));
    }

    /**
     * {@code -D -u UNREPLIED}: 1.4.7 deletes (and prints) every flow; ours exactly the unreplied ones.
     *
     * @return the deviation
     */
    static Deviation q2() {
        final Pattern unreplied = Pattern.compile("\\[UNREPLIED\\]");
        return new Deviation("Q2", new FewerLines(unreplied), new KeepsMore(unreplied, true));
    }

    /**
     * {@code -D -t N}: 1.4.7 deletes (and prints) every flow; ours those with N seconds left when it dumped them
     * (it prints them with that timeout; the snapshot just before showed N or N + 1).
     *
     * @param seconds N
     * @return the deviation
     */
    static Deviation q13(final int seconds) {
        return new Deviation("Q13", new FewerLines(Pattern.compile("^\\S+ +\\d+ " + seconds + " ")),
            new KeepsMore(Pattern.compile("^ipv\\d +\\d+ \\S+ +\\d+ (?:" + seconds + '|' + (seconds + 1) + ") "),
                false));
    }

    /**
     * {@code -I … -m M -u S}: 1.4.7 stores the status value as the mark.
     *
     * @param flow   what the created flow's extended line contains
     * @param status the status value 1.4.7 stores as the mark
     * @param mark   the mark given
     * @return the deviation
     */
    static Deviation q6(final String flow, final long status, final long mark) {
        return new Deviation("Q6", new SameOutput(),
            new EditedTable(LineEdit.of(flow, "mark=" + status + " ", "mark=" + mark + " ")));
    }

    /**
     * A batch whose {@code -U … -m M} is followed by a line with mark L: 1.4.7 sets L, ours M (and prints it).
     *
     * @param flow    what the updated flow's line contains
     * @param ownMark M
     * @param lastMark L
     * @return the deviation
     */
    static Deviation q4(final String flow, final long ownMark, final long lastMark) {
        final LineEdit edit = LineEdit.of(flow, "mark=" + lastMark + " ", "mark=" + ownMark + " ");
        return new Deviation("Q4", new EditedLines(edit), new EditedTable(edit));
    }

    /**
     * {@code -U -p tcp -m M} without a family: 1.4.7 fails with {@code Operation not supported} and changes
     * nothing; ours sets mark M on every TCP flow and prints each.
     *
     * @param mark M
     * @return the deviation
     */
    static Deviation q7(final long mark) {
        final String tcpFlow = "^ipv[46] +\\d+ tcp +6 ";
        return new Deviation("Q7", SucceedsInstead.printing(1, NOT_SUPPORTED, "^tcp +6 \\d+ .* mark=" + mark + " ",
            tcpFlow), new EditedTable(LineEdit.of(tcpFlow, "mark=\\d+ ", "mark=" + mark + " ")));
    }

    /**
     * {@code -U} selecting a flow whose tuple also exists in zone 3: 1.4.7 updates the zone-0 flow in its place and
     * counts it once or twice, depending on the dump order (when the zone-0 flow comes after the update, its dumped
     * entry already has the new values and is skipped); ours updates and prints the zone-3 flow too, and counts the
     * flows it printed.
     *
     * @param printed what the zone-3 flow's printed line contains after the update
     * @param edit    the update, applied to the zone-3 flow's line in 1.4.7's table
     * @return the deviation
     */
    static Deviation zones(final String printed, final LineEdit edit) {
        return new Deviation("ZONES", new MoreLines(Pattern.compile(printed), false, null), new EditedTable(edit));
    }

    /**
     * {@code -U} of several flows: 1.4.7 counts them all but prints only some (Q8: a stray acknowledgement in the
     * socket); ours prints every one.
     *
     * @param updated what each updated flow's printed line contains
     * @return the deviation
     */
    static Deviation q8(final String updated) {
        return Deviation.inOutput("Q8", new MoreLines(Pattern.compile(updated), true, null));
    }

    /**
     * A protocol filter without a family, on a table where both families match: one dump per family, IPv4 first.
     *
     * @return the deviation
     */
    static Deviation familyOrder() {
        return Deviation.inOutput("FAMILY-ORDER", new FamiliesInTurn());
    }

    /**
     * {@code -L -z}: the entries the kernel cuts at dump-batch ends show zeroed counters, and where batches end
     * depends on the reader's buffer.
     *
     * @return the deviation
     */
    static Deviation zeroBatch() {
        return Deviation.inOutput("ZERO-BATCH", new ZeroedCounters());
    }
}
