package io.conntrack4j.sim.contract;

import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.sim.Sysctl;

import java.time.Duration;

/** The contract's simulator side: a fresh {@link SimulatedKernel} namespace per test. */
public final class SimulatorKernel implements ContractKernel {
    private SimulatedKernel kernel = SimulatedKernel.create();
    private SimulatedNamespace ns = kernel.init();

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public boolean isReal() {
        return false;
    }

    /** @return the simulated namespace, for simulator-only checks */
    public SimulatedNamespace namespace() {
        return ns;
    }

    @Override
    public NetlinkSocket openSocket() {
        return ns.openSocket();
    }

    @Override
    public void sysctl(final Sysctl sysctl, final long value) {
        ns.sysctl(sysctl, value);
    }

    @Override
    public void advance(final Duration amount) {
        kernel.clock().advance(amount);
    }

    @Override
    public void inject(final Packet packet) {
        ns.inject(packet);
    }

    @Override
    public void enableLabels() {
        ns.enableLabels();
    }

    @Override
    public long wallClockNanos() {
        return kernel.clock().wallNanos();
    }

    @Override
    public int invalidPerPacket() {
        return 1;
    }

    @Override
    public void reset() {
        kernel = SimulatedKernel.create();
        ns = kernel.init();
    }

    @Override
    public void close() {
    }
}
