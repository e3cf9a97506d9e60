package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * 1.4.7 fails with a given exit code and standard error, and the program under test succeeds (exit 0) with the
 * correct result. What is correct is stated one of two ways: by an {@code oracle}, a form that asks 1.4.7 the same
 * question in a way it answers (the program under test must print exactly what 1.4.7 prints for it, on the same
 * table); or, for a write form, by a pattern every {@code printed} line matches, a summary line counting those lines
 * as its only standard error, and as many lines as the table left behind holds lines matching {@code tableLines}
 * (the {@link TableRelation} then checks what changed in them).
 *
 * @param referenceExit   1.4.7's exit code
 * @param referenceStderr 1.4.7's standard error, program prefixes replaced by {@link Normalizer#PROGRAM_MARK}
 * @param oracle          the form 1.4.7 answers correctly, or {@code null}
 * @param printed         what every printed line contains, or {@code null} (with an oracle)
 * @param tableLines      the lines of the resulting {@link TableSnapshot#EXTENDED} listing the command acted on
 */
record SucceedsInstead(int referenceExit, String referenceStderr, CommandForm oracle, Pattern printed,
                       Pattern tableLines) implements OutputRelation {

    /**
     * @param exit   1.4.7's exit code
     * @param stderr 1.4.7's normalized standard error
     * @param oracle a form whose 1.4.7 output is the correct one
     * @return the relation
     */
    static SucceedsInstead likeOracle(final int exit, final String stderr, final CommandForm oracle) {
        return new SucceedsInstead(exit, stderr, oracle, null, null);
    }

    /**
     * @param exit       1.4.7's exit code
     * @param stderr     1.4.7's normalized standard error
     * @param printed    the regular expression every printed line matches
     * @param tableLines the regular expression of the lines of the resulting table the command acted on
     * @return the relation
     */
    static SucceedsInstead printing(final int exit, final String stderr, final String printed,
                                    final String tableLines) {
        return new SucceedsInstead(exit, stderr, null, Pattern.compile(printed), Pattern.compile(tableLines));
    }

    @Override
    public List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>();
        if (runs.reference().exitCode() != referenceExit) {
            problems.add("1.4.7 should fail with exit code " + referenceExit + ", not " + runs.reference().exitCode());
        }
        final String refErr = Streams.referenceStderr(runs);
        if (!refErr.equals(referenceStderr)) {
            problems.add("1.4.7's stderr should be:\n" + LineDiff.diff(referenceStderr, refErr, String::equals));
        }
        if (runs.underTest().exitCode() != 0) {
            problems.add("exit code 0 expected, got " + runs.underTest().exitCode());
        }
        if (oracle != null) {
            asOracle(runs, problems);
        } else {
            asPrinted(runs, problems);
        }
        return problems;
    }

    private void asOracle(final Runs runs, final List<String> problems) {
        final Outcome correct = runs.oracle().apply(oracle);
        final Verdict v = OutputComparison.sameTable().compare(oracle, correct, runs.underTest());
        if (!v.matches()) {
            problems.add("the output should be 1.4.7's for conntrack " + String.join(" ", oracle.args()) + ":"
                + v.report());
        }
    }

    private void asPrinted(final Runs runs, final List<String> problems) {
        final List<String> lines = Lines.of(runs.underTest().stdout());
        final List<String> stray = lines.stream().filter(l -> !printed.matcher(l).find()).toList();
        if (lines.isEmpty() || !stray.isEmpty()) {
            problems.add("every printed line should match /" + printed + "/ and there should be one at least:\n"
                + Lines.text(stray));
        }
        final String err = Normalizer.stderr(runs.underTest().stderr());
        if (CountLine.in(err).orElse(-1) != lines.size() || Lines.of(err).size() != 1) {
            problems.add("stderr should be the one summary line counting the " + lines.size() + " lines printed");
        }
        if (runs.tables() != null) {
            final long acted = runs.tables().underTest().section(TableSnapshot.EXTENDED).stream()
                .filter(l -> tableLines.matcher(l).find()).count();
            if (acted != lines.size()) {
                problems.add(lines.size() + " lines printed, but the table holds " + acted + " lines /"
                    + tableLines + "/");
            }
        }
    }

    @Override
    public String toString() {
        return "1.4.7 fails (exit " + referenceExit + "), the program under test succeeds "
            + (oracle != null ? "like conntrack " + String.join(" ", oracle.args())
            : "printing the lines /" + printed + "/");
    }
}
