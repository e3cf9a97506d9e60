package io.conntrack4j.examples;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EventWatcher} with its simulated activity: events printed, overruns survived, the view exact. */
class EventWatcherTest {

    @Test
    void survivesOverrunsAndEndsWithTheViewEqualToTheTable() throws Exception {
        final SimulatedKernel kernel = SimulatedKernel.create();
        final SimulatedNamespace ns = kernel.init();
        try (Conntrack ct = Conntrack.using(NetlinkBackend.over(ns::openSocket, ns.backend().capabilities()))) {
            SeedFlows.seed(ct);
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final EventWatcher.Summary s = new EventWatcher(new PrintStream(text, true, StandardCharsets.UTF_8))
                .watch(EventWatcher.query(ct), 1000, Duration.ofSeconds(30),
                    () -> EventWatcher.Activity.simulated(kernel, ct));

            assertThat(s.overruns()).as("the burst overruns the 4 KiB buffer").isPositive();
            assertThat(s.resyncs()).as("the initial one, then one per overrun").isEqualTo(s.overruns() + 1);
            assertThat(s.events()).isPositive();
            assertThat(s.view()).isEqualTo(ct.flows().dst(SeedFlows.SCOPE).list().map(Flow::original).toJavaSet());
            assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("    [NEW] tcp      6 120 SYN_SENT src=10.0.0.7 dst=198.51.100.10 sport=40100 dport=443")
                .contains(" [UPDATE] tcp      6 432000 ESTABLISHED src=10.0.0.7 dst=198.51.100.10")
                .contains("!! OVERRUN")
                .contains("== RESYNCED: 8 new, 0 changed, 0 gone")
                .doesNotContain("192.0.2.80");
        }
    }
}
