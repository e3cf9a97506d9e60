package io.conntrack4j.sim;

import io.conntrack4j.Conntrack;
import io.conntrack4j.error.Errno;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.sim.internal.EventListener;
import io.conntrack4j.sim.internal.KernelNamespace;
import io.conntrack4j.sim.internal.PacketPath;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One network namespace of a {@link SimulatedKernel}: its own conntrack table, sysctls, statistics and event groups.
 * Reach it through the library ({@link #conntrack()}), as a ctnetlink socket ({@link #openSocket()}), or with
 * packets ({@link #inject(Packet)}, {@link #traffic()}).
 */
public final class SimulatedNamespace {
    private static final AtomicInteger PORT_IDS = new AtomicInteger(0x3000);

    private final KernelNamespace kernel;
    private final PacketPath packets;
    private final Traffic traffic;

    SimulatedNamespace(final KernelNamespace kernel) {
        this.kernel = kernel;
        this.packets = new PacketPath(kernel);
        this.traffic = new Traffic(this);
    }

    /** @return the namespace's name */
    public String name() {
        return kernel.name();
    }

    /** @return the current sysctl values */
    public Sysctls sysctls() {
        return kernel.sysctls();
    }

    /**
     * Writes a sysctl, as {@code sysctl -w net.netfilter.NAME=VALUE} inside the namespace.
     *
     * @param sysctl the sysctl
     * @param value  its new value
     * @return this namespace
     */
    public SimulatedNamespace sysctl(final Sysctl sysctl, final long value) {
        synchronized (kernel) {
            kernel.sysctls(kernel.sysctls().with(sysctl, value));
        }
        return this;
    }

    /** @return this namespace, after loading a rule that uses connlabels: new entries get the labels extension */
    public SimulatedNamespace enableLabels() {
        kernel.labelsInUse(true);
        return this;
    }

    /** @return a new backend on this namespace, with its own netlink port id */
    public SimulatedBackend backend() {
        return new SimulatedBackend(kernel, PORT_IDS.incrementAndGet());
    }

    /** @return the library on this namespace */
    public Conntrack conntrack() {
        return Conntrack.using(backend());
    }

    /** @return a new ctnetlink socket into this namespace */
    public SimulatedNetlinkSocket openSocket() {
        return new SimulatedNetlinkSocket(kernel, PORT_IDS.incrementAndGet());
    }

    /**
     * @param packet a packet arriving in this namespace
     * @return what conntrack did with it
     */
    public PacketVerdict inject(final Packet packet) {
        return packets.inject(packet);
    }

    /** @return helpers that send whole exchanges: handshakes, pings, UDP request and response */
    public Traffic traffic() {
        return traffic;
    }

    /** @return a recorder of this namespace's events from now on (a listener of all three groups) */
    public EventRecorder recordEvents() {
        return new EventRecorder(kernel.openListener(EventRecorder.capacity()));
    }

    /** @return the number of entries, expired but uncollected ones included ({@code nf_conntrack_count}) */
    public int count() {
        return kernel.count();
    }

    /**
     * @param counter a statistics counter
     * @return its sum over CPUs
     */
    public long counter(final CpuCounter counter) {
        return kernel.counter(counter);
    }

    /** Runs the garbage collector now: expired entries are removed with their DESTROY events. */
    public void collectGarbage() {
        kernel.collectGarbage();
    }

    /** @return fault injection for this namespace */
    public Faults faults() {
        return new Faults();
    }

    /** Faults the real kernel produces under stress, injected on demand. */
    public final class Faults {
        private Faults() {
        }

        /**
         * @param count how many of the next dumps are interrupted (NLM_F_DUMP_INTR: the table changed meanwhile)
         * @return these faults
         */
        public Faults interruptDumps(final int count) {
            kernel.interruptNextDumps(count);
            return this;
        }

        /** @return these faults, after making every request fail with EPERM (no CAP_NET_ADMIN) */
        public Faults denyPermission() {
            kernel.failRequestsWith(Errno.EPERM);
            return this;
        }

        /** @return these faults, after lifting an injected request failure */
        public Faults allowRequests() {
            kernel.failRequestsWith(null);
            return this;
        }

        /**
         * Shrinks the table's capacity, as {@code nf_conntrack_max} in the init namespace does.
         *
         * @param capacity the new maximum
         * @return these faults
         */
        public Faults capacity(final long capacity) {
            sysctl(Sysctl.MAX, capacity);
            return this;
        }
    }

    KernelNamespace kernel() {
        return kernel;
    }

    EventListener openListener(final int capacity) {
        return kernel.openListener(capacity);
    }

    @Override
    public String toString() {
        return kernel.toString();
    }
}
