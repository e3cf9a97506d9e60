package io.conntrack4j.sim.differential;

import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedBackend;
import io.conntrack4j.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's two faces agree: random operation sequences ({@link OpGen}, {@link OpGen.Mode#SIMULATED}) give
 * the same outcome after every step on {@link SimulatedKernel#backend()} (the simulator answering the SPI directly)
 * and on {@link NetlinkBackend} over the simulator's ctnetlink socket (the library's encoder and decoder, the
 * simulator's message parser). Each face has a fresh kernel of its own, and both clocks advance together. Ids are
 * masked (each kernel has its own), timeouts compared within 1 s.
 */
class BackendFacesPropertyTest {
    /** Sequences per run (system property {@code ct4j.differential.sequences}). */
    static final int SEQUENCES = Integer.getInteger("ct4j.differential.sequences", 350);

    @Test
    void simulatedBackendAndNetlinkOverTheSimulatedSocketAgree() {
        final long start = System.nanoTime();
        Differential.resetTally();
        final AtomicInteger runs = new AtomicInteger();
        try {
            Differential.check(OpGen.sequences(OpGen.Mode.SIMULATED), SEQUENCES, 1000, 30_000,
                BackendFacesPropertyTest::compare, runs);
        } finally {
            System.out.printf("BackendFacesPropertyTest: %d sequences in %d ms%n", runs.get(),
                (System.nanoTime() - start) / 1_000_000);
            System.out.print("outcomes on the reference system, by step:\n" + Differential.tally());
        }
        assertThat(runs.get()).as("sequences run").isGreaterThanOrEqualTo(300);
    }

    static void compare(final List<Op> ops) {
        final SimulatedKernel direct = SimulatedKernel.create();
        final SimulatedKernel overNetlink = SimulatedKernel.create();
        final SimulatedBackend simulated = direct.backend();
        final NetlinkBackend netlink = NetlinkBackend.over(overNetlink.init()::openSocket, simulated.capabilities());
        try (Face a = new Face("SimulatedBackend", simulated, direct.clock()::advance, true);
             Face b = new Face("NetlinkBackend over sim socket", netlink, overNetlink.clock()::advance, true)) {
            Differential.run(ops, a, List.of(b));
        }
    }
}
