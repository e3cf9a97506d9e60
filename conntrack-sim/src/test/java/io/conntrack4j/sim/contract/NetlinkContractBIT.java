package io.conntrack4j.sim.contract;

import io.conntrack4j.testkit.RealKernel;

/**
 * Contract statements 29-37 and 48-55 (ctnetlink parts) on the real kernel, in this JVM's private network namespace.
 */
@RealKernel
class NetlinkContractBIT extends NetlinkContractB {
    @Override
    protected ContractKernel newKernel() {
        return new RealContractKernel();
    }
}
