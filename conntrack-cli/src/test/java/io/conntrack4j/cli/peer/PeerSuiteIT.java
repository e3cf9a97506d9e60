package io.conntrack4j.cli.peer;

import io.conntrack4j.testkit.RealKernel;
import io.conntrack4j.testkit.Shell;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conntrack-tools 1.4.7 test suite against the CLI under test ({@code -Dct4j.cli=PATH}, default
 * {@code bin/conntrack4j}), as upstream runs it: every case in order, in one fresh network namespace (the one
 * failsafe's wrapper gives this JVM), state carried over. Only exit statuses are checked; 286 must run, 0 BAD.
 * The full upstream-style log goes to this test's output file in the failsafe reports.
 */
@RealKernel
class PeerSuiteIT {
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void everyUpstreamCaseMeetsItsExpectation() throws Exception {
        final PeerSuite suite = PeerSuite.load(PeerPaths.requireDataDir());
        assertThat(suite.cases()).as("cases in the suite").hasSize(ReferenceCounts.TOTAL);
        final String cli = PeerPaths.cli();
        System.out.println("peer suite: " + suite.cases().size() + " cases against " + cli);
        flushTable();

        final SuiteRun.Report report = new SuiteRun(cli, CASE_TIMEOUT, System.out).run(suite.cases());

        System.out.println(report.summary() + " against " + cli + " in " + report.took().toMillis() + " ms");
        assertThat(report.executed()).as("commands executed").isEqualTo(ReferenceCounts.TOTAL);
        assertThat(report.mismatches())
            .withFailMessage("%s (against %s): %d case(s) did not meet their expectation:%n%s", report.summary(),
                cli, report.mismatches().size(),
                report.mismatches().stream().map(Mismatch::describe).collect(Collectors.joining("\n")))
            .isEmpty();
    }

    /**
     * Starts from an empty table. This JVM's namespace is fresh, so this is a guard, done with the real
     * {@code conntrack} when it is installed (never with the CLI under test, which may not work yet).
     */
    private static void flushTable() {
        final Optional<Path> conntrack = realConntrack();
        if (conntrack.isEmpty()) {
            System.out.println("no conntrack(8) installed: relying on the fresh namespace's empty table");
            return;
        }
        final Shell.Result flush = Shell.run(conntrack.get().toString(), "-F");
        assertThat(flush.exitCode()).as("%s -F: %s", conntrack.get(), flush.stderr()).isZero();
        final Shell.Result count = Shell.run(conntrack.get().toString(), "-C");
        assertThat(count.stdout().trim()).as("entries after the flush").isEqualTo("0");
    }

    private static Optional<Path> realConntrack() {
        final String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "conntrack"))
            .filter(Files::isExecutable).findFirst();
    }
}
