package io.conntrack4j.sim;

import io.conntrack4j.Conntrack;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.sim.internal.KernelNamespace;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A simulated Linux kernel's connection tracking: network namespaces, each with its own table, one clock, and the
 * protocol state machines, timeouts, status rules, statistics and events of the real kernel (Linux 6.18, the
 * reference in {@code kernel-semantics.md}). Tests use it to run firewall tooling without root:
 *
 * <pre>{@code
 * SimulatedKernel kernel = SimulatedKernel.create();
 * Conntrack ct = kernel.conntrack();
 * kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
 * kernel.clock().advanceSeconds(30);
 * ct.flows().proto(Protocol.TCP).dport(443).list();
 * }</pre>
 *
 * Methods without a namespace act on the initial one ({@value #INIT}). Thread-safe.
 */
public final class SimulatedKernel {
    /** The name of the initial namespace. */
    public static final String INIT = "init";

    private final VirtualClock clock;
    private final Set<String> helpers;
    private final int cpus;
    private final Duration gcInterval;
    private final Map<String, SimulatedNamespace> namespaces = new LinkedHashMap<>();
    /** The same namespaces, for lock-free iteration on hot paths (every create asks for listeners). */
    private final java.util.List<SimulatedNamespace> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int idSeed = 0x1D;

    private SimulatedKernel(final Builder b) {
        this.clock = b.clock;
        this.helpers = Set.copyOf(b.helpers);
        this.cpus = b.cpus;
        this.gcInterval = b.gcInterval;
        namespace(INIT);
        clock.onAdvance(this::tick);
    }

    /** @return a kernel with a manual clock, two CPUs, the ftp helper and a 60 s garbage collector */
    public static SimulatedKernel create() {
        return builder().build();
    }

    /** @return a builder to choose the clock, CPUs, helpers and garbage collection */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the kernel's clock */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * @param name a namespace name; created on first use with default sysctls and an empty table
     * @return the namespace
     */
    public synchronized SimulatedNamespace namespace(final String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("namespace", name, "must be a non-blank name");
        }
        return namespaces.computeIfAbsent(name, n -> {
            final SimulatedNamespace ns = new SimulatedNamespace(new KernelNamespace(n, clock, helpers, cpus,
                gcInterval.toNanos(), idSeed++ * 0x01000193, this::anyListener));
            all.add(ns);
            return ns;
        });
    }

    /** The kernel-wide "a ctnetlink listener exists" flag that nf_conntrack_events=2 consults (not per namespace). */
    private boolean anyListener() {
        for (final SimulatedNamespace n : all) {
            if (n.kernel().hasListeners()) {
                return true;
            }
        }
        return false;
    }

    /** Runs what became due when the clock moved: each namespace's garbage collector. */
    private void tick() {
        all.forEach(n -> n.kernel().tick());
    }

    /** @return the initial namespace */
    public SimulatedNamespace init() {
        return namespace(INIT);
    }

    /** @return the library on the initial namespace */
    public Conntrack conntrack() {
        return init().conntrack();
    }

    /** @return a new backend on the initial namespace */
    public SimulatedBackend backend() {
        return init().backend();
    }

    /** @return a new ctnetlink socket into the initial namespace */
    public SimulatedNetlinkSocket openSocket() {
        return init().openSocket();
    }

    /**
     * @param packet a packet arriving in the initial namespace
     * @return what conntrack did with it
     */
    public PacketVerdict inject(final Packet packet) {
        return init().inject(packet);
    }

    /** @return traffic helpers on the initial namespace */
    public Traffic traffic() {
        return init().traffic();
    }

    /** @return a recorder of the initial namespace's events from now on */
    public EventRecorder recordEvents() {
        return init().recordEvents();
    }

    /**
     * @param sysctl a sysctl of the initial namespace
     * @param value  its new value
     * @return this kernel
     */
    public SimulatedKernel sysctl(final Sysctl sysctl, final long value) {
        init().sysctl(sysctl, value);
        return this;
    }

    @Override
    public String toString() {
        return "simulated kernel, " + clock + ", namespaces " + namespaces.keySet();
    }

    /** Chooses how a {@link SimulatedKernel} is set up. */
    public static final class Builder {
        private VirtualClock clock = VirtualClock.manual();
        private Set<String> helpers = Set.of("ftp");
        private int cpus = 2;
        private Duration gcInterval = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * @param value the clock (default: a manual clock)
         * @return this builder
         */
        public Builder clock(final VirtualClock value) {
            clock = value;
            return this;
        }

        /**
         * @param names the conntrack helpers the kernel knows (default: ftp, which Debian's kernel has built in)
         * @return this builder
         */
        public Builder helpers(final String... names) {
            helpers = Set.of(names);
            return this;
        }

        /**
         * @param value CPUs the statistics report (default 2); everything is counted on CPU 0
         * @return this builder
         */
        public Builder cpus(final int value) {
            if (value < 1 || value > 4096) {
                throw new InvalidValueException("cpus", value, "must be 1..4096");
            }
            cpus = value;
            return this;
        }

        /**
         * How often the garbage collector removes expired entries nobody looked up (the kernel takes up to about
         * 60 s; tests must not rely on the moment). {@link Duration#ZERO} turns it off: expired entries then stay
         * until a lookup, a dump or {@link SimulatedNamespace#collectGarbage()} meets them.
         *
         * @param value the interval (default 60 s)
         * @return this builder
         */
        public Builder gcInterval(final Duration value) {
            if (value.isNegative()) {
                throw new InvalidValueException("gc interval", value, "must not be negative");
            }
            gcInterval = value;
            return this;
        }

        /** @return the kernel */
        public SimulatedKernel build() {
            return new SimulatedKernel(this);
        }
    }
}
