package io.conntrack4j.sim.contract;

/** {@link ZoneLookupContract} on the simulator. */
class ZoneLookupContractSimTest extends ZoneLookupContract {
    @Override
    protected ContractKernel newKernel() {
        return new SimulatorKernel();
    }
}
