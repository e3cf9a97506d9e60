package io.conntrack4j.sim.contract;

/** Contract statements 1-28 on the simulator. */
class NetlinkContractASimTest extends NetlinkContractA {
    @Override
    protected ContractKernel newKernel() {
        return new SimulatorKernel();
    }
}
