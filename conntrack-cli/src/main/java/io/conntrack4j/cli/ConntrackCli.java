package io.conntrack4j.cli;

import io.conntrack4j.cli.internal.Cli;
import io.conntrack4j.cli.internal.Io;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.text.LabelMap;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The conntrack(8) 1.4.7-compatible command line as a library: runs one command line against a {@link Backend} (the
 * kernel through netlink, or a simulated kernel in tests) and returns conntrack's exit status, printing what
 * conntrack prints. {@link Main} is the program; this class lets tests and tools run commands in-process.
 *
 * <pre>{@code
 * ConntrackCli cli = ConntrackCli.using(() -> backend);
 * int status = cli.run(List.of("-L", "-p", "tcp", "--dport", "443"), System.in, System.out, System.err);
 * }</pre>
 */
public final class ConntrackCli {
    private final Cli cli;

    private ConntrackCli(final Cli cli) {
        this.cli = cli;
    }

    /**
     * @param backends opens the backend when a command needs the kernel; it is closed when the command ends
     * @return a command line with connlabel.conf at its default place, the system clock and time zone
     */
    public static ConntrackCli using(final Supplier<Backend> backends) {
        return using(backends, Path.of(LabelMap.DEFAULT_PATH), Clock.systemUTC(), ZoneId.systemDefault());
    }

    /**
     * @param backends    opens the backend when a command needs the kernel; it is closed when the command ends
     * @param labelConfig the label names file ({@code /etc/xtables/connlabel.conf})
     * @param clock       the clock of timestamps
     * @param zone        the time zone of {@code -o ktimestamp}
     * @return the command line
     */
    public static ConntrackCli using(final Supplier<Backend> backends, final Path labelConfig, final Clock clock,
                                     final ZoneId zone) {
        return new ConntrackCli(new Cli(Objects.requireNonNull(backends, "backends"),
            Objects.requireNonNull(labelConfig, "labelConfig"), Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(zone, "zone")));
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments, without the program name
     * @param in   standard input (for {@code -R -})
     * @param out  standard output
     * @param err  standard error
     * @return the exit status: 0, 1 (an operation failed or touched no entry) or 2 (a command-line problem)
     */
    public int run(final List<String> args, final InputStream in, final PrintStream out, final PrintStream err) {
        return cli.run(List.copyOf(args), new Io(in, out, err));
    }
}
