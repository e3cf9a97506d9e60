package io.conntrack4j.sim.contract;

import io.conntrack4j.testkit.RealKernel;

/** The packet-driven contract statements (35 and 37 packet parts, 38-47, 49) on the real kernel, in this JVM's private network namespace. */
@RealKernel
class PacketContractIT extends PacketContract {
    @Override
    protected ContractKernel newKernel() {
        return new RealContractKernel();
    }
}
