package io.conntrack4j.sim.internal;

import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Seq;

/**
 * The per-CPU conntrack statistics of one namespace, as {@code IPCTNL_MSG_CT_GET_STATS_CPU} reports them. The
 * simulator runs everything on CPU 0; the other CPUs report zeros, so sums over CPUs match the kernel's.
 */
final class Stats {
    /** The counters the kernel (6.x) still reports, in attribute order. */
    static final CpuCounter[] REPORTED = {CpuCounter.FOUND, CpuCounter.INVALID, CpuCounter.INSERT,
        CpuCounter.INSERT_FAILED, CpuCounter.DROP, CpuCounter.EARLY_DROP, CpuCounter.ERROR,
        CpuCounter.SEARCH_RESTART, CpuCounter.CLASH_RESOLVE, CpuCounter.CHAIN_TOOLONG};

    private final int cpus;
    private final long[] values = new long[CpuCounter.values().length];

    Stats(final int cpus) {
        this.cpus = cpus;
    }

    void add(final CpuCounter counter, final long amount) {
        values[counter.ordinal()] += amount;
    }

    long get(final CpuCounter counter) {
        return values[counter.ordinal()];
    }

    Seq<CpuStats> perCpu() {
        List<CpuStats> out = List.empty();
        for (int cpu = cpus - 1; cpu >= 0; cpu--) {
            LinkedHashMap<CpuCounter, Long> m = LinkedHashMap.empty();
            for (final CpuCounter c : REPORTED) {
                m = m.put(c, cpu == 0 ? values[c.ordinal()] : 0L);
            }
            out = out.prepend(new CpuStats(cpu, m));
        }
        return out;
    }
}
