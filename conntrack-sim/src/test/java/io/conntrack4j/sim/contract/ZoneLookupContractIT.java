package io.conntrack4j.sim.contract;

import io.conntrack4j.testkit.RealKernel;

/** {@link ZoneLookupContract} on the real kernel, in this JVM's private network namespace. */
@RealKernel
class ZoneLookupContractIT extends ZoneLookupContract {
    @Override
    protected ContractKernel newKernel() {
        return new RealContractKernel();
    }
}
