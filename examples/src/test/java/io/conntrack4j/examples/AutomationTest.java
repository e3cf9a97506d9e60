package io.conntrack4j.examples;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.junit.SimulatedConntrack;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link Automation} on the seeded simulated table: what it changes, and only that. */
@SimulatedConntrack
class AutomationTest {

    @Test
    void marksTimesOutAndDeletesOnlyInsideTheScope(final Conntrack ct) {
        assertThat(SeedFlows.seed(ct).succeeded()).isEqualTo(10);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        new Automation(ct, SeedFlows.SCOPE, new PrintStream(text, true, StandardCharsets.UTF_8)).run();

        assertThat(ct.flows().dst(SeedFlows.SCOPE).proto(io.conntrack4j.model.Protocol.TCP).dport(443).list())
            .hasSize(2).allSatisfy(f -> assertThat(f).hasMark(0x10));              // the SYN_SENT one was deleted
        assertThat(ct.get(Tuple.tcp("10.0.0.4", "198.51.100.20", 40004, 22)).get()).hasMark(0x1);
        assertThat(ct.get(Tuple.udp("10.0.0.1", "198.51.100.53", 5353, 53)).get()).hasTimeoutBetween(0, 5);
        assertThat(ct.flows().dst(SeedFlows.SCOPE).unreplied().count()).isZero();
        assertThat(ct.get(Tuple.tcp("10.0.0.1", "192.0.2.80", 40010, 80)).get()).hasMark(0);     // outside the scope
        assertThat(ct.flows().family(io.conntrack4j.model.Family.IPV6).list()).extracting(Flow::markValue)
            .containsExactly(0L);
        assertThat(ct.count()).isEqualTo(7);
        assertThat(text.toString(StandardCharsets.UTF_8))
            .contains("== Update flows{proto=tcp, dst=198.51.100.0/24, dport=443} with {mark=0x10/0xf0}")
            .contains("-> matched=3 succeeded=3 alreadyGone=0 failed=0")
            .contains("   kernel: family=ipv4, orig={proto=tcp dport=443}")
            .contains("left in the scope: 5 flows; unreplied: 0");
    }
}
