package io.conntrack4j.model;

import io.conntrack4j.internal.Check;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;

/**
 * The conntrack statistics of one CPU ({@code conntrack -S}): the counters the kernel reported, in attribute order.
 *
 * @param cpu      the CPU number (the reply's {@code res_id})
 * @param counters the reported counters, in attribute order
 */
public record CpuStats(int cpu, Map<CpuCounter, Long> counters) {
    /** Validates the fields. */
    public CpuStats {
        Check.u16("cpu", cpu);
        Check.notNull("counters", counters);
        counters = LinkedHashMap.ofEntries(counters.toList().sortBy(e -> e._1.ordinal()));
    }

    /**
     * @param counter a counter
     * @return its value, if the kernel reported it
     */
    public Option<Long> get(final CpuCounter counter) {
        return counters.get(counter);
    }
}
