package io.conntrack4j.sim.contract;

/** The packet-driven contract statements (35 and 37 packet parts, 38-47, 49) on the simulator. */
class PacketContractSimTest extends PacketContract {
    @Override
    protected ContractKernel newKernel() {
        return new SimulatorKernel();
    }
}
