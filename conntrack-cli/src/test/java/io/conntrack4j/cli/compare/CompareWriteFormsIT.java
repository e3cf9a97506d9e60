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

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@link WriteForms write form} twice on identical fresh builds of the real table, first through the
 * program under test and then through the installed conntrack 1.4.7, and compares the two runs' outputs (flow ids
 * aside, as a rebuilt table has new ones) and the tables they leave behind ({@link TableSnapshot}). The reference's
 * snapshot is taken nearly as long after the start of its build as the slower program's was, so timeouts stay within
 * a second; a form whose runs differ only in clock fields by more than that (a loaded machine), or that fails its
 * documented {@link Deviation}'s relation ({@link Judge}), is run once more. A deviation that needs the table as it
 * was gets a snapshot of the build right before the program under test runs. At the end, the verdict of every form
 * is printed ({@link VerdictTable}) and every form must have one.
 */
@RealKernel
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompareWriteFormsIT {
    /** The snapshots may be this much further apart from their builds: clock fields then stay within a second. */
    private static final long MAX_SKEW_NANOS = 400_000_000L;

    private static final VerdictTable VERDICTS = new VerdictTable();
    private static final Judge JUDGE = new Judge(OutputComparison.rebuiltTable(), Judge.selfComparison());

    private static Workbench bench;

    @BeforeAll
    static void openNamespace() {
        bench = Workbench.open();
    }

    @AfterAll
    static void restore() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    @Order(1)
    void aRebuiltTableEqualsTheFirstBuild() {
        bench.table().build();
        final TableSnapshot first = TableSnapshot.take(bench.runner(), bench.reference());
        bench.table().build();
        final TableSnapshot second = TableSnapshot.take(bench.runner(), bench.reference());

        assertThat(first.text()).contains("-p tcp", "-p udp", "-p icmpv6", "helper=ftp", "proto=6", "zone=7");
        if (bench.labels()) {
            assertThat(first.text()).contains("labels=web,db", "labels=trusted");
        }
        assertThat(first.difference(second)).isEmpty();
    }

    @Test
    @Order(2)
    void theSnapshotSeesAWriteCommandsEffect() {
        bench.table().build();
        final TableSnapshot before = TableSnapshot.take(bench.runner(), bench.reference());
        bench.runner().run(bench.reference(), CommandForm.of("-U -s 10.1.1.20 -m 8"));
        final TableSnapshot after = TableSnapshot.take(bench.runner(), bench.reference());

        assertThat(before.difference(after)).hasValueSatisfying(d -> assertThat(d).contains("mark=8"));
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> eachFormDoesWhatConntrackDoes() {
        return WriteForms.all().stream().map(form -> DynamicTest.dynamicTest(form.display(), () -> compare(form)));
    }

    @Test
    @Order(4)
    void everyFormHasAVerdict() {
        VERDICTS.printAndCheckAllJudged(getClass(), WriteForms.all());
    }

    private static void compare(final CommandForm form) {
        VERDICTS.judge(form, CompareWriteFormsIT::runBoth);
    }

    private static Verdict runBoth(final CommandForm form) {
        final long start = System.nanoTime();
        bench.table().build();
        final TableSnapshot before = form.deviation() != null && form.deviation().table().needsBefore()
            ? TableSnapshot.take(bench.runner(), bench.reference()) : null;
        final Outcome underTest = bench.runner().run(bench.underTest(), form);
        final long age = System.nanoTime() - start;
        final TableSnapshot underTestTable = TableSnapshot.take(bench.runner(), bench.reference());

        final long referenceStart = System.nanoTime();
        bench.table().build();
        final Outcome reference = bench.runner().run(bench.reference(), form);
        sleepNanos(age - (System.nanoTime() - referenceStart) - MAX_SKEW_NANOS);
        final TableSnapshot referenceTable = TableSnapshot.take(bench.runner(), bench.reference());

        return JUDGE.judge(form, reference, underTest, null,
            new Runs.Tables(before, referenceTable, underTestTable));
    }

    private static void sleepNanos(final long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
