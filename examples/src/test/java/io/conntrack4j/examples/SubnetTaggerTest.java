package io.conntrack4j.examples;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpPrefix;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.EventRecorder;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.sim.junit.SimulatedConntrack;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SubnetTagger} on a simulated kernel. */
@SimulatedConntrack
class SubnetTaggerTest {

    private static Flow flow(final Conntrack ct, final Tuple original) {
        return ct.get(original).getOrElseThrow(() -> new AssertionError("no flow " + original));
    }

    @Test
    void tagsFlowsBySourceSubnet(final Conntrack ct, final Traffic traffic, final EventRecorder events) {
        traffic.tcpHandshake("10.1.2.3", 40000, "192.0.2.1", 443);
        traffic.udpExchange("10.2.3.4", 5353, "192.0.2.53", 53);
        traffic.ping("192.168.1.1", "192.0.2.1", 7);

        final Map<IpPrefix, BulkResult> results = new SubnetTagger(ct, 0xff00)
            .tag("10.1.0.0/16", 1).tag("10.2.0.0/16", 2).run();

        assertThat(results.values()).extracting(BulkResult::succeeded).containsExactly(1L, 1L);
        assertThat(flow(ct, Tuple.tcp("10.1.2.3", "192.0.2.1", 40000, 443))).hasMark(0x100);
        assertThat(flow(ct, Tuple.udp("10.2.3.4", "192.0.2.53", 5353, 53))).hasMark(0x200);
        assertThat(flow(ct, Tuple.icmp("192.168.1.1", "192.0.2.1", 8, 0, 7))).hasMark(0);
        assertThat(events.events()).containsUpdate(Tuple.tcp("10.1.2.3", "192.0.2.1", 40000, 443))
            .containsUpdate(Tuple.udp("10.2.3.4", "192.0.2.53", 5353, 53));
    }

    @Test
    void theMostSpecificSubnetWinsWhateverTheOrderOfTheRules(final Conntrack ct, final Traffic traffic) {
        traffic.udpExchange("10.9.1.1", 1000, "192.0.2.53", 53);
        traffic.udpExchange("10.8.1.1", 1000, "192.0.2.53", 53);

        new SubnetTagger(ct, 0xff).tag("10.9.0.0/16", 9).tag("10.0.0.0/8", 1).run();

        assertThat(flow(ct, Tuple.udp("10.9.1.1", "192.0.2.53", 1000, 53))).hasMark(9);
        assertThat(flow(ct, Tuple.udp("10.8.1.1", "192.0.2.53", 1000, 53))).hasMark(1);
    }

    @Test
    void keepsTheMarkBitsOutsideItsMask(final Conntrack ct) {
        final Tuple t = Tuple.udp("10.1.0.1", "192.0.2.53", 1000, 53);
        ct.create(Flow.builder(t).timeout(60L).mark(0xAB00_0005L).build());   // bits another tool owns

        new SubnetTagger(ct, 0xff00).tag("10.1.0.0/16", 0x42).run();

        assertThat(flow(ct, t)).hasMark(0xAB00_4205L);
    }

    @Test
    void tagsIpv6Subnets(final Conntrack ct, final Traffic traffic) {
        traffic.tcpHandshake("2001:db8:1::5", 40000, "2001:db8:ff::1", 443);
        new SubnetTagger(ct, 0xf).tag("2001:db8:1::/48", 3).run();
        assertThat(flow(ct, Tuple.tcp("2001:db8:1::5", "2001:db8:ff::1", 40000, 443))).hasMark(3);
    }

    @Test
    void refusesTagsThatDoNotFitAndMasksWithHoles(final Conntrack ct) {
        assertThatThrownBy(() -> new SubnetTagger(ct, 0xff00).tag("10.0.0.0/8", 0x100))
            .isInstanceOf(InvalidValueException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new SubnetTagger(ct, 0xf0f0)).isInstanceOf(InvalidValueException.class);
    }
}
