package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The program under test prints every line 1.4.7 prints and at least one more; every extra line matches
 * {@code extra}. Exit codes are equal. The summary line either states the same count as 1.4.7's
 * ({@code sameCount}: 1.4.7 counted the entries but printed only some, Q8) or the number of lines printed.
 * With an {@code oracle}, the extra lines must be exactly the lines matching {@code extra} that 1.4.7 prints for
 * the oracle form, on the same table: that form states the documented meaning in a way 1.4.7 gets right.
 *
 * @param extra     what every extra line contains
 * @param sameCount true if the summary line must equal 1.4.7's (and state the number of lines printed)
 * @param oracle    a form 1.4.7 answers correctly, or {@code null}
 */
record MoreLines(Pattern extra, boolean sameCount, CommandForm oracle) implements OutputRelation {

    @Override
    public List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>();
        final List<String> ours = Lines.of(runs.underTest().stdout());
        final Lines.Matching m = Lines.match(Lines.of(runs.reference().stdout()), ours);
        if (!m.missing().isEmpty()) {
            problems.add("lines 1.4.7 printed are missing:\n" + m.describe());
        }
        if (m.extra().isEmpty()) {
            problems.add("no line beyond 1.4.7's: the deviation did not show");
        }
        final List<String> unexpected = m.extra().stream().filter(l -> !extra.matcher(l).find()).toList();
        if (!unexpected.isEmpty()) {
            problems.add("extra lines that do not match /" + extra + "/:\n" + Lines.text(unexpected));
        }
        if (oracle != null) {
            final List<String> correct = Lines.matching(runs.oracle().apply(oracle).stdout(), extra);
            final Lines.Matching o = Lines.match(correct, m.extra());
            if (!o.same()) {
                problems.add("the extra lines should be the lines /" + extra + "/ of conntrack "
                    + String.join(" ", oracle.args()) + ":\n" + o.describe());
            }
        }
        Streams.sameExitCode(runs, problems);
        if (sameCount) {
            Streams.stderrIs(Streams.referenceStderr(runs), runs, problems);
            final int counted = CountLine.in(Normalizer.stderr(runs.underTest().stderr())).orElse(-1);
            if (counted != ours.size()) {
                problems.add(ours.size() + " lines printed, but the summary line counts " + counted);
            }
        } else {
            Streams.stderrCounts(runs, ours.size(), problems);
        }
        return problems;
    }

    @Override
    public String toString() {
        return "prints 1.4.7's lines and more, each /" + extra + "/"
            + (sameCount ? ", with 1.4.7's count" : "")
            + (oracle == null ? "" : ", exactly those of conntrack " + String.join(" ", oracle.args()));
    }
}
