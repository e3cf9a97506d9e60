package io.conntrack4j.cli.peer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner, without root: parsed commands run through {@code /bin/sh} against a fake CLI that logs its
 * arguments and standard input, fails when given the word {@code fail} and hangs when given {@code slow}.
 */
class SuiteRunTest {
    private static final String FAKE_CLI = """
        #!/bin/sh
        dir=$(dirname "$0")
        echo "$*" >> "$dir/calls.log"
        if [ "$1" = "-R" ]; then cat >> "$dir/stdin.log"; fi
        case " $* " in
          *" fail "*) echo "fake: failing as asked" >&2; exit 1 ;;
          *" slow "*) sleep 30 ;;
        esac
        echo "$*"
        """;

    @TempDir
    Path dir;
    private Path cli;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void writeFakeCli() throws Exception {
        cli = dir.resolve("fake-conntrack");
        Files.writeString(cli, FAKE_CLI);
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private SuiteRun.Report run(final Duration timeout, final String... lines) {
        final PeerSuite suite = PeerSuite.of(List.of(new SuiteFile("00fake", String.join("\n", lines) + "\n")));
        return new SuiteRun(cli.toString(), timeout, new PrintStream(log, true, StandardCharsets.UTF_8))
            .run(suite.cases());
    }

    @Test
    void countsMetExpectationsAndReportsEveryMismatch() throws Exception {
        final SuiteRun.Report report = run(Duration.ofSeconds(30),
            "-I ok ; OK",
            "-I fail ; BAD",
            "-I a ;",
            "\t\t;",
            "-I b ;",
            "-R - ; OK",
            "-L -o save ; |s/save/copied/",
            "-R - ; OK",
            "-I fail ; OK",
            "-I x ; BAD");

        assertThat(report.executed()).isEqualTo(6);
        assertThat(report.summary()).isEqualTo("OK: 4 BAD: 2");
        assertThat(report.mismatches()).extracting(m -> m.peerCase().where()).containsExactly("00fake:9", "00fake:10");
        assertThat(report.mismatches().get(0).describe())
            .contains("00fake:9: expected OK (exit 0), got exit 1", cli + " -I fail ", "fake: failing as asked");
        assertThat(report.mismatches().get(1).describe()).contains("expected BAD (non-zero exit), got exit 0");
        assertThat(Files.readString(dir.resolve("stdin.log"))).isEqualTo("-I a \n\t\t\n-I b \n-L -o copied\n");
        // the two sides of a pipe run at once: their calls may log in either order
        assertThat(Files.readAllLines(dir.resolve("calls.log")))
            .containsExactlyInAnyOrder("-I ok", "-I fail", "-R -", "-L -o save", "-R -", "-I fail", "-I x");
        assertThat(log.toString(StandardCharsets.UTF_8))
            .contains("(00fake:1) Executing: " + cli + " -I ok \n-I ok\n=====\n")
            .contains("^----- BAD\n=====\n")
            .endsWith("OK: 4 BAD: 2\n");
    }

    @Test
    void aCommandThatHangsIsAMismatchEvenWhenItsLineExpectsFailure() {
        final SuiteRun.Report report = run(Duration.ofMillis(500), "-I slow ; BAD", "-I ok ; OK");
        assertThat(report.summary()).isEqualTo("OK: 1 BAD: 1");
        final Mismatch hang = report.mismatches().get(0);
        assertThat(hang.outcome().timedOut()).isTrue();
        assertThat(hang.describe()).contains("00fake:1: expected BAD", "got a timeout");
        assertThat(report.took()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aTimeoutKillsEveryProcessTheShellStarted() throws Exception {
        final Path pidFile = dir.resolve("sleep.pid");
        final ShellRunner.Outcome outcome = ShellRunner.run(
            "sleep 30 & echo $! > " + pidFile + "; wait", Duration.ofMillis(500));
        assertThat(outcome.timedOut()).isTrue();
        final String pid = Files.readString(pidFile).trim();
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running(pid)).as("the shell's background sleep (pid %s) still runs", pid).isFalse();
    }

    /** @return whether a process runs: it exists and is not a zombie waiting for a parent to reap it */
    private static boolean running(final String pid) throws Exception {
        final Path stat = Path.of("/proc", pid, "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        final String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }

    @Test
    void capturesExitStatusAndBothOutputs() {
        final ShellRunner.Outcome outcome = ShellRunner.run("echo out; echo err >&2; exit 3", Duration.ofSeconds(10));
        assertThat(outcome).extracting(ShellRunner.Outcome::exitCode, ShellRunner.Outcome::timedOut,
            ShellRunner.Outcome::stdout, ShellRunner.Outcome::stderr).containsExactly(3, false, "out\n", "err\n");
    }
}
