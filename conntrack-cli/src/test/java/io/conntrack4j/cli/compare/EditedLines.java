package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The program under test prints 1.4.7's output with a documented {@link LineEdit} applied (it must change at least
 * one line); exit codes and standard error are equal.
 *
 * @param edit how our lines differ from 1.4.7's
 */
record EditedLines(LineEdit edit) implements OutputRelation {

    @Override
    public List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>();
        final LineEdit.Edited want = edit.apply(runs.reference().stdout());
        edit.checkApplied(want, problems);
        Normalizer.difference(want.text(), runs.underTest().stdout()).ifPresent(d -> problems.add(
            "stdout should be 1.4.7's with " + edit + " (" + d + "):\n"
                + LineDiff.diff(want.text(), runs.underTest().stdout(), Normalizer::matches)));
        Streams.sameExitCode(runs, problems);
        Streams.stderrIs(Streams.referenceStderr(runs), runs, problems);
        return problems;
    }

    @Override
    public String toString() {
        return "prints 1.4.7's output " + edit;
    }
}
