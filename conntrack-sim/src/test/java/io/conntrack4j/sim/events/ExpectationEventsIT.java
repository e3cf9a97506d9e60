package io.conntrack4j.sim.events;

import io.conntrack4j.Conntrack;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.testkit.RealKernel;

/** {@link ExpectationEventsContract} on the real kernel, in this JVM's private network namespace. */
@RealKernel
class ExpectationEventsIT extends ExpectationEventsContract {
    @Override
    protected Conntrack open() {
        return Conntrack.using(NetlinkBackend.open());
    }
}
