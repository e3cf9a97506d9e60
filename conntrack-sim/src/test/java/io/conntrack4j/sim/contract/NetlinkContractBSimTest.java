package io.conntrack4j.sim.contract;

/** Contract statements 29-37 and 48-55 (ctnetlink parts) on the simulator. */
class NetlinkContractBSimTest extends NetlinkContractB {
    @Override
    protected ContractKernel newKernel() {
        return new SimulatorKernel();
    }
}
