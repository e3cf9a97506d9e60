package io.conntrack4j.benchmarks.e2e;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.Subscription;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.FlowEvent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code events} scenario of the end-to-end benchmark: a burst of {@code n} new flows ({@code ct.createAll},
 * the same flows as the create scenario) while a subscriber listens to NEW events, either the library
 * ({@code ct.events().types(NEW).receiveBuffer(b).subscribe(handler)}) or {@code conntrack -E -e NEW} with its
 * stdout in a file. Each run counts the events seen (each main flow at most once, anything else apart), the
 * overruns, the kernel's own drop count for the subscribing socket ({@code /proc/net/netlink}), and the time from
 * just before the first create to the last event seen.
 *
 * <p>The subscriber is set up before the burst, untimed: the library's {@code subscribe} has joined the group when
 * it returns; {@code conntrack -E} is known to listen once a probe flow's line appeared in its output.
 * A run ends when every main flow was seen, when the subscriber's count (ours) or output file (theirs) did not
 * grow for {@link #QUIET_MILLIS} ms, or when the process exited.
 */
final class E2eEvents {
    /** The receive buffer asked for by default: room for the 100k burst (SO_RCVBUFFORCE as root). */
    static final int DEFAULT_BUFFER = 256 << 20;
    /** A run ends after this much silence (once the burst is created). */
    static final long QUIET_MILLIS = 500;
    private static final long DEADLINE_MILLIS = 120_000;
    private static final Pattern LINE = Pattern.compile(
        "\\[NEW\\] tcp +6 \\d+ \\S+ src=10\\.0\\.0\\.(\\d+) dst=" + Pattern.quote(E2eTable.DESTINATION)
            + " sport=(\\d+) dport=(\\d+) ");
    private static final Pattern SHOWN = Pattern.compile("(\\d+) flow events have been shown");
    private static final Pattern NOTICE = Pattern.compile("NOTICE: [^\\n]*");
    private static final Pattern SS_LINE = Pattern.compile(
        "\\s12:\\S+\\s+\\S+\\s+sk=\\S+ cb=\\S+ groups=0x([0-9a-fA-F]+)\\s+skmem:\\(r\\d+,rb(\\d+),");

    private final Conntrack ct;
    private final CTool c;
    private final Path workdir;
    private final int n;

    E2eEvents(final Conntrack ct, final CTool c, final Path workdir, final int n) {
        this.ct = ct;
        this.c = c;
        this.workdir = workdir;
        this.n = n;
    }

    /**
     * What one run saw.
     *
     * @param nanos       from just before the first create to the last event seen (at least until the burst was
     *                    created)
     * @param createNanos how long {@code createAll} took
     * @param seen        distinct main flows seen
     * @param duplicates  main flows seen more than once
     * @param foreign     events that are not main flows (the probe included)
     * @param overruns    overrun signals (ours) or ENOBUFS warnings on stderr (conntrack)
     * @param kernelDrops the Drops column of /proc/net/netlink for the subscribing socket(s), -1 if not found
     * @param rcvbuf      the receive buffer of the subscribing socket as {@code ss -m} shows it (rb), -1 if unknown
     * @param exitCode    conntrack's exit code (0 for ours)
     * @param shown       conntrack's own count ("N flow events have been shown"), -1 for ours
     * @param detail      conntrack's NOTICE lines, or an empty string
     */
    record Run(long nanos, long createNanos, long seen, long duplicates, long foreign, long overruns,
               long kernelDrops, long rcvbuf, int exitCode, long shown, String detail) {
        boolean lossless() {
            return overruns == 0 && kernelDrops <= 0 && duplicates == 0;
        }

        double eventsPerSecond() {
            return seen / (nanos / 1e9);
        }
    }

    /** Counts the signals of a subscription; runs on the subscription's reader thread. */
    private final class Counter implements Consumer<EventSignal> {
        private final BitSet seen = new BitSet(n);
        private final CountDownLatch all = new CountDownLatch(1);
        private volatile long progress;
        private volatile long lastNanos;
        private long distinct;
        private long duplicates;
        private long foreign;
        private long overruns;
        private String firstForeign = "";

        @Override
        public void accept(final EventSignal s) {
            final long now = System.nanoTime();
            if (s instanceof FlowEvent) {
                final FlowEvent e = (FlowEvent) s;
                final int i = e.type() == EventType.NEW ? E2eTable.index(e.flow(), n) : -1;
                if (i < 0) {
                    if (foreign++ == 0) {
                        firstForeign = "first foreign event: " + e;
                    }
                } else if (seen.get(i)) {
                    duplicates++;
                } else {
                    seen.set(i);
                    if (++distinct == n) {
                        all.countDown();
                    }
                }
            } else if (s instanceof EventSignal.Overrun) {
                overruns++;
            }
            lastNanos = now;
            progress = progress + 1; // one writer: the reader thread
        }
    }

    /**
     * Our side: subscribe, create the burst, wait for the events.
     *
     * @param receiveBuffer the receive buffer to ask for
     * @return the run
     */
    Run ours(final int receiveBuffer) {
        flush();
        final Counter counter = new Counter();
        final Subscription sub = ct.events().types(EventType.NEW).receiveBuffer(receiveBuffer).subscribe(counter);
        final long start;
        final long created;
        long drops = -1;
        long rcvbuf = -1;
        try {
            rcvbuf = eventSocketRcvbuf();
            start = System.nanoTime();
            createBurst();
            created = System.nanoTime() - start;
            long last = counter.progress;
            long lastChange = System.nanoTime();
            while (true) {
                if (counter.all.await(20, TimeUnit.MILLISECONDS) || !sub.isRunning()) {
                    break;
                }
                final long now = System.nanoTime();
                final long p = counter.progress;
                if (p != last) {
                    last = p;
                    lastChange = now;
                } else if (now - lastChange > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
                    || now - start > TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS)) {
                    break;
                }
            }
            drops = netlinkStats()[0];
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            sub.close();
        }
        if (sub.failure().isDefined()) {
            throw new IllegalStateException("the subscription failed", sub.failure().get());
        }
        // close() joined the reader thread: its writes are visible
        final long nanos = Math.max(counter.lastNanos - start, created);
        return new Run(nanos, created, counter.distinct, counter.duplicates, counter.foreign, counter.overruns,
            drops, rcvbuf, 0, -1, counter.firstForeign);
    }

    /**
     * Their side: start {@code conntrack -E -e NEW [extra]} with stdout to a file, wait until it listens, create the
     * burst, wait until its output stops growing, stop it with SIGTERM (it then prints its count on stderr).
     *
     * @param extra further arguments, e.g. {@code -b 268435456}
     * @return the run
     */
    Run theirs(final String... extra) {
        flush();
        final Path out = workdir.resolve("events.out");
        final Path err = workdir.resolve("events.err");
        final List<String> command = new ArrayList<>(List.of(c.binary(), "-E", "-e", "NEW"));
        command.addAll(List.of(extra));
        final Process p;
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        final long start;
        final long created;
        long lastChange;
        long drops = -1;
        long rcvbuf;
        try {
            // it listens once a probe's line is in the file: a new probe every 50 ms until one is seen
            final long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int probes = 0;
            long nextProbe = System.nanoTime();
            while (size(out) == 0) {
                final long now = System.nanoTime();
                if (!p.isAlive() || now > probeDeadline) {
                    throw new IllegalStateException(command + " did not print a probe's event (alive: "
                        + p.isAlive() + "): " + read(err));
                }
                if (now >= nextProbe) {
                    ct.create(E2eTable.bystander(probes++));
                    nextProbe = now + TimeUnit.MILLISECONDS.toNanos(50);
                }
                sleep(2);
            }
            rcvbuf = eventSocketRcvbuf();
            start = System.nanoTime();
            createBurst();
            created = System.nanoTime() - start;
            long size = size(out);
            lastChange = System.nanoTime();
            while (p.isAlive()) {
                sleep(1);
                final long now = System.nanoTime();
                final long s = size(out);
                if (s != size) {
                    size = s;
                    lastChange = now;
                } else if (now - lastChange > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
                    || now - start > TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS)) {
                    break;
                }
            }
            drops = netlinkStats()[0];
        } finally {
            p.destroy(); // SIGTERM: conntrack prints "N flow events have been shown." and exits 0
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        final BitSet seen = new BitSet(n);
        long distinct = 0;
        long duplicates = 0;
        long foreign = 0;
        try (Stream<String> lines = Files.lines(out, StandardCharsets.UTF_8)) {
            for (final String line : (Iterable<String>) lines::iterator) {
                final Matcher m = LINE.matcher(line);
                final int i = m.find() ? E2eTable.index(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), n) : -1;
                if (i < 0) {
                    foreign++;
                } else if (seen.get(i)) {
                    duplicates++;
                } else {
                    seen.set(i);
                    distinct++;
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final String stderr = read(err);
        final Matcher shown = SHOWN.matcher(stderr);
        final Matcher notice = NOTICE.matcher(stderr);
        final long warnings = stderr.lines().filter(l -> l.contains("We have hit ENOBUFS")).count();
        final long nanos = Math.max(lastChange - start, created);
        return new Run(nanos, created, distinct, duplicates, foreign, warnings, drops, rcvbuf, p.exitValue(),
            shown.find() ? Long.parseLong(shown.group(1)) : -1, notice.find() ? notice.group() : "");
    }

    /**
     * What a backlog drain measured.
     *
     * @param queuedBytes the subscribing socket's Rmem once the burst was created, before reading
     * @param drops       kernel drops once the burst was created
     * @param nanos       reading the backlog, from the first receive to the last event
     * @param seen        distinct main flows read
     * @param overruns    overrun signals read
     */
    record Drain(long queuedBytes, long drops, long nanos, long seen, long overruns) {
        double eventsPerSecond() {
            return seen / (nanos / 1e9);
        }
    }

    /**
     * Subscribes ({@code signals()}: the group is joined when it returns), creates the burst without reading, then
     * reads the whole backlog: the library's receive-and-decode rate, without the creator competing for the CPUs.
     *
     * @param receiveBuffer the receive buffer to ask for (it must hold the burst)
     * @return what it measured
     */
    Drain drain(final int receiveBuffer) {
        flush();
        final Stream<EventSignal> signals = ct.events().types(EventType.NEW).receiveBuffer(receiveBuffer).signals();
        final Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(DEADLINE_MILLIS);
                signals.close();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "e2e drain watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (signals) {
            createBurst();
            final long[] stats = netlinkStats();
            final long expected = n - Math.max(0, stats[0]);
            final java.util.Iterator<EventSignal> it = signals.iterator();
            final BitSet seen = new BitSet(n);
            long distinct = 0;
            long overruns = 0;
            long read = 0;
            final long start = System.nanoTime();
            while (read < expected && it.hasNext()) {
                final EventSignal s = it.next();
                if (s instanceof FlowEvent) {
                    read++;
                    final int i = E2eTable.index(((FlowEvent) s).flow(), n);
                    if (i >= 0 && !seen.get(i)) {
                        seen.set(i);
                        distinct++;
                    }
                } else if (s instanceof EventSignal.Overrun) {
                    overruns++;
                }
            }
            final long nanos = System.nanoTime() - start;
            return new Drain(stats[1], stats[0], nanos, distinct, overruns);
        } finally {
            watchdog.interrupt();
        }
    }

    /** A short burst on a small table, to warm the event path up. */
    void warmUp(final int flows, final int rounds) {
        for (int i = 0; i < rounds; i++) {
            flush();
            final Counter counter = new Counter();
            try (Subscription sub = ct.events().types(EventType.NEW).receiveBuffer(DEFAULT_BUFFER)
                .subscribe(counter)) {
                final BulkResult r = ct.createAll(E2eTable.flows(flows, 0));
                if (r.succeeded() != flows) {
                    throw new IllegalStateException("warm-up burst: " + r);
                }
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (counter.progress < flows && System.nanoTime() < deadline) {
                    sleep(5);
                }
            }
        }
        flush();
    }

    private void createBurst() {
        final BulkResult r = ct.createAll(E2eTable.flows(n, 0));
        if (!r.isComplete() || r.succeeded() != n) {
            throw new IllegalStateException("events burst: expected " + n + " created, got " + r);
        }
    }

    private void flush() {
        ct.flushAll();
        long count = ct.count();
        for (int i = 0; i < 50 && count != 0; i++) {
            sleep(20);
            count = ct.count();
        }
        if (count != 0) {
            throw new IllegalStateException("CORRECTNESS: table count after flush: expected 0, got " + count);
        }
    }

    /**
     * @return {drops, rmem}: the sums of the Drops and Rmem columns of /proc/net/netlink over the NETLINK_NETFILTER
     *     sockets of this namespace that joined group 1 (NFNLGRP_CONNTRACK_NEW); {-1, -1} if there is none
     */
    static long[] netlinkStats() {
        final List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net/netlink"));
        } catch (final IOException e) {
            return new long[] {-1, -1};
        }
        long drops = -1;
        long rmem = -1;
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.trim().split("\\s+");
            // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
            if (f.length >= 10 && f[1].equals("12") && (Long.parseLong(f[3], 16) & 1) != 0) {
                drops = Math.max(drops, 0) + Long.parseLong(f[8]);
                rmem = Math.max(rmem, 0) + Long.parseLong(f[4]);
            }
        }
        return new long[] {drops, rmem};
    }

    /**
     * @return the largest receive buffer ({@code rb} of {@code ss -f netlink -a -e -m -n}) among the
     *     NETLINK_NETFILTER sockets of this namespace that joined group 1 (NEW events), or -1 if unknown
     */
    static long eventSocketRcvbuf() {
        try {
            final Process ss = new ProcessBuilder("ss", "-f", "netlink", "-a", "-e", "-m", "-n")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String text = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor();
            long rb = -1;
            final Matcher m = SS_LINE.matcher(text);
            while (m.find()) {
                if ((Long.parseLong(m.group(1), 16) & 1) != 0) {
                    rb = Math.max(rb, Long.parseLong(m.group(2)));
                }
            }
            return rb;
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long size(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (final IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
