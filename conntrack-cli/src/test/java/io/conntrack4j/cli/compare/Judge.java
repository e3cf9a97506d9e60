package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Judges a form's two runs. A form without a {@link Deviation} must match: outputs by {@link OutputComparison}, and
 * for a write form the resulting tables. A form with one must satisfy the deviation's relation; if the runs are
 * identical, the relation fails (the documented difference did not show), unless it is a mere tolerance.
 *
 * <p>In a self-comparison (system property {@value #SELF_PROPERTY} or environment variable {@value #SELF_ENV}
 * {@code true}, for running the harness with 1.4.7 as the program under test) every form must match, those with a
 * deviation included: the same program cannot deviate from itself, and the strict relations would all fail.
 */
final class Judge {
    /** The system property that turns on the self-comparison. */
    static final String SELF_PROPERTY = "ct4j.compare.self";
    /** The environment variable read when the system property is not set. */
    static final String SELF_ENV = "CT4J_COMPARE_SELF";

    private final OutputComparison comparison;
    private final boolean self;

    /**
     * @param comparison how outputs are compared (on the same table, or on two builds)
     * @param self       true in a self-comparison
     */
    Judge(final OutputComparison comparison, final boolean self) {
        this.comparison = comparison;
        this.self = self;
    }

    /** @return true if {@value #SELF_PROPERTY} (else {@value #SELF_ENV}) is {@code true} */
    static boolean selfComparison() {
        final String value = System.getProperty(SELF_PROPERTY, System.getenv(SELF_ENV));
        return Boolean.parseBoolean(value);
    }

    /**
     * @param verdict a verdict
     * @return true if running the form once more may change it: only clock fields differ, or a deviation's relation
     *     (which compares clock fields too) failed
     */
    static boolean worthRetry(final Verdict verdict) {
        return !verdict.matches() && (verdict.clockOnly() || verdict.deviation() != null);
    }

    /**
     * @param form      the command
     * @param reference the installed conntrack's run
     * @param underTest the run of the program under test
     * @param oracle    runs another form through conntrack on the same table, or {@code null} for write forms
     * @param tables    the tables around a write form, or {@code null}
     * @return the verdict
     */
    Verdict judge(final CommandForm form, final Outcome reference, final Outcome underTest,
                  final Function<CommandForm, Outcome> oracle, final Runs.Tables tables) {
        final Verdict plain = plain(form, reference, underTest, tables);
        final Deviation deviation = form.deviation();
        if (deviation == null || self) {
            return plain;
        }
        if (plain.matches()) {
            return deviation.allowsIdentical() ? plain : failure(form, deviation,
                List.of("identical to 1.4.7, although docs/cli.md documents a difference"), plain);
        }
        final List<String> problems = deviation.problems(new Runs(form, comparison.prepared(reference),
            comparison.prepared(underTest), oracle, tables));
        return problems.isEmpty() ? new Verdict(List.of(), false, "", deviation.row())
            : failure(form, deviation, problems, plain);
    }

    private static Verdict failure(final CommandForm form, final Deviation deviation, final List<String> problems,
                                   final Verdict plain) {
        final StringBuilder r = new StringBuilder("\n$ ").append(form.display()).append('\n')
            .append("  is to deviate as documented in docs/cli.md, ").append(deviation).append(", but:\n");
        problems.forEach(p -> r.append("  * ").append(p.replace("\n", "\n    ").stripTrailing()).append('\n'));
        r.append("--- the plain comparison with 1.4.7:")
            .append(plain.matches() ? " identical (clock fields one apart)\n" : plain.report());
        return new Verdict(problems, false, r.toString(), deviation.row());
    }

    private Verdict plain(final CommandForm form, final Outcome reference, final Outcome underTest,
                          final Runs.Tables tables) {
        final Verdict outputs = comparison.compare(form, reference, underTest);
        if (tables == null) {
            return outputs;
        }
        final Optional<String> difference = tables.reference().difference(tables.underTest());
        if (difference.isEmpty()) {
            return outputs;
        }
        final List<String> problems = new ArrayList<>(outputs.problems());
        problems.add("the resulting tables differ");
        final boolean clockOnly = (outputs.matches() || outputs.clockOnly())
            && tables.reference().sameButClocks(tables.underTest());
        return new Verdict(problems, clockOnly, outputs.report() + "\n$ " + form.display() + "\n" + difference.get());
    }
}
