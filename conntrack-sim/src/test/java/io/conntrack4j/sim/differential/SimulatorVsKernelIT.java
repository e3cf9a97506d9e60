package io.conntrack4j.sim.differential;

import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.testkit.RealKernel;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel is the specification: random operation sequences ({@link OpGen}, {@link OpGen.Mode#REAL_KERNEL}) run
 * on the real kernel ({@link NetlinkBackend#open()}, in this IT JVM's private network namespace) and on a fresh
 * simulator each, and every step must have the same outcome. The simulator is reached both ways a user can reach
 * it — {@link SimulatedKernel#backend()} and {@link NetlinkBackend} over its ctnetlink socket — so a report tells
 * whether the simulated kernel or its backend face departs from the kernel.
 *
 * <p>The real table is flushed before every sequence and left empty at the end. "Time passes" is a real sleep of 2 s
 * on the kernel and a 2 s advance of the simulator's virtual clock; the generator keeps every entry clearly alive or
 * clearly expired across it, and timeouts are compared within 1 s.
 *
 * <p>Two kernel behaviours the generated operations exercise on purpose, both modelled by the simulator (each can be
 * left out to narrow down a failure):
 * <ul>
 *   <li><b>Directional zones</b> ({@code CTA_TUPLE_ZONE}): the kernel's zone of a request is an id and the
 *       direction(s) it applies to ({@code CTA_ZONE}: both; a zone inside {@code CTA_TUPLE_ORIG}: original only;
 *       inside {@code CTA_TUPLE_REPLY}: reply only), and a lookup or an insertion clash check matches an entry's
 *       tuple of direction d only if the entry's zone id for d equals the request's zone id for d; a lookup searches
 *       the original-zone bucket, then the reply-zone one, walking past expired entries. System property
 *       {@code ct4j.differential.directionalZones=false} leaves these out.</li>
 *   <li><b>Ids of re-created entries</b>: the kernel's id is a hash of the entry's memory address and original tuple,
 *       so an entry deleted and created again with the same original tuple (nothing allocated in between) gets the
 *       same id, and a delete with the old id deletes the new entry. System property
 *       {@code ct4j.differential.staleIds=false} makes every delete by id use a current id.</li>
 * </ul>
 * Divergences found here and fixed are pinned by contract tests that run on both (e.g. {@code ZoneLookupContract}).
 */
@RealKernel
class SimulatorVsKernelIT {
    /** Sequences per run (system property {@code ct4j.differential.sequences}). */
    static final int SEQUENCES = Integer.getInteger("ct4j.differential.sequences", 220);
    private static final Path SYSCTLS = Path.of("/proc/sys/net/netfilter");
    /** Sysctls that change what a dump shows; the simulator starts with them off. */
    private static final List<String> MUST_BE_OFF = List.of("nf_conntrack_acct", "nf_conntrack_timestamp");
    private static final Map<String, String> RESTORE = new LinkedHashMap<>();

    private static NetlinkBackend kernel;

    @BeforeAll
    static void openKernel() {
        for (final String name : MUST_BE_OFF) {
            final String value = readSysctl(name);
            if (!"0".equals(value)) {
                RESTORE.put(name, value);
                writeSysctl(name, "0");
            }
        }
        kernel = NetlinkBackend.open();
        kernel.flushAll(new FlushAll(Option.none()));
    }

    @AfterAll
    static void closeKernel() {
        try {
            if (kernel != null) {
                kernel.flushAll(new FlushAll(Option.none()));
                kernel.close();
            }
        } finally {
            RESTORE.forEach(SimulatorVsKernelIT::writeSysctl);
        }
    }

    @Test
    void theSimulatorDoesWhatTheKernelDoes() {
        // a first sequence warms up the JIT, so that no step of a measured sequence takes long enough to matter
        // to an entry with a 1 s timeout
        compare(List.of(new Op.Dump(io.conntrack4j.spi.KernelFilter.NONE, false),
            new Op.Get(OpGen.POOL.get(0), io.conntrack4j.spi.TupleDirection.ORIGINAL, 0)));
        final long start = System.nanoTime();
        Differential.resetTally();
        final AtomicInteger runs = new AtomicInteger();
        try {
            Differential.check(OpGen.sequences(OpGen.Mode.REAL_KERNEL), SEQUENCES, 100, 120_000,
                SimulatorVsKernelIT::compare, runs);
        } finally {
            System.out.printf("SimulatorVsKernelIT: %d sequences in %d ms%n", runs.get(),
                (System.nanoTime() - start) / 1_000_000);
            System.out.print("outcomes on the kernel, by step:\n" + Differential.tally());
        }
        assertThat(runs.get()).as("sequences run").isGreaterThanOrEqualTo(200);
    }

    private static void compare(final List<Op> ops) {
        kernel.flushAll(new FlushAll(Option.none()));
        final SimulatedKernel direct = SimulatedKernel.create();
        final SimulatedKernel overNetlink = SimulatedKernel.create();
        final NetlinkBackend simNetlink = NetlinkBackend.over(overNetlink.init()::openSocket,
            direct.backend().capabilities());
        try (Face real = new Face("kernel", kernel, SimulatorVsKernelIT::sleep, false);
             Face sim = new Face("simulator (SimulatedBackend)", direct.backend(), direct.clock()::advance, true);
             Face viaNetlink = new Face("simulator (NetlinkBackend)", simNetlink, overNetlink.clock()::advance,
                 true)) {
            Differential.run(ops, real, List.of(sim, viaNetlink));
        } finally {
            kernel.flushAll(new FlushAll(Option.none()));
        }
    }

    private static void sleep(final Duration amount) {
        try {
            Thread.sleep(amount.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while time passes", e);
        }
    }

    private static String readSysctl(final String name) {
        try {
            return Files.readString(SYSCTLS.resolve(name)).trim();
        } catch (final IOException e) {
            throw new UncheckedIOException("read " + name, e);
        }
    }

    private static void writeSysctl(final String name, final String value) {
        try {
            Files.writeString(SYSCTLS.resolve(name), value + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException("write " + name + "=" + value, e);
        }
    }
}
