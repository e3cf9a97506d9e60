package io.conntrack4j.cli.compare;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each deviation relation holds for the documented difference and fails for identical runs and for others. */
class DeviationRelationsTest {
    private static final String REF = "conntrack v1.4.7 (conntrack-tools): ";
    private static final String OURS = "conntrack4j v0.1.0 (conntrack4j): ";
    private static final String GRE16 = "gre      47 3483 src=10.1.1.50 dst=10.2.2.50 srckey=0x10 dstkey=0x20 "
        + "packets=0 bytes=0 [UNREPLIED] src=10.2.2.50 dst=10.1.1.50 srckey=0x20 dstkey=0x10 mark=0 use=1\n";
    private static final String GRE256 = "gre      47 3493 src=10.1.1.51 dst=10.2.2.50 srckey=0x100 dstkey=0x0 "
        + "packets=0 bytes=0 [UNREPLIED] src=10.2.2.50 dst=10.1.1.51 srckey=0x0 dstkey=0x100 mark=7 use=1\n";
    private static final String ASSURED_UNREPLIED = "tcp      6 3060 ESTABLISHED src=10.1.1.9 dst=10.2.2.7 sport=1008 "
        + "dport=443 packets=0 bytes=0 [UNREPLIED] src=10.2.2.7 dst=10.1.1.9 sport=443 dport=1008 packets=0 bytes=0 "
        + "[ASSURED] mark=1 use=1\n";
    private static final String ASSURED = "tcp      6 2999 ESTABLISHED src=10.1.1.1 dst=10.2.2.2 sport=1000 dport=80 "
        + "packets=3 bytes=180 src=10.2.2.2 dst=10.1.1.1 sport=80 dport=1000 packets=2 bytes=120 [ASSURED] mark=7 "
        + "use=1\n";

    private static Outcome ref(final String stdout, final String summary) {
        return new Outcome(0, stdout, REF + summary + "\n");
    }

    private static Outcome ours(final String stdout, final String summary) {
        return new Outcome(0, stdout, OURS + summary + "\n");
    }

    private static Runs runs(final Outcome reference, final Outcome underTest) {
        return new Runs(CommandForm.of("-L"), reference, underTest, null, null);
    }

    @Nested
    class Fewer {
        private final FewerLines greKey =
            new FewerLines(Pattern.compile("^gre +47 \\d+ src=\\S+ dst=\\S+ srckey=0x10 "));
        private final Outcome reference = ref(GRE256 + GRE16, "2 flow entries have been shown.");

        @Test
        void holdsForTheKeptLinesCounted() {
            assertThat(greKey.problems(runs(reference, ours(GRE16, "1 flow entries have been shown.")))).isEmpty();
        }

        @Test
        void failsForIdenticalRunsAWrongCountOrAMissingLine() {
            assertThat(greKey.problems(runs(reference, ours(GRE256 + GRE16, "2 flow entries have been shown."))))
                .isNotEmpty();
            assertThat(greKey.problems(runs(reference, ours(GRE16, "2 flow entries have been shown."))))
                .anyMatch(p -> p.startsWith("stderr"));
            assertThat(greKey.problems(runs(reference, ours("", "0 flow entries have been shown."))))
                .anyMatch(p -> p.startsWith("stdout"));
        }
    }

    @Nested
    class More {
        private final Pattern unrepliedAssured = Pattern.compile("\\[UNREPLIED\\] .*\\[ASSURED\\]");
        private final Outcome nothing = ref("", "0 flow entries have been shown.");

        @Test
        void holdsForTheOraclesLines() {
            final MoreLines q5 = new MoreLines(unrepliedAssured, false, CommandForm.of("-L -u ASSURED"));
            final Runs runs = new Runs(CommandForm.of("-L"), nothing,
                ours(ASSURED_UNREPLIED, "1 flow entries have been shown."), f -> ref(ASSURED + ASSURED_UNREPLIED,
                "2 flow entries have been shown."), null);

            assertThat(q5.problems(runs)).isEmpty();
        }

        @Test
        void failsForLinesTheOracleLacksOrThatDoNotMatch() {
            final MoreLines q5 = new MoreLines(unrepliedAssured, false, CommandForm.of("-L -u ASSURED"));
            final Runs missed = new Runs(CommandForm.of("-L"), nothing,
                ours(ASSURED_UNREPLIED, "1 flow entries have been shown."), f -> ref(ASSURED, "1 flow entries "
                + "have been shown."), null);

            assertThat(q5.problems(missed)).anyMatch(p -> p.startsWith("the extra lines should be"));
            assertThat(new MoreLines(unrepliedAssured, false, null).problems(runs(nothing,
                ours(ASSURED, "1 flow entries have been shown.")))).anyMatch(p -> p.startsWith("extra lines"));
            assertThat(new MoreLines(unrepliedAssured, false, null).problems(runs(nothing,
                ours("", "0 flow entries have been shown.")))).anyMatch(p -> p.contains("did not show"));
        }

        @Test
        void withTheSameCountTheSummaryMustCountEveryLine() {
            final MoreLines q8 = new MoreLines(Pattern.compile("mark=\\d"), true, null);
            final Outcome reference = ref(ASSURED, "2 flow entries have been updated.");

            assertThat(q8.problems(runs(reference, ours(ASSURED + ASSURED_UNREPLIED,
                "2 flow entries have been updated.")))).isEmpty();
            assertThat(q8.problems(runs(reference, ours(ASSURED + ASSURED_UNREPLIED + GRE256,
                "2 flow entries have been updated.")))).anyMatch(p -> p.contains("summary line counts 2"));
        }
    }

    @Test
    void editedLinesNeedTheEditAndOnlyIt() {
        final EditedLines q4 = new EditedLines(LineEdit.of("src=10\\.1\\.1\\.1 ", "mark=6 ", "mark=5 "));
        final Outcome reference = new Outcome(0, ASSURED.replace("mark=7", "mark=6"), "");

        assertThat(q4.problems(runs(reference, new Outcome(0, ASSURED.replace("mark=7", "mark=5"), "")))).isEmpty();
        assertThat(q4.problems(runs(reference, reference))).isNotEmpty();
        assertThat(q4.problems(runs(new Outcome(0, ASSURED, ""), new Outcome(0, ASSURED, ""))))
            .anyMatch(p -> p.contains("lack /mark=6 /"));
    }

    @Test
    void succeedsInsteadLikeTheOracle() {
        final SucceedsInstead get = SucceedsInstead.likeOracle(1, Normalizer.PROGRAM_MARK
            + "Operation failed: invalid parameters\n", CommandForm.of("-G -s 10.1.1.1"));
        final Outcome failed = new Outcome(1, "", REF + "Operation failed: invalid parameters\n");
        final Outcome shown = ref(ASSURED, "1 flow entries have been shown.");
        final Runs runs = new Runs(CommandForm.of("-G -r 10.2.2.2"), failed,
            ours(ASSURED, "1 flow entries have been shown."), f -> shown, null);

        assertThat(get.problems(runs)).isEmpty();
        assertThat(get.problems(new Runs(runs.form(), failed, ours(GRE16, "1 flow entries have been shown."),
            f -> shown, null))).isNotEmpty();
        assertThat(get.problems(new Runs(runs.form(), shown, runs.underTest(), f -> shown, null))).isNotEmpty();
    }

    @Nested
    class Zeroed {
        private final String listing = ASSURED + GRE16 + GRE256 + ASSURED_UNREPLIED + GRE16 + GRE256 + GRE16 + GRE256;
        private final String one = listing.replaceFirst("packets=3 bytes=180", "packets=0 bytes=0")
            .replaceFirst("packets=2 bytes=120", "packets=0 bytes=0");

        @Test
        void allowsOneLineInEightWithZeroedCounters() {
            assertThat(new ZeroedCounters().problems(runs(ref(one, "8 flow entries have been shown."),
                ours(listing, "8 flow entries have been shown.")))).isEmpty();
        }

        @Test
        void refusesOtherDifferencesAndTooManyZeroedLines() {
            final String two = one + ASSURED;
            final String twoZeroed = one + one.lines().findFirst().orElseThrow() + "\n";
            assertThat(new ZeroedCounters().problems(runs(ref(twoZeroed, "9 flow entries have been shown."),
                ours(listing + ASSURED, "9 flow entries have been shown.")))).anyMatch(p -> p.contains("at most 1"));
            assertThat(new ZeroedCounters().problems(runs(ref(two, "9 flow entries have been shown."),
                ours(two.replace("mark=7", "mark=8"), "9 flow entries have been shown.")))).isNotEmpty();
            assertThat(ZeroedCounters.zero("packets=0 bytes=0 packets=0 bytes=1")).isFalse();
        }
    }

    @Nested
    class Tables {
        private final String v4 = "ipv4     2 " + ASSURED;
        private final String v4unreplied = "ipv4     2 " + ASSURED_UNREPLIED;
        private final String v6 = "ipv6     10 " + ASSURED.replace("10.1.1.1", "2001:db8::1");

        private TableSnapshot table(final String extended) {
            return TableSnapshot.resorted(String.join("\n", List.of("## conntrack -L -o save",
                "## conntrack -L -o extended,labels", extended, "## conntrack -L expect -f ipv4",
                "## conntrack -L expect -f ipv6", "")));
        }

        @Test
        void keepsMoreHoldsWhenExactlyTheDocumentedFlowsAreGone() {
            final KeepsMore q1 = new KeepsMore(Pattern.compile("^ipv6 "), true);
            final TableSnapshot before = table(v4 + v4unreplied + v6);

            assertThat(q1.problems(new Runs.Tables(before, table(""), table(v4 + v4unreplied)))).isEmpty();
            assertThat(q1.problems(new Runs.Tables(before, table(""), table(v4)))).anyMatch(p -> p.startsWith(
                "deleted flows that do not match"));
            assertThat(q1.problems(new Runs.Tables(before, table(""), table(v4 + v4unreplied + v6))))
                .anyMatch(p -> p.contains("were not deleted"));
            assertThat(q1.problems(new Runs.Tables(before, table(v4 + v4unreplied), table(v4 + v4unreplied))))
                .anyMatch(p -> p.contains("did not show"));
        }

        @Test
        void editedTableHoldsOnlyForTheEdit() {
            final EditedTable q6 = new EditedTable(LineEdit.of("src=10\\.1\\.1\\.9 ", "mark=1 ", "mark=5 "));
            final TableSnapshot reference = table(v4 + v4unreplied);

            assertThat(q6.problems(new Runs.Tables(null, reference, table(v4 + v4unreplied.replace("mark=1 ",
                "mark=5 "))))).isEmpty();
            assertThat(q6.problems(new Runs.Tables(null, reference, reference))).isNotEmpty();
            assertThat(q6.problems(new Runs.Tables(null, reference, table(v4.replace("mark=7 ", "mark=5 ")
                + v4unreplied.replace("mark=1 ", "mark=5 "))))).isNotEmpty();
        }
    }

    @Test
    void familiesInTurnWantsIpv4LinesThenIpv6LinesInTheirOrder() {
        final String v6 = ASSURED.replace("src=10.1.1.1 dst=10.2.2.2", "src=2001:db8::1 dst=2001:db8::2");
        final Outcome reference = ref(v6 + ASSURED + GRE16, "3 flow entries have been shown.");
        final FamiliesInTurn order = new FamiliesInTurn();

        assertThat(order.problems(runs(reference, ours(ASSURED + GRE16 + v6, "3 flow entries have been shown."))))
            .isEmpty();
        assertThat(order.problems(runs(reference, ours(GRE16 + ASSURED + v6, "3 flow entries have been shown."))))
            .isNotEmpty();
        assertThat(order.problems(runs(reference, ours(ASSURED + GRE16, "2 flow entries have been shown."))))
            .isNotEmpty();
        assertThat(FamiliesInTurn.ipv6("<layer3 protonum=\"10\" protoname=\"ipv6\"><src>::1</src>")).isTrue();
        assertThat(FamiliesInTurn.ipv6("ipv4     2 " + ASSURED)).isFalse();
    }

    @Test
    void theSummaryLineIsFoundAndRewritten() {
        final String err = Normalizer.stderr(REF + "12 flow entries have been deleted.\n");
        assertThat(CountLine.in(err)).hasValue(12);
        assertThat(CountLine.withCount(err, 3))
            .isEqualTo(Normalizer.PROGRAM_MARK + "3 flow entries have been deleted.\n");
        assertThat(CountLine.in(Normalizer.stderr(REF + "Operation failed: invalid parameters\n"))).isEmpty();
    }
}
