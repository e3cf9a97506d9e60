package io.conntrack4j.benchmarks;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.Sysctl;

import java.time.Duration;

/**
 * Flows for the simulator benchmarks: a realistic mix (80% TCP ESTABLISHED and ASSURED, 15% UDP, 5% ICMP echo) of
 * distinct tuples, deterministic in the index, so that a flow and its lookup tuple can be rebuilt as separate but
 * equal objects (a lookup then compares fields, as a request decoded from netlink bytes would).
 */
final class SimulatorFlows {
    /** Clients per /16 block: flow {@code i} comes from client {@code i / PORTS}, source port {@code 1024 + i % PORTS}. */
    private static final int PORTS = 60_000;

    private SimulatorFlows() {
    }

    /**
     * @param capacity the table size the kernel must accept ({@code nf_conntrack_max})
     * @return a kernel with a manual clock that never advances (nothing expires, the garbage collector never runs),
     *     default sysctls otherwise (no accounting, no timestamps, events only with a listener: there is none)
     */
    static SimulatedKernel kernel(final long capacity) {
        final SimulatedKernel kernel = SimulatedKernel.builder().gcInterval(Duration.ZERO).build();
        kernel.sysctl(Sysctl.MAX, capacity);
        return kernel;
    }

    /**
     * @param i the flow's index, not negative
     * @return the original tuple of flow {@code i}, a new object on every call
     */
    static Tuple original(final int i) {
        final IpAddress client = IpAddress.v4(0x0a000000 + i / PORTS);
        final IpAddress server = IpAddress.v4(0xc0a80000 | (mix(i) & 0xffff));
        final int kind = Math.floorMod(mix(i) >>> 16, 100);
        if (kind < 80) {
            return Tuple.of(client, server, Protocol.TCP, new Layer4.Ports(1024 + i % PORTS, kind < 60 ? 443 : 80));
        }
        if (kind < 95) {
            return Tuple.of(client, server, Protocol.UDP, new Layer4.Ports(1024 + i % PORTS, 53));
        }
        return Tuple.of(client, server, Protocol.ICMP, new Layer4.Icmp(8, 0, i % PORTS));
    }

    /**
     * @param i the flow's index
     * @return flow {@code i} as a create would carry it (reply tuple, status, TCP state, mark, timeout)
     */
    static Flow flow(final int i) {
        final Tuple orig = original(i);
        final Flow.Builder b = Flow.builder(orig).reply(orig.inverse()).mark((long) (i & 3));
        if (orig.protocol().equals(Protocol.TCP)) {
            return b.status(Status.SEEN_REPLY, Status.ASSURED).protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED))
                .timeout(432_000L).build();
        }
        if (orig.protocol().equals(Protocol.UDP)) {
            return b.status(Status.SEEN_REPLY).timeout(30L).build();
        }
        return b.timeout(30L).build();
    }

    private static int mix(final int i) {
        int h = i * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
