package io.conntrack4j.cli.compare;

import java.util.List;

/** The outputs must be equal, as for a form without a deviation: for deviations that show only in the table. */
record SameOutput() implements OutputRelation {

    @Override
    public List<String> problems(final Runs runs) {
        return OutputComparison.sameTable().compare(runs.form(), runs.reference(), runs.underTest()).problems();
    }

    @Override
    public boolean allowsIdentical() {
        return true;
    }

    @Override
    public String toString() {
        return "the same output";
    }
}
