package io.conntrack4j.sim.events;

import io.conntrack4j.Conntrack;
import io.conntrack4j.sim.SimulatedKernel;

/** {@link ExpectationEventsContract} on the simulator's own face, {@code SimulatedBackend}. */
class ExpectationEventsSimTest extends ExpectationEventsContract {
    private final SimulatedKernel kernel = SimulatedKernel.builder().helpers("ftp").build();

    @Override
    protected Conntrack open() {
        return kernel.conntrack();
    }
}
