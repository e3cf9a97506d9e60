package io.conntrack4j.cli.compare;

import io.conntrack4j.testkit.RealKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@link ReadForms read-only form} through the program under test (system property {@code ct4j.cli}, else
 * environment variable {@code CT4J_CLI}, else bin/conntrack4j) and right after it through the installed conntrack
 * 1.4.7, on the same real table, and compares exit code, standard error and standard output
 * ({@link OutputComparison}); a form with a documented {@link Deviation} must instead satisfy its relation
 * ({@link Judge}). A form whose runs differ only in clock fields by more than a second (a slow start on a loaded
 * machine), or that fails its deviation's relation, is run once more. Forms that name a write command (they must fail
 * or change nothing) are also checked to leave the table as it was. At the end, the verdict of every form is printed
 * ({@link VerdictTable}) and every form must have one.
 */
@RealKernel
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompareReadFormsIT {
    private static final Set<String> WRITE_COMMANDS = Set.of("-I", "-A", "-D", "-U", "-F", "-R", "--create",
        "--add", "--delete", "--update", "--flush", "--load-file");

    private static final VerdictTable VERDICTS = new VerdictTable();
    private static final Judge JUDGE = new Judge(OutputComparison.sameTable(), Judge.selfComparison());

    private static Workbench bench;

    @BeforeAll
    static void buildTable() {
        bench = Workbench.open();
        bench.table().build();
    }

    @AfterAll
    static void restore() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    @Order(1)
    void theTableHoldsEveryKindOfFlow() {
        final Outcome listing = bench.runner().run(bench.reference(), CommandForm.of("-L -o extended,labels"));
        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        assertThat(TableShape.missing(listing.stdout(), bench.labels())).as(listing.stdout()).isEmpty();
        final int packetFlows = 14;
        assertThat(listing.stdout().lines()).hasSize(bench.table().createdFlowCount() + packetFlows);
        assertThat(bench.runner().run(bench.reference(), CommandForm.of("-L expect -f ipv4")).stdout().lines())
            .hasSize(1);
        assertThat(bench.runner().run(bench.reference(), CommandForm.of("-L expect -f ipv6")).stdout().lines())
            .hasSize(1);
    }

    @Test
    @Order(2)
    void theComparisonSeesADifferenceOnThisTable() {
        final CommandForm tcp = CommandForm.of("-L -p tcp");
        final Outcome reference = bench.runner().run(bench.reference(), tcp);
        final Outcome other = bench.runner().run(bench.reference(), CommandForm.of("-L -p tcp -s 10.1.1.1"));
        final Outcome again = bench.runner().run(bench.reference(), tcp);

        assertThat(OutputComparison.sameTable().compare(tcp, reference, other).problems())
            .contains("stderr differs").anyMatch(p -> p.startsWith("stdout:"));
        assertThat(OutputComparison.sameTable().compare(tcp, reference, again).matches()).isTrue();
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> eachFormPrintsWhatConntrackPrints() {
        return ReadForms.all().stream().map(form -> DynamicTest.dynamicTest(form.display(), () -> compare(form)));
    }

    @Test
    @Order(4)
    void everyFormHasAVerdict() {
        VERDICTS.printAndCheckAllJudged(getClass(), ReadForms.all());
    }

    private static void compare(final CommandForm form) {
        VERDICTS.judge(form, CompareReadFormsIT::runBoth);
    }

    /**
     * Runs the program under test first and the reference right after it: the reference dumps within a few
     * milliseconds of starting, so both see the table at nearly the same moment, however slowly the program under
     * test starts.
     */
    private static Verdict runBoth(final CommandForm form) {
        final boolean guard = WRITE_COMMANDS.contains(form.args().get(0));
        final String before = guard ? tableSkeleton() : null;
        final Outcome underTest = bench.runner().run(bench.underTest(), form);
        if (guard) {
            final String after = tableSkeleton();
            if (!after.equals(before)) {
                bench.table().build();
                assertThat(after).as("the program under test changed the table with %s (rebuilt it)",
                    form.display()).isEqualTo(before);
            }
        }
        final Outcome reference = bench.runner().run(bench.reference(), form);
        if (guard) {
            assertThat(tableSkeleton()).as("the reference changed the table with %s: it belongs in WriteForms",
                form.display()).isEqualTo(before);
        }
        return JUDGE.judge(form, reference, underTest, other -> bench.runner().run(bench.reference(), other), null);
    }

    private static String tableSkeleton() {
        return Normalizer.skeleton(TableSnapshot.take(bench.runner(), bench.reference()).text());
    }
}
