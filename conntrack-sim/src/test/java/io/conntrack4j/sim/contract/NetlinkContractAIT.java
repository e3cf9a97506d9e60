package io.conntrack4j.sim.contract;

import io.conntrack4j.testkit.RealKernel;

/** Contract statements 1-28 on the real kernel, in this JVM's private network namespace. */
@RealKernel
class NetlinkContractAIT extends NetlinkContractA {
    @Override
    protected ContractKernel newKernel() {
        return new RealContractKernel();
    }
}
