package io.conntrack4j.examples;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.netlink.Captures;
import io.conntrack4j.netlink.codec.CaptureFile;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.FlowView;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.KernelFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Decodes a capture file (a dump as the kernel sent it, see {@link CaptureFile}) fast: bytes per service, i.e. per
 * protocol and original destination port, read with the flyweight {@link FlowView} straight from the buffer,
 * without creating a {@link Flow} per entry. The same numbers are computed again from {@code Flow} objects, to check
 * them and to compare the time per flow.
 *
 * <pre>
 * CaptureStats                  the bundled real capture (Linux 6.18), then a capture the simulator records
 * CaptureStats FILE             a capture file of yours (e.g. written by Captures.record)
 * CaptureStats --flows N        the simulated capture with N connections (default 20000)
 * </pre>
 */
public final class CaptureStats {
    /** The bundled capture: a real dump recorded from Linux 6.18 in a private namespace, with counters. */
    static final String SAMPLE = "real-6.18-table.ct4jcap";
    private static final int PASSES = 15;
    private static final int WARM_UP = 5;
    private static final int MIN_TIMED_FLOWS = 1000;

    private CaptureStats() {
    }

    /**
     * Bytes (both directions) and flows per service, in arrays indexed by {@code kind << 16 | port}: kind 0 is
     * TCP, 1 UDP, 2 every other protocol (indexed by its number instead of a port). Adding does not allocate.
     */
    static final class Totals {
        final long[] bytes = new long[3 << 16];
        final long[] flows = new long[3 << 16];
        long entries;
        long withoutCounters;

        void add(final int protocol, final int dport, final long originalBytes, final long replyBytes) {
            entries++;
            if (originalBytes < 0) {
                withoutCounters++;
                return;
            }
            final int slot = protocol == 6 ? dport : protocol == 17 ? 1 << 16 | dport : 2 << 16 | protocol;
            flows[slot]++;
            bytes[slot] += originalBytes + Math.max(0, replyBytes);
        }

        long totalBytes() {
            return Arrays.stream(bytes).sum();
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Totals t && t.entries == entries && t.withoutCounters == withoutCounters
                && Arrays.equals(t.bytes, bytes) && Arrays.equals(t.flows, flows);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        /**
         * @param out where to print
         * @param top how many services to print, by bytes
         */
        void print(final PrintStream out, final int top) {
            final Integer[] slots = java.util.stream.IntStream.range(0, bytes.length).filter(i -> flows[i] > 0)
                .boxed().sorted((a, b) -> Long.compare(bytes[b], bytes[a])).toArray(Integer[]::new);
            out.printf("   %-8s %-6s %8s %14s %7s%n", "proto", "dport", "flows", "bytes", "share");
            final long total = Math.max(1, totalBytes());
            for (int i = 0; i < Math.min(top, slots.length); i++) {
                final int s = slots[i];
                final int kind = s >>> 16;
                final String proto = kind == 0 ? "tcp" : kind == 1 ? "udp" : Protocol.of(s & 0xFFFF).kernelName();
                out.printf(Locale.ROOT, "   %-8s %-6s %8d %14d %6.1f%%%n", proto, kind == 2 ? "-" : s & 0xFFFF,
                    flows[s], bytes[s], 100.0 * bytes[s] / total);
            }
            if (slots.length > top) {
                out.println("   ... " + (slots.length - top) + " more services");
            }
            out.println("   " + entries + " flows, " + totalBytes() + " bytes"
                + (withoutCounters > 0 ? "; " + withoutCounters + " flows without counters (accounting off)" : "")
                + (entries > withoutCounters && totalBytes() == 0 ? " (every counter is zero: no packet passed)" : ""));
        }
    }

    /**
     * The fast path: one reader and one view for the whole capture, reading only the fields needed.
     *
     * @param messages the capture's messages (position to limit; not changed)
     * @param totals   the totals to add to
     * @return the totals
     */
    static Totals withFlyweight(final ByteBuffer messages, final Totals totals) {
        final MessageReader reader = new MessageReader().wrap(messages);
        final FlowView view = new FlowView();
        while (reader.next()) {
            if (reader.type() == Ctnetlink.CT_NEW) {          // skips NLMSG_DONE (and errors)
                reader.view(view);
                totals.add(view.protocol(), view.originalDestinationPort(), view.originalBytes(), view.replyBytes());
            }
        }
        return totals;
    }

    /**
     * The same totals from a {@link Flow} per entry (every attribute decoded), for comparison.
     *
     * @param messages the capture's messages
     * @param totals   the totals to add to
     * @return the totals
     */
    static Totals withFlows(final ByteBuffer messages, final Totals totals) {
        final MessageReader reader = new MessageReader().wrap(messages);
        while (reader.next()) {
            if (reader.type() == Ctnetlink.CT_NEW) {
                final Flow f = reader.flow();
                totals.add(f.protocol().number(), f.original().destinationPort().getOrElse(-1),
                    f.countersOriginal().map(Counters::bytes).getOrElse(-1L),
                    f.countersReply().map(Counters::bytes).getOrElse(-1L));
            }
        }
        return totals;
    }

    /**
     * @param args {@code [FILE]} or {@code [--flows N]}
     * @throws IOException if a capture cannot be read or written
     */
    public static void main(final String[] args) throws IOException {
        if (args.length == 1) {
            analyse(Path.of(args[0]), args[0]);
            return;
        }
        final int connections = args.length == 2 && args[0].equals("--flows") ? Integer.parseInt(args[1]) : 20_000;
        final Path dir = Files.createTempDirectory("ct4j-capture");
        try {
            final Path sample = dir.resolve(SAMPLE);
            try (InputStream in = CaptureStats.class.getResourceAsStream(SAMPLE)) {
                Files.copy(in, sample);
            }
            analyse(sample, SAMPLE + " (bundled: a real dump of Linux 6.18, made with conntrack in a private netns)");
            final Path simulated = dir.resolve("simulated.ct4jcap");
            final long start = System.nanoTime();
            final int datagrams = recordSimulatedDump(simulated, connections, 42);
            System.out.printf(Locale.ROOT, "%nsimulated %d connections and recorded a dump of %d datagrams in %.1f s%n",
                connections, datagrams, (System.nanoTime() - start) / 1e9);
            analyse(simulated, "a dump of " + connections + " connections through the simulated kernel "
                + "(nf_conntrack_acct=1), recorded by Captures.record over its ctnetlink socket");
        } finally {
            try (var files = Files.list(dir)) {
                for (final Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void analyse(final Path file, final String what) throws IOException {
        final ByteBuffer messages = CaptureFile.read(file);
        System.out.println();
        System.out.println("== " + what + ": " + Files.size(file) + " bytes");
        final Totals totals = withFlyweight(messages, new Totals());
        totals.print(System.out, 10);
        final Totals check = withFlows(messages, new Totals());
        System.out.println("   the same totals from Flow objects: " + check.equals(totals));
        if (totals.entries < MIN_TIMED_FLOWS) {
            System.out.println("   (not timed: " + totals.entries + " flows are too few to measure)");
            return;
        }
        final double flyweight = nanosPerFlow(messages, CaptureStats::withFlyweight, totals.entries);
        final double objects = nanosPerFlow(messages, CaptureStats::withFlows, totals.entries);
        System.out.printf(Locale.ROOT, "   time per flow (median of %d passes): flyweight %.0f ns, Flow objects %.0f ns"
            + " (%.1fx)%n", PASSES, flyweight, objects, objects / flyweight);
    }

    private static double nanosPerFlow(final ByteBuffer messages, final BiFunction<ByteBuffer, Totals, Totals> pass,
                                       final long flows) {
        final long[] times = new long[PASSES];
        long sink = 0;
        for (int i = -WARM_UP; i < PASSES; i++) {
            final Totals totals = new Totals();           // 3 MB: made outside the measured time
            final long start = System.nanoTime();
            sink += pass.apply(messages, totals).entries;
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
        }
        if (sink == 42) {
            System.out.print("");     // keeps the passes' results alive
        }
        Arrays.sort(times);
        return (double) times[PASSES / 2] / Math.max(1, flows);
    }

    /**
     * Sends traffic through a simulated kernel with accounting on and records a dump of its table, as
     * {@code Captures.record} records one from the real kernel.
     *
     * @param file        the capture to write
     * @param connections how many connections
     * @param seed        the random seed
     * @return the number of datagrams recorded
     */
    static int recordSimulatedDump(final Path file, final int connections, final long seed) {
        final SimulatedNamespace ns = SimulatedKernel.create().init();
        simulateTraffic(ns, connections, seed);
        return Captures.record(ns.openSocket(), DumpFlows.of(KernelFilter.NONE), file);
    }

    /**
     * Turns accounting and timestamps on, then sends web, DNS, NTP, SSH, database and QUIC connections of random
     * sizes, and pings.
     *
     * @param ns          the simulated namespace
     * @param connections how many connections
     * @param seed        the random seed
     */
    static void simulateTraffic(final SimulatedNamespace ns, final int connections, final long seed) {
        ns.sysctl(Sysctl.ACCT, 1).sysctl(Sysctl.TIMESTAMP, 1);
        final Traffic traffic = ns.traffic();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < connections; i++) {
            final String client = "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
            final String server = "198.51.100." + (1 + random.nextInt(50));
            final int sport = 32768 + random.nextInt(28000);
            final int kind = random.nextInt(100);
            if (kind < 70) {
                final int port = kind < 45 ? 443 : kind < 60 ? 80 : kind < 65 ? 22 : 5432;
                final Traffic.TcpSession s = traffic.tcpHandshake(client, sport, server, port);
                for (int k = random.nextInt(4); k >= 0; k--) {
                    s.data(true, 100 + random.nextInt(900));
                    s.data(false, 500 + random.nextInt(port == 443 ? 60_000 : 8_000));
                }
            } else if (kind < 95) {
                final int port = kind < 85 ? 53 : kind < 90 ? 123 : 443;
                final Packet request = Packet.udp(client, sport, server, port,
                    30 + random.nextInt(port == 443 ? 1200 : 60));
                ns.inject(request);
                ns.inject(request.reversed().withPayload(60 + random.nextInt(port == 443 ? 1300 : 400)));
            } else {
                traffic.ping(client, server, i & 0xFFFF);
            }
        }
    }
}
