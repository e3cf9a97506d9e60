package io.conntrack4j.benchmarks.e2e;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The {@code cli-*} scenarios of the end-to-end benchmark: {@code bin/conntrack4j} (the whole process: its
 * {@code /bin/sh} launcher and the JVM's start-up included) against {@code conntrack} (the whole process), same
 * arguments, same table, same namespace (both inherit this JVM's), alternating, stdout to /dev/null.
 *
 * <p>Every timed run must exit with 0 and, where the command prints one, report the expected count in its stderr
 * summary ({@code N flow entries have been shown/deleted}; the prefixes differ: {@code conntrack4j v0.1.0
 * (conntrack4j): } and {@code conntrack v1.4.7 (conntrack-tools): }). After each repetition, one untimed run of
 * each with stdout read through a pipe checks that both printed the expected number of lines; once per scenario
 * (before the timed runs, which also warms the file cache) the two outputs are compared line by line, sorted, with
 * the counting-down timeout blanked, and the verdict goes into a note (a difference does not abort: the CLI's own
 * tests decide its compatibility).
 *
 * <p>A failed check (exit code, count, lines, printed number) does not abort the run, unlike the library
 * scenarios': the scenario goes on, its line says FAILED whatever the times, a {@code # FAILED} line gives the first
 * failures, and the JVM exits with 1 at the end. Other engineers change the CLI while this runs; one broken command
 * should not cost the other scenarios' numbers. Failing to build a table still aborts.
 *
 * <ul>
 *   <li>{@code cli-list}: {@code -L} of the {@code --flows} table ({@link E2eTable#cliFlow(int)}); target 0.80x.</li>
 *   <li>{@code cli-list-1m}: {@code -L} of a 1,000,000-flow table built once; target 0.80x. Needs
 *       nf_conntrack_max above 1M (e2e.sh raises it).</li>
 *   <li>{@code cli-list-filtered}: {@code -L -p tcp --dport 443}, 1% of the {@code --flows} table; target 0.50x.</li>
 *   <li>{@code cli-delete}: {@code -D -p udp} of {@code --flows} UDP flows among 1% TCP bystanders, the table
 *       rebuilt (untimed) before every run; target 0.70x.</li>
 *   <li>{@code cli-count}: {@code -C} of the {@code --flows} table, {@code --cli-count-runs} times; target: our
 *       median at most 150 ms (absolute), conntrack's time alongside. Its notes also time {@code -V}, {@code -C} and
 *       {@code -L} on an empty table: the start-up floor.</li>
 * </ul>
 */
final class CliScenarios {
    /** The scenarios this class runs. */
    static final List<String> NAMES = List.of("cli-list", "cli-list-1m", "cli-list-filtered", "cli-delete",
        "cli-count");
    /** The table size of {@code cli-list-1m}. */
    static final int BIG = 1_000_000;
    private static final long COUNT_TARGET_NANOS = 150_000_000L;
    private static final int FLOOR_RUNS = 10;
    private static final PrintStream LOG = System.err;

    private final Conntrack ct;
    private final String cli;
    private final String conntrack;
    private final int n;
    private final int reps;
    private final int countRuns;
    private final List<String> notes;
    private final List<String> failures = new ArrayList<>();
    private int failureCount;
    private boolean described;

    /**
     * @param ct        the library, for building the tables (untimed)
     * @param cli       the path of bin/conntrack4j
     * @param conntrack the path of the C conntrack
     * @param n         the {@code --flows} size
     * @param reps      repetitions per scenario ({@code cli-count}: {@code countRuns})
     * @param countRuns runs of {@code cli-count}
     * @param notes     where the notes go
     */
    CliScenarios(final Conntrack ct, final String cli, final String conntrack, final int n, final int reps,
                 final int countRuns, final List<String> notes) {
        this.ct = ct;
        this.cli = cli;
        this.conntrack = conntrack;
        this.n = n;
        this.reps = reps;
        this.countRuns = countRuns;
        this.notes = notes;
    }

    /** Fails at once, before any warm-up, unless bin/conntrack4j runs and says it is conntrack4j. */
    void requireCli() {
        if (cli == null || !Files.isExecutable(Path.of(cli))) {
            throw new IllegalStateException("the cli-* scenarios need bin/conntrack4j: pass --cli PATH (e2e.sh does), "
                + "got " + cli);
        }
        final CTool.Counted v = CTool.counted(cli, true, "-V");
        if (v.exitCode() != 0 || !v.text().startsWith("conntrack4j")) {
            throw new IllegalStateException(cli + " -V failed (exit code " + v.exitCode() + "): " + v.stderr()
                + v.text());
        }
    }

    /**
     * @param scenario one of {@link #NAMES}
     * @return its result
     */
    E2eMain.Result run(final String scenario) {
        describe();
        failures.clear();
        failureCount = 0;
        final E2eMain.Result r;
        switch (scenario) {
            case "cli-list":
                r = list();
                break;
            case "cli-list-1m":
                r = listBig();
                break;
            case "cli-list-filtered":
                r = filtered();
                break;
            case "cli-delete":
                r = delete();
                break;
            case "cli-count":
                r = count();
                break;
            default:
                throw new IllegalArgumentException(scenario);
        }
        return failureCount == 0 ? r : r.failed(failureCount + " failed check(s); the first: "
            + String.join(" | ", failures));
    }

    // ---------------------------------------------------------------- scenarios

    private E2eMain.Result list() {
        fill(n, E2eTable::cliFlow);
        final String[] args = {"-L"};
        final long[][] t = compare("cli-list", args, n, "shown", n, reps, true, null);
        return result("cli-list-" + size(n), t, args, "<=0.80x", 0.80);
    }

    private E2eMain.Result listBig() {
        final long max = readLong("/proc/sys/net/netfilter/nf_conntrack_max");
        if (max != 0 && max < BIG + 1000) {
            throw new IllegalStateException("cli-list-1m needs net.netfilter.nf_conntrack_max >= " + (BIG + 1000)
                + " in this namespace, it is " + max + " (e2e.sh raises it when cli-list-1m is selected)");
        }
        final long start = System.nanoTime();
        fill(BIG, E2eTable::cliFlow);
        notes.add(String.format(Locale.ROOT, "cli-list-1m: table of %,d flows built once with ct.createAll in %.1f s "
                + "(untimed); nf_conntrack_max %,d, nf_conntrack_buckets %,d (%.1f flows per bucket)", BIG,
            (System.nanoTime() - start) / 1e9, max, readLong("/proc/sys/net/netfilter/nf_conntrack_buckets"),
            BIG / (double) readLong("/proc/sys/net/netfilter/nf_conntrack_buckets")));
        final String[] args = {"-L"};
        try {
            final long[][] t = compare("cli-list-1m", args, BIG, "shown", BIG, reps, false, null);
            return result("cli-list-" + size(BIG), t, args, "<=0.80x", 0.80);
        } finally {
            ct.flushAll();
        }
    }

    private E2eMain.Result filtered() {
        fill(n, E2eTable::cliFlow);
        final String[] args = {"-L", "-p", "tcp", "--dport", Integer.toString(E2eTable.CLI_DPORT)};
        final long[][] t = compare("cli-list-filtered", args, n / 100, "shown", n / 100, reps, true, null);
        return result("cli-list-1%-of-" + size(n) + "-dport-" + E2eTable.CLI_DPORT, t, args, "<=0.50x", 0.50);
    }

    private E2eMain.Result count() {
        fill(n, E2eTable::cliFlow);
        final String[] args = {"-C"};
        final long[][] t = compare("cli-count", args, 1, null, 0, countRuns, false, Integer.toString(n));
        final double ours = E2eMain.median(t[0]);
        final E2eMain.Result r = new E2eMain.Result("cli-count-" + size(n), t[0], t[1], "conntrack -C", "<=150ms",
            0, String.format(Locale.ROOT, "[absolute: ours median %.1f ms of %d runs, target <= 150 ms; conntrack -C "
                + "%.1f ms]", ours / 1e6, countRuns, E2eMain.median(t[1]) / 1e6), ours <= COUNT_TARGET_NANOS);
        ct.flushAll();
        expectCount("after flush", 0);
        notes.add(floor());
        return r;
    }

    private E2eMain.Result delete() {
        final int bystanders = Math.max(2, n / 100);
        final String[] args = {"-D", "-p", "udp"};
        final IntFunction<Flow> table = i -> i < n ? E2eTable.udpFlow(i) : E2eTable.flow(i - n);
        final long[] ours = new long[reps];
        final long[] theirs = new long[reps];
        final long[] lines = new long[2];
        for (int rep = 0; rep < reps; rep++) {
            // untimed, first (so the first timed run finds the files cached): one delete per side, stdout counted
            for (int k = 0; k < 2; k++) {
                final boolean mine = k == 0;
                fill(n + bystanders, table);
                final CTool.Counted c = CTool.counted(mine ? cli : conntrack, false, args);
                check(mine, args, c.exitCode(), c.stderr());
                expect(tool(mine) + " " + String.join(" ", args) + ": deleted (check run)", n,
                    summary(c.stderr(), "deleted"));
                expect(tool(mine) + " " + String.join(" ", args) + ": stdout lines", n, c.lines());
                expect("table count after " + tool(mine) + " -D (check run)", bystanders, settledCount(bystanders));
                lines[k] = c.lines();
            }
            for (int k = 0; k < 2; k++) {
                final boolean mine = (k + rep) % 2 == 0;
                fill(n + bystanders, table);
                final CTool.Run run = CTool.spawn(mine ? cli : conntrack, args);
                check(mine, args, run.exitCode(), run.stderr());
                expect(tool(mine) + " " + String.join(" ", args) + ": deleted", n, summary(run.stderr(), "deleted"));
                expect("table count after " + tool(mine) + " -D", bystanders, settledCount(bystanders));
                (mine ? ours : theirs)[rep] = run.nanos();
            }
            LOG.printf(Locale.ROOT, "e2e: cli-delete %d/%d: bin/conntrack4j %.1f ms, conntrack %.1f ms%n", rep + 1,
                reps, ours[rep] / 1e6, theirs[rep] / 1e6);
        }
        ct.flushAll();
        notes.add(String.format(Locale.ROOT, "cli-delete: table = %,d UDP flows (udp src=10.0.0.x dst=%s) + %,d TCP "
                + "bystanders that must survive, rebuilt with ct.createAll before every run (untimed); checked: exit "
                + "code 0, '%,d flow entries have been deleted' and %,d bystanders left after every run; check runs "
                + "(one more delete per side and repetition, stdout counted, each deleted flow printed once): %,d "
                + "lines (ours, last) and %,d (conntrack, last) (%s)", n, E2eTable.DESTINATION, bystanders, n,
            bystanders, lines[0], lines[1], failureCount == 0 ? "all passed" : failureCount + " FAILED"));
        return result("cli-delete-" + size(n) + "-udp", new long[][] {ours, theirs}, args, "<=0.70x", 0.70);
    }

    // ---------------------------------------------------------------- the comparison

    /**
     * Times {@code runs} alternating runs of each tool with the same arguments on the current table.
     *
     * @param what         the scenario, for messages
     * @param args         the arguments of both tools
     * @param lines        the lines both must print
     * @param verb         the stderr summary's verb, or null if the command prints no summary
     * @param summary      the summary's count
     * @param runs         repetitions
     * @param compareText  whether to compare the two outputs (sorted, timeout blanked) once, in a note
     * @param expectedText if not null, what both must print (trimmed), checked in every check run
     * @return {ours' nanos, conntrack's nanos}
     */
    private long[][] compare(final String what, final String[] args, final long lines, final String verb,
                             final long summary, final int runs, final boolean compareText,
                             final String expectedText) {
        final boolean keep = compareText || expectedText != null;
        // untimed, once: the outputs compared (and the file cache warmed for both)
        final CTool.Counted first = checked(true, args, lines, verb, summary, keep, expectedText);
        final CTool.Counted firstTheirs = checked(false, args, lines, verb, summary, keep, expectedText);
        final String same = compareText ? sameOutput(first.text(), firstTheirs.text()) : null;
        final long[] ours = new long[runs];
        final long[] theirs = new long[runs];
        for (int rep = 0; rep < runs; rep++) {
            for (int k = 0; k < 2; k++) {
                final boolean mine = (k + rep) % 2 == 0;
                final CTool.Run run = CTool.spawn(mine ? cli : conntrack, args);
                check(mine, args, run.exitCode(), run.stderr());
                if (verb != null) {
                    expect(tool(mine) + " " + String.join(" ", args) + ": " + verb, summary,
                        summary(run.stderr(), verb));
                }
                (mine ? ours : theirs)[rep] = run.nanos();
            }
            checked(true, args, lines, verb, summary, expectedText != null, expectedText);
            checked(false, args, lines, verb, summary, expectedText != null, expectedText);
            LOG.printf(Locale.ROOT, "e2e: %s %d/%d: bin/conntrack4j %.1f ms, conntrack %.1f ms%n", what, rep + 1, runs,
                ours[rep] / 1e6, theirs[rep] / 1e6);
        }
        notes.add(String.format(Locale.ROOT, "%s: %s%s; checked: exit code 0%s in every timed run; after every "
                + "repetition an untimed run of each with stdout counted: %,d line(s) on both sides%s (%s)%s", what,
            String.join(" ", args), table(what), verb == null ? "" : " and '" + String.format(Locale.ROOT, "%,d",
                summary) + " flow entries have been " + verb + "'", lines, expectedText == null ? ""
                : ", printing '" + expectedText + "'", failureCount == 0 ? "all passed" : failureCount + " FAILED",
            same == null ? "" : "; outputs (sorted, timeout column blanked) " + same));
        return new long[][] {ours, theirs};
    }

    private static String table(final String what) {
        switch (what) {
            case "cli-list-1m":
                return " on the 1M table";
            case "cli-list-filtered":
                return " (1% of the flows have dport " + E2eTable.CLI_DPORT + ")";
            default:
                return "";
        }
    }

    /** An untimed run with stdout counted, checked: exit code 0, the lines, the summary, the text. */
    private CTool.Counted checked(final boolean mine, final String[] args, final long lines, final String verb,
                                  final long summary, final boolean keep, final String expectedText) {
        final CTool.Counted c = CTool.counted(mine ? cli : conntrack, keep, args);
        final String label = tool(mine) + " " + String.join(" ", args);
        check(mine, args, c.exitCode(), c.stderr());
        expect(label + ": stdout lines", lines, c.lines());
        if (verb != null) {
            expect(label + ": " + verb + " (check run)", summary, summary(c.stderr(), verb));
        }
        if (expectedText != null && !expectedText.equals(c.text().trim())) {
            fail(label + " printed '" + c.text().trim() + "', expected '" + expectedText + "'");
        }
        return c;
    }

    /** @return "identical (N lines)" or where they differ */
    static String sameOutput(final String ours, final String theirs) {
        final String[] a = normalized(ours);
        final String[] b = normalized(theirs);
        if (Arrays.equals(a, b)) {
            return "identical (" + String.format(Locale.ROOT, "%,d", a.length) + " lines)";
        }
        int differ = 0;
        int first = -1;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        if (first < 0) {
            first = Math.min(a.length, b.length);
        }
        return String.format(Locale.ROOT, "DIFFERENT: %,d vs %,d lines, %,d differ at the same sorted position; first:"
                + " ours '%s' conntrack '%s'", a.length, b.length, differ, first < a.length ? a[first] : "<none>",
            first < b.length ? b[first] : "<none>");
    }

    private static String[] normalized(final String text) {
        return text.lines().map(l -> l.replaceFirst("^(\\S+ +\\d+ +)\\d+ ", "$1T ")).sorted().toArray(String[]::new);
    }

    /** The start-up floor on an empty table: -V, -C and -L of each tool, alternating, medians. */
    private String floor() {
        final StringBuilder b = new StringBuilder("cli start-up floor (empty table, " + FLOOR_RUNS
            + " alternating runs each, medians, stdout to /dev/null):");
        for (final String a : new String[] {"-V", "-C", "-L"}) {
            final long[] ours = new long[FLOOR_RUNS];
            final long[] theirs = new long[FLOOR_RUNS];
            for (int rep = 0; rep < FLOOR_RUNS; rep++) {
                for (int k = 0; k < 2; k++) {
                    final boolean mine = (k + rep) % 2 == 0;
                    final CTool.Run run = CTool.spawn(mine ? cli : conntrack, a);
                    check(mine, new String[] {a}, run.exitCode(), run.stderr());
                    (mine ? ours : theirs)[rep] = run.nanos();
                }
            }
            b.append(String.format(Locale.ROOT, " %s: bin/conntrack4j %.1f ms (%.1f..%.1f), conntrack %.1f ms;", a,
                E2eMain.median(ours) / 1e6, Arrays.stream(ours).min().orElse(0) / 1e6,
                Arrays.stream(ours).max().orElse(0) / 1e6, E2eMain.median(theirs) / 1e6));
        }
        final long[] shell = new long[FLOOR_RUNS];
        for (int rep = 0; rep < FLOOR_RUNS; rep++) {
            shell[rep] = CTool.spawn("/bin/sh", "-c", ":").nanos();
        }
        return b.append(String.format(Locale.ROOT, " /bin/sh -c : %.1f ms", E2eMain.median(shell) / 1e6)).toString();
    }

    // ---------------------------------------------------------------- helpers

    private E2eMain.Result result(final String name, final long[][] t, final String[] args, final String target,
                                  final double limit) {
        return new E2eMain.Result(name, t[0], t[1], "conntrack " + String.join(" ", args), target, limit, "", null);
    }

    private void describe() {
        if (described) {
            return;
        }
        described = true;
        final String target = System.getenv().getOrDefault("CT4J_TARGET", "target");
        final Path jar = Path.of(cli).toAbsolutePath().getParent().getParent()
            .resolve("conntrack-cli/" + target + "/conntrack-cli.jar");
        final Path jsa = jar.resolveSibling("conntrack-cli.jsa");
        final Path aotJava = jar.resolveSibling("conntrack-cli.aot-java");
        String built = "?";
        try {
            built = Files.getLastModifiedTime(jar).toString();
        } catch (final IOException e) {
            built = "missing";
        }
        notes.add("cli-*: ours = " + cli + " (whole process: /bin/sh launcher + JVM start-up included), CT4J_TARGET="
            + target + ", jar " + jar + " built " + built + ", " + startWith(jsa, aotJava) + ", JAVA=" + System.getenv().getOrDefault("JAVA", "") + " JAVA_HOME="
            + System.getenv().getOrDefault("JAVA_HOME", "") + "; theirs = " + conntrack + " (whole process); same "
            + "arguments, alternating, timed from spawn to exit, stdout to /dev/null, stderr read");
    }

    /** What the launcher starts with: the ahead-of-time caches of a Java 25+, else the class-data archive. */
    private static String startWith(final Path jsa, final Path aotJava) {
        try {
            if (Files.exists(aotJava) && System.getenv("JAVA") == null) {
                return "ahead-of-time caches for " + Files.readString(aotJava).strip();
            }
        } catch (final IOException e) {
            return "ahead-of-time caches unreadable: " + e.getMessage();
        }
        return "class-data archive " + (Files.exists(jsa) ? "present" : "ABSENT");
    }

    private static String tool(final boolean mine) {
        return mine ? "bin/conntrack4j" : "conntrack";
    }

    /** Flushes the table and fills it with {@code count} flows (ct.createAll, untimed). */
    private void fill(final int count, final IntFunction<Flow> generator) {
        ct.flushAll();
        expectCount("after flush", 0);
        final BulkResult r = ct.createAll(E2eTable.generate(count, generator));
        if (!r.isComplete() || r.succeeded() != count) {
            throw new IllegalStateException("filling the table with " + count + " flows: " + r);
        }
        expectCount("after fill", count);
    }

    /** Aborts unless the table holds {@code expected} entries (building a table must not fail). */
    private void expectCount(final String what, final long expected) {
        final long actual = settledCount(expected);
        if (actual != expected) {
            throw new IllegalStateException("table count " + what + ": expected " + expected + ", got " + actual);
        }
    }

    /** @return the table's count once it equals {@code expected}, or after 1 s */
    private long settledCount(final long expected) {
        long actual = ct.count();
        for (int i = 0; i < 50 && actual != expected; i++) {
            try {
                Thread.sleep(20); // entries released by a finished dump are counted down a moment later
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            actual = ct.count();
        }
        return actual;
    }

    private void check(final boolean mine, final String[] args, final int exitCode, final String stderr) {
        if (exitCode != 0) {
            fail(tool(mine) + " " + String.join(" ", args) + " exited with " + exitCode + ": "
                + (stderr.length() > 300 ? stderr.substring(0, 300) + "..." : stderr));
        }
    }

    private void expect(final String what, final long expected, final long actual) {
        if (expected != actual) {
            fail(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** Records a failed check: the scenario goes on and its result is FAILED. */
    private void fail(final String what) {
        failureCount++;
        if (failures.size() < 3) {
            failures.add(what);
        }
        LOG.println("e2e: CORRECTNESS: " + what);
    }

    /** @return the count of stderr's "N flow entries have been VERB." line, -1 if there is none */
    private static long summary(final String stderr, final String verb) {
        try {
            return new CTool.Run(0, 0, stderr).count(verb);
        } catch (final IllegalStateException e) {
            return -1;
        }
    }

    /**
     * Reads a number from a /proc/sys file in ONE read: {@code Files.readString} would read a single byte first
     * (the file's size is 0) and the next read, at offset 1, gets EOF from the kernel's sysctl handler, so 262144
     * came out as "2".
     */
    static long readLong(final String file) {
        try (java.io.InputStream in = Files.newInputStream(Path.of(file))) {
            final byte[] buffer = new byte[64];
            final int got = in.read(buffer);
            return Long.parseLong(new String(buffer, 0, Math.max(0, got), java.nio.charset.StandardCharsets.US_ASCII)
                .trim());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String size(final int count) {
        if (count % 1_000_000 == 0) {
            return count / 1_000_000 + "m";
        }
        return count % 1000 == 0 ? count / 1000 + "k" : Integer.toString(count);
    }

    static List<String> selected(final List<String> scenarios) {
        final List<String> cli = new ArrayList<>();
        for (final String s : scenarios) {
            if (NAMES.contains(s)) {
                cli.add(s);
            }
        }
        return cli;
    }
}
