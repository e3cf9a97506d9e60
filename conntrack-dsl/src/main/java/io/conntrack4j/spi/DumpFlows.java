package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;

/**
 * Dump a flow list with a kernel filter ({@code IPCTNL_MSG_CT_GET} with {@code NLM_F_DUMP}; with
 * {@code zeroCounters}, {@code IPCTNL_MSG_CT_GET_CTRZERO}, which reads and zeroes the counters atomically).
 *
 * @param table        the list to dump
 * @param filter       what the kernel filters
 * @param zeroCounters zero the counters while reading them (table only)
 */
public record DumpFlows(FlowTable table, KernelFilter filter, boolean zeroCounters) implements Request {
    /** Validates the fields. */
    public DumpFlows {
        Check.notNull("table", table);
        Check.notNull("filter", filter);
        if (zeroCounters && table != FlowTable.CONNTRACK) {
            throw new io.conntrack4j.error.InvalidValueException("zero counters", table,
                "counters can only be zeroed while dumping the conntrack table");
        }
    }

    /**
     * @param filter a kernel filter
     * @return a dump of the table with that filter
     */
    public static DumpFlows of(final KernelFilter filter) {
        return new DumpFlows(FlowTable.CONNTRACK, filter, false);
    }
}
