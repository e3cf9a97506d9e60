package io.conntrack4j.benchmarks.e2e;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The synthetic table of the end-to-end benchmark, generated the same way for the library ({@link Flow}s) and for
 * {@code conntrack -R} ({@code -I} lines), so both sides create exactly the same flows.
 *
 * <p>Flow {@code i} of {@code n} (TCP, ESTABLISHED, timeout {@value #TIMEOUT} s):
 * {@code src=10.0.0.(1 + i % 10) dst=192.168.0.1 sport=1024 + i / 100 dport=8000 + (i / 10) % 10}. Every
 * (source, destination port) pair therefore holds {@code n / 100} flows: 1,000 of 100,000 for the filtered list.
 * Optional bystanders do not match the delete filter ({@code -p tcp -d 192.168.0.1}): half are UDP to 192.168.0.1,
 * half TCP to 192.168.0.2, so both halves of the filter must work for the remaining count to be right.
 */
final class E2eTable {
    /** Timeout of every created flow, seconds: far longer than a run. */
    static final long TIMEOUT = 3600;
    /** The destination of the main flows (the delete filter's address). */
    static final String DESTINATION = "192.168.0.1";
    /** The source of the filtered list. */
    static final String LIST_SOURCE = "10.0.0.3";
    /** The destination port of the filtered list. */
    static final int LIST_DPORT = 8004;
    /** The destination port of 1% of the flows of the CLI's table ({@link #cliFlow(int)}). */
    static final int CLI_DPORT = 443;

    private static final IpAddress[] SOURCES = new IpAddress[10];
    private static final IpAddress DST = IpAddress.parse(DESTINATION);
    private static final IpAddress OTHER_DST = IpAddress.parse("192.168.0.2");
    private static final ProtoInfo ESTABLISHED = ProtoInfo.Tcp.of(TcpState.ESTABLISHED);

    static {
        for (int i = 0; i < SOURCES.length; i++) {
            SOURCES[i] = IpAddress.parse("10.0.0." + (1 + i));
        }
    }

    private E2eTable() {
    }

    static int sport(final int i) {
        return 1024 + i / 100;
    }

    static int dport(final int i) {
        return 8000 + (i / 10) % 10;
    }

    /** @return how many of {@code n} main flows the filtered list selects */
    static int listMatches(final int n) {
        int matches = 0;
        for (int i = 0; i < n; i++) {
            if (i % 10 == 2 && dport(i) == LIST_DPORT) {
                matches++;
            }
        }
        return matches;
    }

    /** @return main flow {@code i} */
    static Flow flow(final int i) {
        if (sport(i) > 65535) {
            throw new IllegalArgumentException("the generator supports up to 6,451,100 flows");
        }
        return Flow.builder(Tuple.of(SOURCES[i % 10], DST, Protocol.TCP, new Layer4.Ports(sport(i), dport(i))))
            .timeout(TIMEOUT).protoInfo(ESTABLISHED).build();
    }

    /**
     * The inverse of {@link #flow(int)}, from the fields an event or a {@code conntrack -E} line shows.
     *
     * @param sourceLastOctet the last octet of the source address, which must be 10.0.0.x
     * @param sport           the source port
     * @param dport           the destination port
     * @param n               main flows in the table
     * @return {@code i} such that main flow {@code i} has these fields, or -1 if no main flow of {@code n} has them
     */
    static int index(final int sourceLastOctet, final int sport, final int dport, final int n) {
        final int src = sourceLastOctet - 1;
        final int d = dport - 8000;
        final int s = sport - 1024;
        if (src < 0 || src > 9 || d < 0 || d > 9 || s < 0) {
            return -1;
        }
        final int i = s * 100 + d * 10 + src;
        return i < n ? i : -1;
    }

    /**
     * @param flow a flow, e.g. from an event
     * @param n    main flows in the table
     * @return its index among the {@code n} main flows, or -1 if it is not one of them
     */
    static int index(final Flow flow, final int n) {
        final Tuple t = flow.original();
        if (!t.protocol().equals(Protocol.TCP) || !t.destination().equals(DST) || !(t.layer4() instanceof Layer4.Ports)
            || !t.source().isV4() || (t.source().v4Bits() & 0xFFFFFF00) != 0x0A000000) {
            return -1;
        }
        final Layer4.Ports p = (Layer4.Ports) t.layer4();
        return index(t.source().v4Bits() & 0xFF, p.source(), p.destination(), n);
    }

    /** @return bystander {@code j}: not selected by the delete filter */
    static Flow bystander(final int j) {
        final IpAddress src = IpAddress.parse("10.9." + (j >> 8 & 0xFF) + "." + (j & 0xFF));
        if (j % 2 == 0) {
            return Flow.builder(Tuple.of(src, DST, Protocol.UDP, new Layer4.Ports(5000, 53))).timeout(TIMEOUT).build();
        }
        return Flow.builder(Tuple.of(src, OTHER_DST, Protocol.TCP, new Layer4.Ports(5000, 80))).timeout(TIMEOUT)
            .protoInfo(ESTABLISHED).build();
    }

    /**
     * @param n          main flows
     * @param bystanders flows the delete filter does not select
     * @return the flows, generated lazily while iterated (so building them is part of a timed create)
     */
    static Iterable<Flow> flows(final int n, final int bystanders) {
        return generate(n + bystanders, i -> i < n ? flow(i) : bystander(i - n));
    }

    /**
     * Main flow {@code i} of the CLI scenarios' table: {@link #flow(int)}, except that every hundredth flow
     * ({@code i % 100 == 0}) has destination port {@value #CLI_DPORT}, so {@code -p tcp --dport 443} selects 1%.
     *
     * @param i the flow's number
     * @return the flow
     */
    static Flow cliFlow(final int i) {
        if (i % 100 != 0) {
            return flow(i);
        }
        return Flow.builder(Tuple.of(SOURCES[i % 10], DST, Protocol.TCP, new Layer4.Ports(sport(i), CLI_DPORT)))
            .timeout(TIMEOUT).protoInfo(ESTABLISHED).build();
    }

    /**
     * UDP flow {@code i} of the CLI's delete table: {@code udp src=10.0.0.(1 + i % 10) dst=192.168.0.1
     * sport=1024 + i / 100 dport=5000 + (i / 10) % 10}, timeout {@value #TIMEOUT} s.
     *
     * @param i the flow's number
     * @return the flow
     */
    static Flow udpFlow(final int i) {
        if (sport(i) > 65535) {
            throw new IllegalArgumentException("the generator supports up to 6,451,100 flows");
        }
        final Layer4.Ports ports = new Layer4.Ports(sport(i), 5000 + (i / 10) % 10);
        return Flow.builder(Tuple.of(SOURCES[i % 10], DST, Protocol.UDP, ports)).timeout(TIMEOUT).build();
    }

    /**
     * @param count     how many flows
     * @param generator flow {@code i} of {@code count}
     * @return the flows, generated lazily while iterated
     */
    static Iterable<Flow> generate(final int count, final IntFunction<Flow> generator) {
        return () -> IntStream.range(0, count).mapToObj(generator).iterator();
    }

    /**
     * Writes the {@code n} main flows as {@code conntrack -R} input, one {@code -I} line each.
     *
     * @param n    main flows
     * @param file the file to write
     * @throws IOException on a write failure
     */
    static void writeLoadFile(final int n, final Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) {
                out.write("-I -s 10.0.0." + (1 + i % 10) + " -d " + DESTINATION + " -p tcp --sport " + sport(i)
                    + " --dport " + dport(i) + " --state ESTABLISHED -t " + TIMEOUT + "\n");
            }
        }
    }
}
