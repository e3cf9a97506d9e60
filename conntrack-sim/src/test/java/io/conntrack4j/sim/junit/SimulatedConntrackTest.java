package io.conntrack4j.sim.junit;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.EventRecorder;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.PacketVerdict;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.sim.VirtualClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The extension as users meet it: parameters injected per test, all from one fresh kernel. */
@SimulatedConntrack
class SimulatedConntrackTest {
    private static SimulatedKernel previous;

    @Test
    void allParametersOfATestShareOneKernel(final SimulatedKernel kernel, final SimulatedNamespace ns,
                                            final VirtualClock clock, final Traffic traffic, final Conntrack ct) {
        assertThat(ns).isSameAs(kernel.init());
        assertThat(clock).isSameAs(kernel.clock());
        traffic.tcpHandshake("10.0.0.1", 1000, "10.0.0.2", 80);
        assertThat(ct.get(Tuple.tcp("10.0.0.1", "10.0.0.2", 1000, 80)).get()).hasState(TcpState.ESTABLISHED);
    }

    @Test
    void everyTestGetsAFreshKernel(final SimulatedKernel kernel, final Conntrack ct) {
        assertThat(kernel).isNotSameAs(previous);
        previous = kernel;
        assertThat(ct.count()).isZero();
        kernel.traffic().udpExchange("10.0.0.1", 1, "10.0.0.2", 2);
    }

    @Test
    void theRecorderListensFromTheStart(final EventRecorder events, final Traffic traffic) {
        traffic.ping("10.0.0.1", "10.0.0.2", 9);
        assertThat(events.events()).hasSize(2).containsNew(Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 9));
    }

    @Nested
    @SimulatedConntrack(sysctls = "nf_conntrack_tcp_loose=0", labels = true)
    class Configured {
        @Test
        void sysctlsFromTheAnnotationApply(final SimulatedNamespace ns) {
            assertThat(ns.sysctls().get(Sysctl.TCP_LOOSE)).isZero();
            assertThat(ns.inject(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.ACK)))
                .isEqualTo(PacketVerdict.INVALID);
        }
    }
}
