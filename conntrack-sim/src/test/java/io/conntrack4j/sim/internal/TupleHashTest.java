package io.conntrack4j.sim.internal;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The table's tuple hash: equal tuples hash alike whatever their zone, and structured traffic spreads. */
class TupleHashTest {
    @Test
    void equalTuplesHashAlikeAndTheZoneAttributeIsIgnored() {
        final Tuple t = Tuple.tcp("10.0.0.1", "192.168.0.1", 40000, 443);
        assertThat(TupleHash.of(Tuple.tcp("10.0.0.1", "192.168.0.1", 40000, 443))).isEqualTo(TupleHash.of(t));
        assertThat(TupleHash.of(t.withZone(7))).isEqualTo(TupleHash.of(t));
        assertThat(TupleHash.of(Tuple.icmp("2001:db8::1", "2001:db8::2", 128, 0, 9)))
            .isEqualTo(TupleHash.of(Tuple.icmp("2001:db8::1", "2001:db8::2", 128, 0, 9)));
    }

    @Test
    void everyFieldCounts() {
        final Set<Integer> hashes = new HashSet<>();
        hashes.add(TupleHash.of(Tuple.tcp("10.0.0.1", "192.168.0.1", 40000, 443)));
        hashes.add(TupleHash.of(Tuple.tcp("10.0.0.2", "192.168.0.1", 40000, 443)));
        hashes.add(TupleHash.of(Tuple.tcp("10.0.0.1", "192.168.0.2", 40000, 443)));
        hashes.add(TupleHash.of(Tuple.tcp("10.0.0.1", "192.168.0.1", 40001, 443)));
        hashes.add(TupleHash.of(Tuple.tcp("10.0.0.1", "192.168.0.1", 40000, 444)));
        hashes.add(TupleHash.of(Tuple.udp("10.0.0.1", "192.168.0.1", 40000, 443)));
        hashes.add(TupleHash.of(Tuple.icmp("10.0.0.1", "192.168.0.1", 8, 0, 1)));
        hashes.add(TupleHash.of(Tuple.icmp("10.0.0.1", "192.168.0.1", 8, 1, 1)));
        hashes.add(TupleHash.of(Tuple.icmp("10.0.0.1", "192.168.0.1", 0, 0, 1)));
        hashes.add(TupleHash.of(Tuple.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("192.168.0.1"), Protocol.GRE,
            Layer4.none())));
        hashes.add(TupleHash.of(Tuple.tcp("::a00:1", "::c0a8:1", 40000, 443)));
        assertThat(hashes).hasSize(11);
    }

    @Test
    void manyPortsOfFewClientsToOneServerSpreadLikeRandomKeys() {
        final Set<Integer> hashes = new HashSet<>();
        int keys = 0;
        for (int client = 0; client < 17; client++) {
            for (int port = 1024; port < 61024; port++) {
                hashes.add(TupleHash.of(Tuple.of(IpAddress.v4(0x0a000000 + client), IpAddress.v4(0xc0a80001),
                    Protocol.TCP, new Layer4.Ports(port, 443))));
                keys++;
            }
        }
        // random 32-bit hashes of 1.02M keys collide about 120 times
        assertThat(keys - hashes.size()).isLessThan(1000);
    }
}
