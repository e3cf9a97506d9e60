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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@link WriteForms write form} twice on identical fresh builds of the real table, first through the
 * program under test and then through the installed conntrack 1.4.7, and compares the two runs' outputs (flow ids
 * aside, as a rebuilt table has new ones) and the tables they leave behind ({@link TableSnapshot}). The reference's
 * snapshot is taken nearly as long after the start of its build as the slower program's was, so timeouts stay within
 * a second; a form whose runs differ only in clock fields by more than that (a loaded machine) is run once more.
 */
@RealKernel
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompareWriteFormsIT {
    /** The snapshots may be this much further apart from their builds: clock fields then stay within a second. */
    private static final long MAX_SKEW_NANOS = 400_000_000L;

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

        assertThat(first.text()).contains("-p tcp", "-p udp", "labels=", "helper=ftp", "proto=6");
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

    private static void compare(final CommandForm form) {
        Verdict verdict = runBoth(form);
        if (verdict.clockOnly()) {
            verdict = runBoth(form);
        }
        assertThat(verdict.matches()).withFailMessage(verdict.report()).isTrue();
    }

    private static Verdict runBoth(final CommandForm form) {
        final long start = System.nanoTime();
        bench.table().build();
        final Outcome underTest = bench.runner().run(bench.underTest(), form);
        final long age = System.nanoTime() - start;
        final TableSnapshot underTestTable = TableSnapshot.take(bench.runner(), bench.reference());

        final long referenceStart = System.nanoTime();
        bench.table().build();
        final Outcome reference = bench.runner().run(bench.reference(), form);
        sleepNanos(age - (System.nanoTime() - referenceStart) - MAX_SKEW_NANOS);
        final TableSnapshot referenceTable = TableSnapshot.take(bench.runner(), bench.reference());

        final Verdict outputs = OutputComparison.rebuiltTable().compare(form, reference, underTest);
        final Optional<String> tables = referenceTable.difference(underTestTable);
        if (tables.isEmpty()) {
            return outputs;
        }
        final List<String> problems = new ArrayList<>(outputs.problems());
        problems.add("the resulting tables differ");
        final boolean clockOnly = (outputs.matches() || outputs.clockOnly())
            && referenceTable.sameButClocks(underTestTable);
        return new Verdict(problems, clockOnly,
            outputs.report() + "\n$ " + form.display() + "\n" + tables.get());
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
