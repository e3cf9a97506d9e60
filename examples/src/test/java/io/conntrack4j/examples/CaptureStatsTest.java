package io.conntrack4j.examples;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.netlink.Captures;
import io.conntrack4j.netlink.codec.CaptureFile;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.KernelFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CaptureStats}: the flyweight's totals against Flow objects and against the table itself. */
class CaptureStatsTest {

    @Test
    void theBundledRealCaptureGivesTheSameTotalsBothWays(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("real.ct4jcap");
        try (InputStream in = CaptureStats.class.getResourceAsStream(CaptureStats.SAMPLE)) {
            Files.copy(in, file);
        }
        final ByteBuffer messages = CaptureFile.read(file);
        final CaptureStats.Totals fast = CaptureStats.withFlyweight(messages, new CaptureStats.Totals());
        assertThat(fast.entries).isEqualTo(13);
        assertThat(fast.withoutCounters).isZero();
        assertThat(fast.flows[80]).as("tcp dport 80").isEqualTo(2);
        assertThat(fast.flows[1 << 16 | 53]).as("udp dport 53").isEqualTo(1);
        assertThat(fast).isEqualTo(CaptureStats.withFlows(messages, new CaptureStats.Totals()));
    }

    @Test
    void aSimulatedDumpAddsUpToTheTablesCounters(@TempDir final Path dir) throws Exception {
        final SimulatedNamespace ns = SimulatedKernel.create().init();
        CaptureStats.simulateTraffic(ns, 500, 7);
        final Path file = dir.resolve("sim.ct4jcap");
        assertThat(Captures.record(ns.openSocket(), DumpFlows.of(KernelFilter.NONE), file)).isPositive();

        final ByteBuffer messages = CaptureFile.read(file);
        final CaptureStats.Totals fast = CaptureStats.withFlyweight(messages, new CaptureStats.Totals());
        final long tableBytes = ns.conntrack().flows().list()
            .map(f -> bytes(f.countersOriginal().get()) + bytes(f.countersReply().get())).sum().longValue();
        assertThat(fast.entries).isEqualTo(500);
        assertThat(fast.totalBytes()).isEqualTo(tableBytes).isPositive();
        assertThat(fast.flows[443]).as("https is the most common service").isGreaterThan(fast.flows[80]);
        assertThat(fast).isEqualTo(CaptureStats.withFlows(messages, new CaptureStats.Totals()));
        assertThat(ns.conntrack().flows().list().map(Flow::original).distinct().size()).isEqualTo(500);
    }

    private static long bytes(final Counters c) {
        return c.bytes();
    }
}
