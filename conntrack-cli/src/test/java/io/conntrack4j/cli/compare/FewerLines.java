package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The program under test prints a strict subset of 1.4.7's lines: exactly those that match {@code kept}, in 1.4.7's
 * order, and its summary line counts them; 1.4.7 printed at least one line more (one the documented bug wrongly
 * includes). Exit codes are equal.
 *
 * @param kept what every correct line contains, e.g. {@code srckey=0x10 } where 1.4.7 ignores GRE keys
 */
record FewerLines(Pattern kept) implements OutputRelation {

    @Override
    public List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>();
        final List<String> reference = Lines.of(runs.reference().stdout());
        final List<String> expected = reference.stream().filter(l -> kept.matcher(l).find()).toList();
        if (expected.isEmpty()) {
            problems.add("no line of 1.4.7's output matches /" + kept + "/: the form shows nothing to compare");
        }
        if (expected.size() == reference.size()) {
            problems.add("every line of 1.4.7's output matches /" + kept + "/: the deviation did not show");
        }
        final String want = Lines.text(expected);
        Normalizer.difference(want, runs.underTest().stdout()).ifPresent(d -> problems.add(
            "stdout should be 1.4.7's lines that match /" + kept + "/ (" + d + "):\n"
                + LineDiff.diff(want, runs.underTest().stdout(), Normalizer::matches)));
        Streams.sameExitCode(runs, problems);
        Streams.stderrCounts(runs, expected.size(), problems);
        return problems;
    }

    @Override
    public String toString() {
        return "prints only 1.4.7's lines that match /" + kept + "/";
    }
}
