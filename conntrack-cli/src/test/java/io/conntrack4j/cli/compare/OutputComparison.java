package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Compares two runs of one command: exit codes equal, standard error equal once the program prefixes are replaced
 * ({@link Normalizer#stderr}), standard output equal byte for byte except for clock fields one second apart
 * ({@link Normalizer#difference}). For runs on two builds of the table, the flow ids may be hidden first.
 */
final class OutputComparison {
    private static final int SHOWN_CHARS = 6000;

    private final UnaryOperator<String> prepare;

    private OutputComparison(final UnaryOperator<String> prepare) {
        this.prepare = prepare;
    }

    /** @return a comparison of two runs on the same table */
    static OutputComparison sameTable() {
        return new OutputComparison(UnaryOperator.identity());
    }

    /** @return a comparison of two runs on two identical builds of the table: flow ids are ignored */
    static OutputComparison rebuiltTable() {
        return new OutputComparison(Normalizer::withoutIds);
    }

    /**
     * @param outcome a run
     * @return the run as this comparison sees it (flow ids hidden for runs on two builds)
     */
    Outcome prepared(final Outcome outcome) {
        return new Outcome(outcome.exitCode(), prepare.apply(outcome.stdout()), outcome.stderr());
    }

    /**
     * @param form      the command
     * @param reference the installed conntrack's run
     * @param underTest the run of the program under test
     * @return the verdict, with a report naming the command, both outputs and the diffs
     */
    Verdict compare(final CommandForm form, final Outcome reference, final Outcome underTest) {
        final List<String> problems = new ArrayList<>();
        if (reference.exitCode() != underTest.exitCode()) {
            problems.add("exit code " + reference.exitCode() + " expected, got " + underTest.exitCode());
        }
        final String refErr = Normalizer.stderr(reference.stderr());
        final String cliErr = Normalizer.stderr(underTest.stderr());
        if (!refErr.equals(cliErr)) {
            problems.add("stderr differs");
        }
        final String refOut = prepare.apply(reference.stdout());
        final String cliOut = prepare.apply(underTest.stdout());
        Normalizer.difference(refOut, cliOut).ifPresent(d -> problems.add("stdout: " + d));
        if (problems.isEmpty()) {
            return new Verdict(problems, false, "");
        }
        final boolean clockOnly = reference.exitCode() == underTest.exitCode() && refErr.equals(cliErr)
            && Normalizer.skeleton(refOut).equals(Normalizer.skeleton(cliOut));
        final StringBuilder r = new StringBuilder();
        r.append("\n$ ").append(form.display()).append('\n');
        problems.forEach(p -> r.append("  * ").append(p).append('\n'));
        if (!Normalizer.matches(refOut, cliOut)) {
            r.append("--- stdout diff (- conntrack, + under test; clock fields 1 s apart count as equal)\n")
                .append(LineDiff.diff(refOut, cliOut, Normalizer::matches));
        }
        if (!refErr.equals(cliErr)) {
            r.append("--- stderr diff (program prefixes replaced)\n").append(LineDiff.diff(refErr, cliErr, String::equals));
        }
        section(r, "conntrack stdout (exit " + reference.exitCode() + ")", reference.stdout());
        section(r, "conntrack stderr", reference.stderr());
        section(r, "under test stdout (exit " + underTest.exitCode() + ")", underTest.stdout());
        section(r, "under test stderr", underTest.stderr());
        return new Verdict(problems, clockOnly, r.toString());
    }

    /**
     * Appends one labelled output, cut after {@value #SHOWN_CHARS} characters.
     *
     * @param r     the report
     * @param title the label
     * @param text  the output
     */
    static void section(final StringBuilder r, final String title, final String text) {
        r.append("--- ").append(title).append('\n');
        if (text.length() > SHOWN_CHARS) {
            r.append(text, 0, SHOWN_CHARS).append("\n[... ").append(text.length() - SHOWN_CHARS)
                .append(" more characters]\n");
        } else {
            r.append(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                r.append("\n[no newline at the end]\n");
            }
        }
    }
}
