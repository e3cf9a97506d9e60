package io.conntrack4j.sim.events;

import io.conntrack4j.Conntrack;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedKernel;

/**
 * {@link ExpectationEventsContract} through the real {@code NetlinkBackend} over the simulator's netlink face: the
 * simulated socket multicasts expectation events as the kernel's bytes.
 */
class ExpectationEventsSimSocketTest extends ExpectationEventsContract {
    private final SimulatedKernel kernel = SimulatedKernel.builder().helpers("ftp").build();

    @Override
    protected Conntrack open() {
        return Conntrack.using(NetlinkBackend.over(kernel.init()::openSocket, kernel.backend().capabilities()));
    }
}
