package io.conntrack4j.benchmarks.e2e;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowQuery;
import io.conntrack4j.Plan;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.netlink.NetlinkBackend;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The Java side of {@code benchmarks/e2e.sh}: one JVM, started once inside a private network namespace, that warms
 * up on a small table, then times each scenario several times against the C {@code conntrack} on the same table in
 * the same run, and prints one line per scenario with medians and the ratio ours/theirs.
 *
 * <p>Our times are library calls in the warm JVM: JVM start-up is not included. The C tool's times are whole
 * processes (start-up included, output to /dev/null), as a user or a script runs it. Every timed run checks its
 * result (counts on both sides); a wrong count aborts the benchmark (in a {@code cli-*} scenario it makes that
 * scenario FAILED instead, see {@link CliScenarios}).
 *
 * <p>Arguments: {@code --flows N} (100000), {@code --warmup-flows N} (10000), {@code --reps N} (7),
 * {@code --scenarios dump,list,delete,create,events,cli-list,cli-list-filtered,cli-delete,cli-count} (the default;
 * {@code events}: see {@link E2eEvents}; {@code cli-*}, and {@code cli-list-1m}, which is not in the default: see
 * {@link CliScenarios}), {@code --cli PATH} (bin/conntrack4j, for the {@code cli-*} scenarios),
 * {@code --cli-count-runs N} (20, runs of {@code cli-count}),
 * {@code --events-buffer BYTES} (the receive buffer of our subscription, {@value E2eEvents#DEFAULT_BUFFER}),
 * {@code --conntrack PATH} (conntrack), {@code --workdir DIR}
 * (a temporary directory), {@code --outer-netns net:[INODE]} (the namespace this JVM must not be in; default:
 * PID 1's), {@code --allow-shared-netns} (skip that check; never use on a host), {@code --save FILE} (also write the
 * results there).
 */
public final class E2eMain {
    private static final List<String> LIBRARY_SCENARIOS = List.of("dump", "list", "delete", "create", "events");
    private static final List<String> ALL_SCENARIOS = Stream.concat(LIBRARY_SCENARIOS.stream(),
        CliScenarios.NAMES.stream()).toList();
    /** Everything but cli-list-1m (opt-in: it builds a 1M table and needs nf_conntrack_max raised). */
    private static final List<String> DEFAULT_SCENARIOS = ALL_SCENARIOS.stream()
        .filter(s -> !s.equals("cli-list-1m")).toList();
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;

    private final Conntrack ct;
    private final CTool c;
    private final Path workdir;
    private final int n;
    private final int bystanders;
    private final int reps;
    private final RawDump raw = new RawDump();
    private final List<String> notes = new ArrayList<>();
    private int eventsBuffer = E2eEvents.DEFAULT_BUFFER;
    private String loadAtStart = "?";
    private Path save;
    private String cli;
    private int cliCountRuns = 20;

    private E2eMain(final Conntrack ct, final CTool c, final Path workdir, final int n, final int reps) {
        this.ct = ct;
        this.c = c;
        this.workdir = workdir;
        this.n = n;
        this.bystanders = Math.max(2, n / 100);
        this.reps = reps;
    }

    /**
     * One scenario's outcome; {@code verdict}, when not null, decides MET/MISSED instead of the ratio;
     * {@code failure}, when not null, is a failed correctness check (the result is then FAILED, whatever the times).
     */
    record Result(String name, long[] ours, long[] theirs, String theirsLabel, String target,
                          double limit, String extra, Boolean verdict, String failure) {
        Result(final String name, final long[] ours, final long[] theirs, final String theirsLabel,
               final String target, final double limit, final String extra, final Boolean verdict) {
            this(name, ours, theirs, theirsLabel, target, limit, extra, verdict, null);
        }

        Result failed(final String why) {
            return new Result(name, ours, theirs, theirsLabel, target, limit, extra, verdict, why);
        }

        String outcome() {
            return failure != null ? "FAILED" : met() ? "MET" : "MISSED";
        }

        double oursMs() {
            return median(ours) / 1e6;
        }

        double theirsMs() {
            return median(theirs) / 1e6;
        }

        double ratio() {
            return median(ours) / median(theirs);
        }

        boolean met() {
            return verdict != null ? verdict : ratio() <= limit;
        }

        String spread() {
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (int i = 0; i < ours.length; i++) {
                final double r = (double) ours[i] / theirs[i];
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
            return String.format(Locale.ROOT, "%.2f..%.2f", lo, hi);
        }
    }

    /**
     * @param args see the class comment
     * @throws Exception on any failure (a wrong count included)
     */
    public static void main(final String[] args) throws Exception {
        final Map<String, String> opts = parse(args);
        final int n = Integer.parseInt(opts.getOrDefault("flows", "100000"));
        final int warmup = Integer.parseInt(opts.getOrDefault("warmup-flows", "10000"));
        final int reps = Integer.parseInt(opts.getOrDefault("reps", "7"));
        final List<String> scenarios = List.of(opts.getOrDefault("scenarios", String.join(",", DEFAULT_SCENARIOS))
            .split(","));
        for (final String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL_SCENARIOS);
            }
        }
        if (n < 1000 || n % 100 != 0 || warmup < 100 || warmup % 100 != 0 || reps < 1) {
            throw new IllegalArgumentException("--flows and --warmup-flows must be multiples of 100 (flows >= 1000),"
                + " --reps >= 1");
        }
        if (!opts.containsKey("allow-shared-netns")) {
            requirePrivateNamespace(opts.get("outer-netns"));
        }
        final boolean ownWorkdir = !opts.containsKey("workdir");
        final Path workdir = ownWorkdir ? Files.createTempDirectory("ct4j-e2e") : Path.of(opts.get("workdir"));
        final CTool c = new CTool(opts.getOrDefault("conntrack", "conntrack"));
        long failed = 0;
        try (Conntrack ct = Conntrack.using(NetlinkBackend.open())) {
            if (ct.count() != 0) {
                throw new IllegalStateException("the conntrack table of this network namespace holds " + ct.count()
                    + " entries: the benchmark runs only on an empty table of its own (it flushes it)");
            }
            final E2eMain bench = new E2eMain(ct, c, workdir, n, reps);
            bench.save = opts.containsKey("save") ? Path.of(opts.get("save")) : null;
            bench.eventsBuffer = Integer.parseInt(opts.getOrDefault("events-buffer",
                Integer.toString(E2eEvents.DEFAULT_BUFFER)));
            bench.cli = opts.get("cli");
            bench.cliCountRuns = Integer.parseInt(opts.getOrDefault("cli-count-runs", "20"));
            try {
                failed = bench.run(scenarios, warmup);
            } catch (final RuntimeException | Error e) {
                LOG.println("e2e: FAILED: " + e);
                e.printStackTrace(LOG);
                LOG.flush();
                throw e;
            } finally {
                ct.flushAll();
            }
        } finally {
            if (ownWorkdir) {
                try (Stream<Path> files = Files.list(workdir)) {
                    for (final Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(workdir);
            }
        }
        if (failed > 0) {
            LOG.println("e2e: " + failed + " scenario(s) FAILED a correctness check (see the FAILED lines)");
            System.exit(1);
        }
    }

    private static Map<String, String> parse(final String[] args) {
        final Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            final String key = args[i].substring(2);
            if (key.equals("allow-shared-netns")) {
                opts.put(key, "true");
            } else if (i + 1 < args.length) {
                opts.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return opts;
    }

    /**
     * Refuses to run in the namespace the caller started from (e2e.sh passes its own as {@code --outer-netns}), or,
     * without that option, in PID 1's: the benchmark flushes the table.
     */
    private static void requirePrivateNamespace(final String outer) throws IOException {
        final String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        String host = outer;
        if (host == null) {
            try {
                host = Files.readSymbolicLink(Path.of("/proc/1/ns/net")).toString();
            } catch (final IOException e) {
                throw new IllegalStateException("cannot tell whether this JVM runs in a private network namespace "
                    + "(/proc/1/ns/net is unreadable): pass --outer-netns with the host's namespace, or run "
                    + "benchmarks/e2e.sh", e);
            }
        }
        if (mine.equals(host)) {
            throw new IllegalStateException("refusing to run in the host's network namespace (" + mine + "): run "
                + "benchmarks/e2e.sh, which starts this JVM in a private namespace");
        }
    }

    /** @return how many scenarios failed a correctness check without aborting the run (cli-* only) */
    private long run(final List<String> scenarios, final int warmupFlows) throws IOException {
        final Path loadFile = workdir.resolve("create-" + n + ".conntrack");
        E2eTable.writeLoadFile(n, loadFile);
        final Path warmupFile = workdir.resolve("create-" + warmupFlows + ".conntrack");
        E2eTable.writeLoadFile(warmupFlows, warmupFile);

        final CliScenarios cliScenarios = new CliScenarios(ct, cli, c.binary(), n, reps, cliCountRuns, notes);
        if (!CliScenarios.selected(scenarios).isEmpty()) {
            cliScenarios.requireCli();
        }
        if (scenarios.stream().anyMatch(LIBRARY_SCENARIOS::contains)) {
            final long warmStart = System.nanoTime();
            warmUp(warmupFlows, warmupFile);
            if (scenarios.contains("events")) {
                new E2eEvents(ct, c, workdir, n).warmUp(warmupFlows, Math.max(5, 100_000 / warmupFlows));
            }
            LOG.printf(Locale.ROOT, "e2e: warm-up on %,d flows took %.1f s%n", warmupFlows,
                (System.nanoTime() - warmStart) / 1e9);
        } else {
            LOG.println("e2e: no warm-up: only cli-* scenarios, each run is a JVM of its own");
        }

        final List<Result> results = new ArrayList<>();
        loadAtStart = loadAverage();
        final long gcBefore = gcMillis();
        for (final String s : scenarios) {
            LOG.printf("e2e: %s ...%n", s);
            switch (s) {
                case "dump":
                    results.add(dump());
                    break;
                case "list":
                    results.add(list());
                    break;
                case "delete":
                    results.add(delete());
                    break;
                case "events":
                    results.add(events());
                    break;
                case "create":
                    results.add(create(loadFile));
                    break;
                default:
                    results.add(cliScenarios.run(s));
                    break;
            }
        }
        final long gc = gcMillis() - gcBefore;
        print(results, gc);
        return results.stream().filter(r -> r.failure() != null).count();
    }

    // ---------------------------------------------------------------- warm-up

    /**
     * Warms the JIT up on a small table. Generously: on this 2-core machine C2 reached steady state for the dump
     * path only after several hundred thousand decoded flows (a dump of 100k ran 3x slower before).
     */
    private void warmUp(final int w, final Path warmupFile) {
        final int wb = Math.max(2, w / 100);
        fresh(w, 0);
        final int rounds = Math.max(10, 1_500_000 / w);
        for (int i = 0; i < rounds; i++) {
            expect("warm-up dump", w, countAll());
            expect("warm-up list", E2eTable.listMatches(w), listQuery().list().size());
            if (i % 3 == 0) {
                expect("warm-up raw dump", w, raw.dump());
            }
        }
        expect("warm-up conntrack -L", w, c.run("-L").count("shown"));
        final ByteBuffer capture = ByteBuffer.allocateDirect(w * 400 + (1 << 20)).order(ByteOrder.nativeOrder());
        expect("warm-up capture", w, raw.dump(capture));
        capture.flip();
        for (int i = 0; i < rounds; i++) {
            expect("warm-up decode objects", w, RawDump.decodeObjects(capture.duplicate()));
            expect("warm-up decode view", w, RawDump.decodeView(capture.duplicate()));
        }
        for (int i = 0; i < Math.max(3, 100_000 / w); i++) {
            fresh(w, wb);
            final BulkResult r = deleteQuery().delete();
            expect("warm-up delete", w, r.succeeded());
        }
        expect("warm-up conntrack -R", 0, c.run("-R", warmupFile.toString()).exitCode());
        for (int i = 0; i < Math.max(3, 100_000 / w); i++) {
            ct.flushAll();
            expect("warm-up create", w, ct.createAll(E2eTable.flows(w, 0)).succeeded());
        }
        ct.flushAll();
    }

    // ---------------------------------------------------------------- scenarios

    private Result dump() {
        fresh(n, 0);
        final long[] ours = new long[reps];
        final long[] floor = new long[reps];
        final long[] tool = new long[reps];
        final long[] allocated = new long[reps];
        for (int rep = 0; rep < reps; rep++) {
            final int r = rep;
            // rotate the order of the three runs from one repetition to the next
            for (int k = 0; k < 3; k++) {
                switch ((k + rep) % 3) {
                    case 0: {
                        final long before = allocatedBytes();
                        ours[r] = time("dump (ours)", n, this::countAll);
                        allocated[r] = allocatedBytes() - before;
                        break;
                    }
                    case 1:
                        floor[r] = time("dump (raw recv floor)", n, raw::dump);
                        break;
                    default: {
                        final CTool.Run run = c.run("-L");
                        check("conntrack -L exit code", 0, run.exitCode(), run.stderr());
                        expect("conntrack -L", n, run.count("shown"));
                        tool[r] = run.nanos();
                        break;
                    }
                }
            }
        }
        final String decode = decodeDiagnostic();
        notes.add(pairedRatios("dump", ours, floor));
        notes.add(String.format(Locale.ROOT, "dump: ours = try (Stream<Flow> s = ct.flows().stream()) { s.count() } "
                + "(every flow decoded to a Flow); floor = the same dump request on a JnaNetlinkSocket, recv() into "
                + "the same 64 KiB direct buffer, headers stepped over, nothing decoded; conntrack -L >/dev/null "
                + "(C, whole process) median %.1f ms, i.e. ours = %.2fx of it; ours allocates %,d bytes/flow; %s",
            median(tool) / 1e6, median(ours) / median(tool), (long) (median(allocated) / n), decode));
        return new Result("dump-" + k(n) + "-to-objects", ours, floor, "raw-recv floor (Java, same socket, no decode)",
            "<=1.10x", 1.10,
            String.format(Locale.ROOT, "[ref: conntrack -L >/dev/null %.1f ms]", median(tool) / 1e6), null);
    }

    /** Times a full dump's decoding alone, from datagrams captured in memory (no kernel). */
    private String decodeDiagnostic() {
        final ByteBuffer capture = ByteBuffer.allocateDirect(n * 400 + (1 << 20)).order(ByteOrder.nativeOrder());
        expect("captured dump", n, raw.dump(capture));
        capture.flip();
        final long[] objects = new long[9];
        final long[] view = new long[9];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = time("decode objects", n, () -> RawDump.decodeObjects(capture.duplicate()));
            view[i] = time("decode view", n, () -> RawDump.decodeView(capture.duplicate()));
        }
        return String.format(Locale.ROOT, "decode only (in memory, %,d bytes of datagrams): Flow objects %.1f ms "
                + "(%.0f ns/flow), zero-alloc FlowView %.1f ms (%.0f ns/flow)", capture.limit(), median(objects) / 1e6,
            median(objects) / (double) n, median(view) / 1e6, median(view) / (double) n);
    }

    private Result list() {
        fresh(n, 0);
        final int expected = E2eTable.listMatches(n);
        final FlowQuery query = listQuery();
        final Plan plan = query.explain();
        if (plan.kernel().original().isEmpty() || !plan.residual().isEmpty()) {
            throw new IllegalStateException("the filtered list is not pushed into the kernel entirely:\n" + plan);
        }
        notes.add("list: explain() of " + query + " -> " + plan.toString().replace(System.lineSeparator(), "; "));
        final String[] args = {"-L", "-s", E2eTable.LIST_SOURCE, "-p", "tcp", "--dport",
            Integer.toString(E2eTable.LIST_DPORT)};
        final long[] ours = new long[reps];
        final long[] theirs = new long[reps];
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 2; k++) {
                if ((k + rep) % 2 == 0) {
                    ours[rep] = time("list (ours)", expected, () -> listQuery().list().size());
                } else {
                    final CTool.Run run = c.run(args);
                    check("conntrack -L exit code", 0, run.exitCode(), run.stderr());
                    expect("conntrack " + String.join(" ", args), expected, run.count("shown"));
                    theirs[rep] = run.nanos();
                }
            }
        }
        return new Result("list-1%-of-" + k(n) + "-kernel-filtered", ours, theirs,
            "conntrack " + String.join(" ", args), "<=0.50x (ours >=2x faster)", 0.50, "", null);
    }

    private Result delete() {
        final String[] args = {"-D", "-p", "tcp", "-d", E2eTable.DESTINATION};
        final Plan plan = deleteQuery().explain();
        notes.add("delete: explain() of " + deleteQuery() + " -> "
            + plan.toString().replace(System.lineSeparator(), "; ") + "; table = " + k(n) + " matching + "
            + bystanders + " bystanders that must survive");
        final long[] ours = new long[reps];
        final long[] theirs = new long[reps];
        long gone = 0;
        long matchedExtra = 0;
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 2; k++) {
                fresh(n, bystanders);
                if ((k + rep) % 2 == 0) {
                    final long start = System.nanoTime();
                    final BulkResult r = deleteQuery().delete();
                    ours[rep] = System.nanoTime() - start;
                    if (!r.isComplete() || r.succeeded() != n) {
                        throw new IllegalStateException("delete (ours): expected " + n + " deleted, got " + r);
                    }
                    gone += r.alreadyGone();
                    matchedExtra += r.matched() - n;
                } else {
                    final CTool.Run run = c.run(args);
                    check("conntrack -D exit code", 0, run.exitCode(), run.stderr());
                    expect("conntrack " + String.join(" ", args), n, run.count("deleted"));
                    theirs[rep] = run.nanos();
                }
                expectCount("after delete", bystanders);
            }
        }
        notes.add("delete: ours reported " + gone + " already-gone and " + matchedExtra + " extra matches over all "
            + "repetitions (flows seen twice by a dump that ran while deleting)");
        return new Result("delete-" + k(n) + "-by-filter", ours, theirs, "conntrack " + String.join(" ", args),
            "<=0.70x", 0.70, "", null);
    }

    private Result create(final Path loadFile) {
        final long[] ours = new long[reps];
        final long[] theirs = new long[reps];
        String oursSample = null;
        String theirsSample = null;
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 2; k++) {
                ct.flushAll();
                expectCount("before create", 0);
                final boolean mine = (k + rep) % 2 == 0;
                if (mine) {
                    final long start = System.nanoTime();
                    final BulkResult r = ct.createAll(E2eTable.flows(n, 0));
                    ours[rep] = System.nanoTime() - start;
                    if (!r.isComplete() || r.succeeded() != n) {
                        throw new IllegalStateException("createAll: expected " + n + " created, got " + r);
                    }
                } else {
                    final CTool.Run run = c.run("-R", loadFile.toString());
                    check("conntrack -R exit code", 0, run.exitCode(), run.stderr());
                    theirs[rep] = run.nanos();
                }
                expectCount("after create", n);
                if (rep == 0) {
                    // both sides must create the same flows: compare conntrack's own listing of a slice
                    final String sample = sample();
                    if (mine) {
                        oursSample = sample;
                    } else {
                        theirsSample = sample;
                    }
                }
            }
        }
        if (!oursSample.equals(theirsSample)) {
            throw new IllegalStateException("createAll and conntrack -R created different flows:\nours:\n"
                + oursSample + "\ntheirs:\n" + theirsSample);
        }
        ct.flushAll();
        notes.add("create: ours = ct.createAll(lazily generated Flow objects: building them is timed); theirs = "
            + "conntrack -R FILE with " + k(n) + " '-I ... --state ESTABLISHED -t 3600' lines (parsing timed); "
            + "conntrack -L of a slice was identical after both (" + oursSample.lines().count() + " lines)");
        return new Result("create-" + k(n), ours, theirs, "conntrack -R <file of " + k(n) + " -I lines>",
            "<=0.70x", 0.70, "", null);
    }

    /**
     * A burst of {@code n} new flows (ct.createAll) seen by three subscribers in turn, each subscribed before the
     * burst: ours with {@code --events-buffer}, {@code conntrack -E -e NEW}, and {@code conntrack -E -e NEW -b} with
     * the same buffer. Ours must see every flow exactly once without an overrun; conntrack's counts are reported.
     */
    private Result events() {
        final E2eEvents ev = new E2eEvents(ct, c, workdir, n);
        final String[] sized = {"-b", Integer.toString(eventsBuffer)};
        final E2eEvents.Run[] ours = new E2eEvents.Run[reps];
        final E2eEvents.Run[] plain = new E2eEvents.Run[reps];
        final E2eEvents.Run[] withBuffer = new E2eEvents.Run[reps];
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 3; k++) {
                switch ((k + rep) % 3) {
                    case 0:
                        ours[rep] = ev.ours(eventsBuffer);
                        break;
                    case 1:
                        plain[rep] = ev.theirs();
                        break;
                    default:
                        withBuffer[rep] = ev.theirs(sized);
                        break;
                }
            }
            LOG.printf(Locale.ROOT, "e2e: events %d/%d: ours %s; conntrack -E %s; conntrack -E -b %s%n", rep + 1, reps,
                brief(ours[rep]), brief(plain[rep]), brief(withBuffer[rep]));
        }
        // untimed, once: the library's default buffer, to show what the bigger one buys
        final E2eEvents.Run small = ev.ours(io.conntrack4j.spi.Subscribe.DEFAULT_RECEIVE_BUFFER);
        ct.flushAll();
        boolean noLoss = true;
        for (final E2eEvents.Run r : ours) {
            noLoss &= r.seen() == n && r.lossless() && r.foreign() == 0;
        }
        final long[] oursNanos = nanos(ours);
        notes.add(String.format(Locale.ROOT, "events: ours = ct.events().types(NEW).receiveBuffer(%d).subscribe(handler)"
                + " (%s, SO_RCVBUFFORCE; the kernel doubles it), set up before the burst (untimed); burst = "
                + "ct.createAll(%s new flows) on the JVM's request socket, the same for every subscriber, table flushed "
                + "before each run; time = from just before the first create to the last event seen (ours: handler "
                + "clock; conntrack: last growth of its stdout file, polled every 1 ms; a run ends after %d ms without "
                + "growth); conntrack -E is started before each run and known to listen when a probe flow's line "
                + "appeared; stopped with SIGTERM after the run", eventsBuffer, mib(eventsBuffer), k(n),
            E2eEvents.QUIET_MILLIS));
        notes.add(String.format(Locale.ROOT, "events: ours saw %s of %s (each main flow once: %s), overruns %s, kernel "
                + "drops %s, subscribing socket's rb (ss -m) %s, %s events/s (median; range %s); createAll alone took "
                + "%.1f ms (median), the last event came %.1f ms after it returned (median)",
            range(ours, E2eEvents.Run::seen), k(n), noLoss ? "yes" : "NO", range(ours, E2eEvents.Run::overruns),
            range(ours, E2eEvents.Run::kernelDrops), range(ours, E2eEvents.Run::rcvbuf),
            rate(median(rates(ours))), rateRange(ours), median(createNanos(ours)) / 1e6,
            median(lags(ours)) / 1e6));
        notes.add(theirsNote("conntrack -E -e NEW >file", plain));
        notes.add(theirsNote("conntrack -E -e NEW -b " + eventsBuffer + " >file", withBuffer));
        notes.add(String.format(Locale.ROOT, "events: once with the library's default receive buffer (%s): saw %,d of "
                + "%s, %d overrun signal(s), kernel drops %d, %s events/s; ratio column = time ours / time of "
                + "conntrack -E (which saw fewer events): the result is the no-loss check, not the ratio",
            mib(io.conntrack4j.spi.Subscribe.DEFAULT_RECEIVE_BUFFER), small.seen(), k(n), small.overruns(),
            small.kernelDrops(), rate(small.eventsPerSecond())));
        final E2eEvents.Drain[] drains = new E2eEvents.Drain[reps];
        for (int rep = 0; rep < reps; rep++) {
            drains[rep] = ev.drain(eventsBuffer);
        }
        ct.flushAll();
        notes.add(drainNote(drains));
        notes.add("events: samples conntrack -E -e NEW -b " + eventsBuffer + ": ms=" + ms(nanos(withBuffer)) + " seen="
            + counts(withBuffer, E2eEvents.Run::seen));
        notes.add("events: samples seen ours=" + counts(ours, E2eEvents.Run::seen) + " conntrack -E="
            + counts(plain, E2eEvents.Run::seen));
        final String label = String.format(Locale.ROOT, "conntrack -E -e NEW >file: saw %s of %s, %s events/s",
            range(plain, E2eEvents.Run::seen), k(n), rate(median(rates(plain))));
        final String extra = String.format(Locale.ROOT, "[ours: %s of %s, %s overruns, %s events/s, buffer %s]",
            range(ours, E2eEvents.Run::seen), k(n), range(ours, E2eEvents.Run::overruns),
            rate(median(rates(ours))), mib(eventsBuffer));
        return new Result("events-" + k(n) + "-new-burst", oursNanos, nanos(plain), label, "no-loss", 0, extra,
            noLoss);
    }

    private String drainNote(final E2eEvents.Drain[] drains) {
        final long[] rates = Arrays.stream(drains).mapToLong(d -> Math.round(d.eventsPerSecond())).toArray();
        final long[] nanos = Arrays.stream(drains).mapToLong(E2eEvents.Drain::nanos).toArray();
        final long[] queued = Arrays.stream(drains).mapToLong(E2eEvents.Drain::queuedBytes).toArray();
        final long[] seen = Arrays.stream(drains).mapToLong(E2eEvents.Drain::seen).toArray();
        final long[] lost = Arrays.stream(drains).mapToLong(d -> d.drops() + d.overruns()).toArray();
        return String.format(Locale.ROOT, "events: backlog drain (ours, %d times: subscribe with signals(), create the "
                + "%s burst without reading, then read it all): %s events/s (median; range %s..%s), %.1f ms per %s "
                + "(median); the queued burst occupied %.1f MB of receive buffer (Rmem, %.0f bytes/event); seen %s, "
                + "kernel drops + overruns %s", drains.length, k(n), rate(median(rates)),
            rate(Arrays.stream(rates).min().orElse(0)), rate(Arrays.stream(rates).max().orElse(0)), median(nanos) / 1e6,
            k(n), median(queued) / 1e6, median(queued) / n, Arrays.toString(seen), Arrays.toString(lost));
    }

    private String theirsNote(final String what, final E2eEvents.Run[] runs) {
        final StringBuilder exits = new StringBuilder();
        final StringBuilder shown = new StringBuilder();
        boolean consistent = true;
        String detail = "";
        for (final E2eEvents.Run r : runs) {
            exits.append(exits.length() == 0 ? "" : " ").append(r.exitCode());
            shown.append(shown.length() == 0 ? "" : " ").append(r.shown());
            consistent &= r.shown() == r.seen() + r.duplicates() + r.foreign();
            if (!r.detail().isEmpty()) {
                detail = "; stderr: " + r.detail();
            }
        }
        return String.format(Locale.ROOT, "events: %s saw %s of %s (%s events/s, median; range %s; createAll took "
                + "%.1f ms, median), ENOBUFS warnings on stderr %s, kernel drops %s, subscribing socket's rb (ss -m) %s, duplicates %s, exit "
                + "codes after SIGTERM [%s], its own 'flow events have been shown' count [%s] (%s the lines in the "
                + "file, probes included)%s", what,
            range(runs, E2eEvents.Run::seen), k(n), rate(median(rates(runs))), rateRange(runs),
            median(createNanos(runs)) / 1e6, range(runs, E2eEvents.Run::overruns),
            range(runs, E2eEvents.Run::kernelDrops), range(runs, E2eEvents.Run::rcvbuf),
            range(runs, E2eEvents.Run::duplicates), exits, shown, consistent ? "=" : "NOT EQUAL to", detail);
    }

    private static String brief(final E2eEvents.Run r) {
        return String.format(Locale.ROOT, "%,d seen, %d other, %d overruns, %d drops, %.0f ms%s", r.seen(),
            r.foreign(), r.overruns(), r.kernelDrops(), r.nanos() / 1e6,
            r.detail().startsWith("first foreign") ? " (" + r.detail() + ")" : "");
    }

    private static long[] nanos(final E2eEvents.Run[] runs) {
        return Arrays.stream(runs).mapToLong(E2eEvents.Run::nanos).toArray();
    }

    private static long[] createNanos(final E2eEvents.Run[] runs) {
        return Arrays.stream(runs).mapToLong(E2eEvents.Run::createNanos).toArray();
    }

    private static long[] lags(final E2eEvents.Run[] runs) {
        return Arrays.stream(runs).mapToLong(r -> r.nanos() - r.createNanos()).toArray();
    }

    private static long[] rates(final E2eEvents.Run[] runs) {
        return Arrays.stream(runs).mapToLong(r -> Math.round(r.eventsPerSecond())).toArray();
    }

    private static String rateRange(final E2eEvents.Run[] runs) {
        final long[] r = rates(runs);
        return rate(Arrays.stream(r).min().orElse(0)) + ".." + rate(Arrays.stream(r).max().orElse(0));
    }

    private static String range(final E2eEvents.Run[] runs, final java.util.function.ToLongFunction<E2eEvents.Run> f) {
        final long lo = Arrays.stream(runs).mapToLong(f).min().orElse(0);
        final long hi = Arrays.stream(runs).mapToLong(f).max().orElse(0);
        return lo == hi ? String.format(Locale.ROOT, "%,d", lo) : String.format(Locale.ROOT, "%,d..%,d", lo, hi);
    }

    private static String counts(final E2eEvents.Run[] runs, final java.util.function.ToLongFunction<E2eEvents.Run> f) {
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < runs.length; i++) {
            b.append(i == 0 ? "" : " ").append(f.applyAsLong(runs[i]));
        }
        return b.append(']').toString();
    }

    private static String rate(final double perSecond) {
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2fM", perSecond / 1e6)
            : String.format(Locale.ROOT, "%.0fk", perSecond / 1e3);
    }

    private static String mib(final int bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** @return conntrack's listing of the filtered slice, sorted, with the counting-down timeout blanked */
    private String sample() {
        final String out = c.output("-L", "-s", E2eTable.LIST_SOURCE, "-p", "tcp", "--dport",
            Integer.toString(E2eTable.LIST_DPORT));
        return String.join("\n", out.lines().map(l -> l.replaceFirst("^(tcp +6 +)\\d+", "$1T")).sorted()
            .toArray(String[]::new));
    }

    // ---------------------------------------------------------------- helpers

    private FlowQuery listQuery() {
        return ct.flows().src(E2eTable.LIST_SOURCE).proto(Protocol.TCP).dport(E2eTable.LIST_DPORT);
    }

    private FlowQuery deleteQuery() {
        return ct.flows().proto(Protocol.TCP).dst(E2eTable.DESTINATION);
    }

    private long countAll() {
        try (Stream<Flow> flows = ct.flows().stream()) {
            return flows.count();
        }
    }

    /** Flushes and fills the table with {@code main} flows and {@code extra} bystanders (createAll, untimed). */
    private void fresh(final int main, final int extra) {
        ct.flushAll();
        expectCount("after flush", 0);
        final BulkResult r = ct.createAll(E2eTable.flows(main, extra));
        if (!r.isComplete() || r.succeeded() != main + extra) {
            throw new IllegalStateException("filling the table: " + r);
        }
        expectCount("after fill", main + extra);
    }

    private void expectCount(final String what, final long expected) {
        long actual = ct.count();
        for (int i = 0; i < 50 && actual != expected; i++) {
            sleep(); // entries released by a finished dump are counted down a moment later
            actual = ct.count();
        }
        expect("table count " + what, expected, actual);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long time(final String what, final long expected, final LongSupplier run) {
        final long start = System.nanoTime();
        final long got = run.getAsLong();
        final long nanos = System.nanoTime() - start;
        expect(what, expected, got);
        return nanos;
    }

    private static void expect(final String what, final long expected, final long actual) {
        if (expected != actual) {
            throw new IllegalStateException("CORRECTNESS: " + what + ": expected " + expected + ", got " + actual);
        }
    }

    private static void check(final String what, final long expected, final long actual, final String detail) {
        if (expected != actual) {
            throw new IllegalStateException("CORRECTNESS: " + what + ": expected " + expected + ", got " + actual
                + ": " + detail);
        }
    }

    /**
     * The ratio within each repetition, where the two sides ran one right after the other: less exposed than the
     * ratio of medians to this VM's slow stretches, which can last several runs and hit one side more than the other.
     */
    static String pairedRatios(final String scenario, final long[] ours, final long[] theirs) {
        final double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            ratios[i] = (double) ours[i] / theirs[i];
        }
        return String.format(Locale.ROOT, "%s: ratio within each repetition (ours / floor, run back to back): "
            + "median %.2f, range %.2f..%.2f (the verdict above is the ratio of the medians)", scenario,
            median(ratios), Arrays.stream(ratios).min().orElse(Double.NaN),
            Arrays.stream(ratios).max().orElse(Double.NaN));
    }

    static double median(final long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    private static double median(final double[] values) {
        final double[] s = values.clone();
        Arrays.sort(s);
        final int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    }

    private static String k(final int count) {
        return count % 1000 == 0 ? count / 1000 + "k" : Integer.toString(count);
    }

    private static long allocatedBytes() {
        final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) mx).getCurrentThreadAllocatedBytes();
        }
        return 0;
    }

    private static long gcMillis() {
        long total = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("?");
        } catch (final IOException e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (final IOException e) {
            return "?";
        }
    }

    private void print(final List<Result> results, final long gcMillis) throws IOException {
        final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        final PrintStream out = new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "# conntrack4j end-to-end vs conntrack 1.4.7 | %s | %,d flows | %d repetitions, "
                + "medians | load avg (1/5/15 min) at start %s, at end %s | GC during timed part %d ms%n",
            ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), n, reps, loadAtStart, loadAverage(),
            gcMillis);
        out.printf(Locale.ROOT, "# machine: %s, %d CPUs, kernel %s, Java %s, JVM options %s, conntrack binary %s%n",
            cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"),
            System.getProperty("java.vm.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
            c.binary());
        if (results.stream().anyMatch(r -> !r.name().startsWith("cli-"))) {
            out.println("# ours = library calls in ONE warm JVM (JVM start-up NOT included; warmed up on a smaller "
                + "table); theirs = the conntrack process as run from a shell (process start-up included, stdout to "
                + "/dev/null)");
        }
        if (results.stream().anyMatch(r -> r.name().startsWith("cli-"))) {
            out.println("# cli-*: ours = the bin/conntrack4j process (JVM start-up INCLUDED), theirs = the conntrack "
                + "process, same arguments, same table, alternating, stdout to /dev/null; cli-count's target is "
                + "absolute (ours <= 150 ms)");
        }
        out.printf(Locale.ROOT, "%-34s %10s %10s %7s  %-12s %-6s %-13s %s%n", "scenario", "ours_ms", "theirs_ms",
            "ratio", "target", "result", "ratio_range", "theirs");
        for (final Result r : results) {
            out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %7.2f  %-12s %-6s %-13s %s%s%n", r.name(), r.oursMs(),
                r.theirsMs(), r.ratio(), r.target().split(" ")[0], r.outcome(), r.spread(),
                r.theirsLabel(), r.extra().isEmpty() ? "" : " " + r.extra());
        }
        for (final Result r : results) {
            if (r.failure() != null) {
                out.println("# FAILED " + r.name() + ": " + r.failure());
            }
        }
        for (final String note : notes) {
            out.println("# " + note);
        }
        for (final Result r : results) {
            out.println("# samples " + r.name() + ": ours_ms=" + ms(r.ours()) + " theirs_ms=" + ms(r.theirs()));
        }
        out.flush();
        OUT.print(text.toString(java.nio.charset.StandardCharsets.UTF_8));
        OUT.flush();
        if (save != null) {
            Files.write(save, text.toByteArray());
        }
    }

    private static String ms(final long[] nanos) {
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < nanos.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", nanos[i] / 1e6));
        }
        return b.append(']').toString();
    }
}
