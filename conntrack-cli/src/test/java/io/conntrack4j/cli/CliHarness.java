package io.conntrack4j.cli;

import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.VirtualClock;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Runs the command line in-process against a simulated kernel with a stopped clock, capturing what it prints. */
final class CliHarness {
    /** The prefix of every summary and error line. */
    static final String PREFIX = "conntrack4j v0.1.0 (conntrack4j): ";
    /** The line after every command-line error. */
    static final String TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

    final SimulatedKernel kernel;
    private final ConntrackCli cli;

    /**
     * What one command printed and returned.
     *
     * @param status the exit status
     * @param out    standard output
     * @param err    standard error
     */
    record Result(int status, String out, String err) {
    }

    CliHarness() {
        final Instant start = Instant.parse("2026-11-27T10:00:00Z");
        kernel = SimulatedKernel.builder().clock(VirtualClock.manual(start)).build();
        cli = ConntrackCli.using(kernel::backend, Path.of("/nonexistent/connlabel.conf"),
            Clock.fixed(start, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    Result run(final String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(final String stdin, final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = cli.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
