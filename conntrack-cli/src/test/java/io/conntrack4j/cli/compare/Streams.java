package io.conntrack4j.cli.compare;

import java.util.List;

/** Checks on exit codes and standard error that several {@link OutputRelation}s share. */
final class Streams {
    private Streams() {
    }

    /**
     * @param runs     both runs
     * @param problems where to add a difference of the exit codes
     */
    static void sameExitCode(final Runs runs, final List<String> problems) {
        if (runs.reference().exitCode() != runs.underTest().exitCode()) {
            problems.add("exit code " + runs.reference().exitCode() + " expected (as 1.4.7), got "
                + runs.underTest().exitCode());
        }
    }

    /**
     * @param expected the expected normalized standard error
     * @param runs     both runs
     * @param problems where to add a difference
     */
    static void stderrIs(final String expected, final Runs runs, final List<String> problems) {
        final String actual = Normalizer.stderr(runs.underTest().stderr());
        if (!actual.equals(expected)) {
            problems.add("stderr should be (program prefixes replaced):\n" + LineDiff.diff(expected, actual,
                String::equals));
        }
    }

    /**
     * @param runs both runs
     * @return 1.4.7's normalized standard error
     */
    static String referenceStderr(final Runs runs) {
        return Normalizer.stderr(runs.reference().stderr());
    }

    /**
     * @param runs     both runs
     * @param count    the number of lines the program under test should have printed
     * @param problems where to add a difference
     */
    static void stderrCounts(final Runs runs, final int count, final List<String> problems) {
        final String reference = referenceStderr(runs);
        stderrIs(CountLine.in(reference).isPresent() ? CountLine.withCount(reference, count) : reference, runs,
            problems);
    }
}
