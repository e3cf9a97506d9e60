package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * The table's global statistics ({@code IPCTNL_MSG_CT_GET_STATS}): the number of entries (what {@code conntrack -C}
 * prints; it includes expired entries not yet collected) and the table's maximum.
 *
 * @param entries    entries in the table of this network namespace
 * @param maxEntries the table's capacity ({@code nf_conntrack_max})
 */
public record GlobalStats(long entries, long maxEntries) {
    /** Validates the fields. */
    public GlobalStats {
        Check.u32("entries", entries);
        Check.u32("max entries", maxEntries);
    }
}
