package io.conntrack4j.cli.compare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** How forms with and without a deviation are judged, in a comparison and in a self-comparison. */
class JudgeTest {
    private static final String LINE =
        "gre      47 3483 src=10.1.1.50 dst=10.2.2.50 srckey=0x10 dstkey=0x20 mark=0 use=1\n";
    private static final String OTHER =
        "gre      47 3493 src=10.1.1.51 dst=10.2.2.50 srckey=0x100 dstkey=0x0 mark=7 use=1\n";
    private static final Outcome BOTH = new Outcome(0, OTHER + LINE,
        "conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n");
    private static final Outcome ONE =
        new Outcome(0, LINE, "conntrack4j v0.1.0 (conntrack4j): 1 flow entries have been shown.\n");
    private static final CommandForm GRE = CommandForm.of("-L -p gre --srckey 16")
        .deviatingAs(Deviation.inOutput("GRE-KEYS", new FewerLines(Pattern.compile("srckey=0x10 "))));

    @Test
    void aFormWithoutDeviationMustMatch() {
        final Judge judge = new Judge(OutputComparison.sameTable(), false);
        assertThat(judge.judge(CommandForm.of("-L"), BOTH, BOTH, null, null).label()).isEqualTo("MATCH");
        assertThat(judge.judge(CommandForm.of("-L"), BOTH, ONE, null, null).label()).isEqualTo("MISMATCH");
    }

    @Test
    void aDeviationMustShowAsDocumented() {
        final Judge judge = new Judge(OutputComparison.sameTable(), false);
        final Verdict deviates = judge.judge(GRE, BOTH, ONE, null, null);
        final Verdict identical = judge.judge(GRE, BOTH, BOTH, null, null);

        assertThat(deviates.label()).isEqualTo("DEVIATES-AS-DOCUMENTED (GRE-KEYS)");
        assertThat(identical.label()).isEqualTo("MISMATCH");
        assertThat(identical.report()).contains("identical to 1.4.7", "GRE-KEYS");
        assertThat(Judge.worthRetry(identical)).isTrue();
    }

    @Test
    void aToleranceMayMatch() {
        final CommandForm zero = CommandForm.of("-L -z").deviatingAs(Deviations.zeroBatch());
        assertThat(new Judge(OutputComparison.sameTable(), false).judge(zero, BOTH, BOTH, null, null).label())
            .isEqualTo("MATCH");
    }

    @Test
    void aSelfComparisonExpectsDeviationFormsToMatch() {
        final Judge self = new Judge(OutputComparison.sameTable(), true);
        assertThat(self.judge(GRE, BOTH, BOTH, null, null).label()).isEqualTo("MATCH");
        assertThat(self.judge(GRE, BOTH, ONE, null, null).label()).isEqualTo("MISMATCH");
    }

    @Test
    void theVerdictTableListsEveryFormAndTheUnjudged() {
        final VerdictTable table = new VerdictTable();
        final Judge judge = new Judge(OutputComparison.sameTable(), false);
        table.record(GRE, judge.judge(GRE, BOTH, ONE, null, null));
        table.record(CommandForm.of("-L"), judge.judge(CommandForm.of("-L"), BOTH, ONE, null, null));

        assertThat(table.render("t")).contains(
            "| `conntrack -L -p gre --srckey 16   [documented deviation GRE-KEYS]` | "
                + "DEVIATES-AS-DOCUMENTED (GRE-KEYS) |",
            "| `conntrack -L` | MISMATCH |",
            "2 forms: 1 DEVIATES-AS-DOCUMENTED, 1 MISMATCH");
        assertThat(table.unjudged(List.of(GRE, CommandForm.of("-S")))).containsExactly(CommandForm.of("-S"));
    }
}
