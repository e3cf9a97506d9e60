package io.conntrack4j.cli.internal;

import io.conntrack4j.error.ConntrackException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.text.ConntrackFormatter;
import io.conntrack4j.text.LabelMap;
import io.conntrack4j.text.OutputOption;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The command line's main program (conntrack's {@code main}): {@code -R FILE} as the first argument runs a file of
 * commands, anything else is one command; prints the summary line and returns the exit status.
 */
public final class Cli {
    private static final Map<Cmd, String> NOT_IN_FILES = Map.ofEntries(Map.entry(Cmd.CT_LIST, "-L"),
        Map.entry(Cmd.CT_GET, "-G"), Map.entry(Cmd.CT_EVENT, "-E"), Map.entry(Cmd.CT_VERSION, "-V"),
        Map.entry(Cmd.CT_HELP, "-h"), Map.entry(Cmd.EXP_LIST, "-L expect"), Map.entry(Cmd.EXP_CREATE, "-C expect"),
        Map.entry(Cmd.EXP_DELETE, "-D expect"), Map.entry(Cmd.EXP_GET, "-G expect"),
        Map.entry(Cmd.EXP_FLUSH, "-F expect"), Map.entry(Cmd.EXP_EVENT, "-E expect"), Map.entry(Cmd.CT_COUNT, "-C"),
        Map.entry(Cmd.EXP_COUNT, "-C expect"), Map.entry(Cmd.CT_STATS, "-S"), Map.entry(Cmd.EXP_STATS, "-S expect"));

    private final Supplier<Backend> backends;
    private final Path labelConfig;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param backends    opens the backend when a command needs the kernel
     * @param labelConfig connlabel.conf
     * @param clock       the clock of timestamps and remaining times
     * @param zone        the time zone of {@code -o ktimestamp}
     */
    public Cli(final Supplier<Backend> backends, final Path labelConfig, final Clock clock, final ZoneId zone) {
        this.backends = backends;
        this.labelConfig = labelConfig;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * @param args the arguments, without the program name
     * @param io   the streams
     * @return the exit status: 0, 1 (an operation failed or touched nothing) or 2 (a command-line problem)
     */
    public int run(final List<String> args, final Io io) {
        final OpenedBackend backend = new OpenedBackend(backends);
        try {
            if (args.size() >= 2 && (args.get(0).equals("-R") || args.get(0).equals("--load-file"))) {
                return loadFile(args.get(1), io, backend);
            }
            final Template t = Parser.parse(args, io.err(), () -> labelMap(io));
            return command(t, io, true, backend);
        } catch (final CliFailure f) {
            return fail(f, io);
        } catch (final Output.ClosedOutputException e) {
            // what a shell reports for a process killed by SIGPIPE, as conntrack is
            return 128 + 13;
        } finally {
            backend.close();
        }
    }

    /** Opens the backend on first use and closes it at the end of the run, if it was opened. */
    private static final class OpenedBackend implements Supplier<Backend> {
        private final Supplier<Backend> opener;
        private Backend backend;

        OpenedBackend(final Supplier<Backend> opener) {
            this.opener = opener;
        }

        @Override
        public Backend get() {
            if (backend == null) {
                backend = opener.get();
            }
            return backend;
        }

        void close() {
            if (backend != null) {
                backend.close();
            }
        }
    }

    private int fail(final CliFailure f, final Io io) {
        io.out().flush();
        io.err().print(Messages.prefix() + f.getMessage() + "\n");
        if (f.status() == CliFailure.PARAMETER_PROBLEM) {
            io.err().print(Messages.tryHelp());
        }
        io.err().flush();
        return f.status();
    }

    private LabelMap labelMap(final Io io) {
        try {
            return LabelMap.read(labelConfig);
        } catch (final NoSuchFileException e) {
            io.err().print("nfct_labelmap_new: No such file or directory\n");
            return null;
        } catch (final IOException e) {
            io.err().print("nfct_labelmap_new: " + e.getMessage() + "\n");
            return null;
        }
    }

    private int command(final Template t, final Io io, final boolean summary, final Supplier<Backend> backend) {
        if (t.command == null || t.command == Cmd.CT_HELP) {
            final String name = t.proto == null ? null : protoName(t);
            io.out().print(Usage.text(t.command == Cmd.CT_HELP ? t.proto : null, name));
            io.out().flush();
            return 0;
        }
        if (t.command == Cmd.CT_VERSION) {
            io.out().print(Messages.PROGRAM + " v" + Messages.VERSION + " (" + Messages.PROJECT + ")\n");
            io.out().flush();
            return 0;
        }
        final Output output = new Output(io.out(), formatter(t));
        final Runner runner = new Runner(t, backend, io, output);
        final long touched;
        try {
            touched = runner.run();
        } catch (final KernelException e) {
            throw CliFailure.other("Operation failed: " + Messages.describe(e.errno(), t.command));
        } catch (final ConntrackException e) {
            throw CliFailure.other("Operation failed: " + e.getMessage());
        } finally {
            output.flush();
        }
        if (summary && t.command.countsEntries()) {
            io.err().print(Messages.prefix() + String.format(t.command.summary(), touched) + "\n");
            io.err().flush();
            if (touched == 0 && t.command != Cmd.CT_LIST && t.command != Cmd.EXP_LIST && t.command != Cmd.CT_ADD) {
                return 1;
            }
        }
        return 0;
    }

    private static String protoName(final Template t) {
        if (t.proto != UnknownProtocol.INSTANCE) {
            return t.proto.name();
        }
        final String name = ProtoHandler.EtcProtocols.name(t.protonum);
        return name == null ? "unknown" : name;
    }

    private ConntrackFormatter formatter(final Template t) {
        final Set<OutputOption> options = EnumSet.noneOf(OutputOption.class);
        for (final Keywords.Keyword k : Keywords.OUTPUTS) {
            if (k.output() != null && (t.outputMask & k.bits()) != 0) {
                options.add(k.output());
            }
        }
        if (t.labelMap != null) {
            // 1.4.7 prints labels whenever it loaded the label map, also for -l, --label-add and --label-del
            options.add(OutputOption.LABELS);
        }
        final ConntrackFormatter.Builder b = ConntrackFormatter.builder().options(options).clock(clock).zone(zone);
        if (t.labelMap != null) {
            b.labelMap(t.labelMap);
        }
        return b.build();
    }

    /** {@code -R}: every line is parsed first, then the lines run in order; no summaries; a failure stops. */
    private int loadFile(final String name, final Io io, final Supplier<Backend> backend) {
        final String shown = name.equals("-") ? "/dev/stdin" : name;
        final List<String> lines = new ArrayList<>();
        try (BufferedReader r = name.equals("-")
            ? new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (final IOException e) {
            throw CliFailure.parameter("Failed to open file " + shown + " for reading");
        }
        final List<Template> commands = new ArrayList<>();
        for (final String line : lines) {
            final List<String> args = BatchFile.arguments(line);
            if (args != null) {
                commands.add(Parser.parse(args, io.err(), () -> labelMap(io)));
            }
        }
        for (final Template t : commands) {
            if (t.command == null || NOT_IN_FILES.containsKey(t.command)) {
                throw CliFailure.parameter("Cannot use command `"
                    + (t.command == null ? "unknown" : NOT_IN_FILES.get(t.command)) + "' with --load-file");
            }
        }
        for (final Template t : commands) {
            command(t, io, false, backend);
        }
        return 0;
    }
}
