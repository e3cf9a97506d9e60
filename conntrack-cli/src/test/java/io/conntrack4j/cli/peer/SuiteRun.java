package io.conntrack4j.cli.peer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a suite's cases in order against one CLI, in the caller's network namespace, logging like the upstream
 * runner: {@code (<line>) Executing: <cmd>}, the command's output, {@code ^----- BAD} on a mismatch, {@code =====},
 * and at the end {@code OK: <n> BAD: <m>}. A command that times out is a mismatch whatever its line expects.
 */
public final class SuiteRun {
    private final String cli;
    private final Duration timeout;
    private final PrintStream log;

    /**
     * @param cli     the CLI's path
     * @param timeout how long one command may run
     * @param log     where the upstream-style log goes
     */
    public SuiteRun(final String cli, final Duration timeout, final PrintStream log) {
        this.cli = cli;
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * What a run did.
     *
     * @param executed   how many commands ran
     * @param mismatches the cases that did not meet their expectation, in order
     * @param took       how long the whole run took
     */
    public record Report(int executed, List<Mismatch> mismatches, Duration took) {
        /** @return how many cases met their expectation (the runner's {@code OK:} count) */
        public int ok() {
            return executed - mismatches.size();
        }

        /** @return the upstream runner's last line, {@code OK: <n> BAD: <m>} */
        public String summary() {
            return "OK: " + ok() + " BAD: " + mismatches.size();
        }
    }

    /**
     * @param cases the cases, in order
     * @return what happened
     */
    public Report run(final List<PeerCase> cases) {
        final long start = System.nanoTime();
        final List<Mismatch> mismatches = new ArrayList<>();
        for (final PeerCase peerCase : cases) {
            final String command = peerCase.shellCommand(cli);
            log.println("(" + peerCase.where() + ") Executing: " + command);
            final ShellRunner.Outcome outcome = ShellRunner.run(command, timeout);
            log.print(outcome.stdout());
            log.print(outcome.stderr());
            if (outcome.timedOut() || !peerCase.expectation().accepts(outcome.exitCode())) {
                mismatches.add(new Mismatch(peerCase, command, outcome));
                log.println("^----- BAD" + (outcome.timedOut() ? " (timed out)" : ""));
            }
            log.println("=====");
        }
        final Report report = new Report(cases.size(), List.copyOf(mismatches),
            Duration.ofNanos(System.nanoTime() - start));
        log.println(report.summary());
        return report;
    }
}
