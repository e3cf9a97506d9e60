package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A documented, deliberate difference from 1.4.7 that a form exercises: the row of the table "Where it deliberately
 * differs from 1.4.7" in docs/cli.md it refers to (by its tag, e.g. {@code Q2}), and the precise relation the
 * program under test's output and resulting table must have to 1.4.7's. A form with a deviation passes only if the
 * relation holds; matching 1.4.7 exactly fails it, unless both relations are tolerances that an identical run
 * satisfies ({@link ZeroedCounters}, {@link FamiliesInTurn}: what they allow depends on where dump batches end or on
 * the hash order, not on a 1.4.7 bug that always shows). Then the form is reported as a plain match.
 *
 * @param row    the tag of the docs/cli.md row, e.g. {@code Q2} or {@code NAT-ICMP}
 * @param output how the output relates to 1.4.7's
 * @param table  how the resulting table relates to 1.4.7's (only judged for write forms)
 */
record Deviation(String row, OutputRelation output, TableRelation table) {

    /**
     * @param row    the docs/cli.md tag
     * @param output the output relation
     * @return a deviation that shows in the output only (the table must be the same)
     */
    static Deviation inOutput(final String row, final OutputRelation output) {
        return new Deviation(row, output, TableRelation.same());
    }

    /** @return true if identical outputs and tables satisfy the relation */
    boolean allowsIdentical() {
        return output.allowsIdentical() && table.allowsIdentical();
    }

    /**
     * @param runs both runs (with the tables for a write form)
     * @return what violates the relation
     */
    List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>(output.problems(runs));
        if (runs.tables() != null) {
            table.problems(runs.tables()).forEach(p -> problems.add("table: " + p));
        }
        return problems;
    }

    @Override
    public String toString() {
        return row + ": " + output + (table instanceof TableRelation.SameTable ? "" : "; " + table);
    }
}
