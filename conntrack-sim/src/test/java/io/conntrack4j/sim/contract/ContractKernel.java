package io.conntrack4j.sim.contract;

import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.Sysctl;

import java.time.Duration;

/**
 * A kernel the simulator contract (reference kernel-semantics §10) runs against: the simulator, or the real kernel
 * in this JVM's private network namespace. Contract tests use only this interface, so the same test code checks
 * both.
 */
public interface ContractKernel extends AutoCloseable {

    /** @return "simulator" or "kernel" */
    String name();

    /** @return true for the real kernel */
    boolean isReal();

    /** @return a new ctnetlink socket into the kernel's namespace */
    NetlinkSocket openSocket();

    /**
     * @param sysctl a conntrack sysctl
     * @param value  its new value (restored to the default by {@link #reset()})
     */
    void sysctl(Sysctl sysctl, long value);

    /**
     * Lets time pass: the simulator's clock jumps, the real kernel is waited for.
     *
     * @param amount how long
     */
    void advance(Duration amount);

    /**
     * Sends a packet through conntrack (real: a raw packet on {@code lo} that conntrack sees at OUTPUT and
     * PRE_ROUTING; the local stack never answers it).
     *
     * @param packet the packet
     */
    void inject(Packet packet);

    /** Loads a ruleset that uses connlabels, so that entries created from now on can carry labels. */
    void enableLabels();

    /** @return the kernel's wall clock (CLOCK_REALTIME, as its timestamps use it) in nanoseconds since the epoch */
    long wallClockNanos();

    /** @return how many times the {@code invalid} counter grows for one invalid injected packet */
    int invalidPerPacket();

    /** Empties the table and restores the default sysctls and ruleset (called after every test). */
    void reset();

    @Override
    void close();
}
