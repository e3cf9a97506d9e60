package io.conntrack4j.model;

/** A per-CPU conntrack statistic ({@code CTA_STATS_*}), in attribute-number order, with conntrack's names. */
public enum CpuCounter {
    /** 1, unused by modern kernels. */
    SEARCHED("searched"),
    /** 2. */
    FOUND("found"),
    /** 3, unused. */
    NEW("new"),
    /** 4. */
    INVALID("invalid"),
    /** 5, unused. */
    IGNORE("ignore"),
    /** 6, unused. */
    DELETE("delete"),
    /** 7, unused. */
    DELETE_LIST("delete_list"),
    /** 8. */
    INSERT("insert"),
    /** 9. */
    INSERT_FAILED("insert_failed"),
    /** 10. */
    DROP("drop"),
    /** 11. */
    EARLY_DROP("early_drop"),
    /** 12. */
    ERROR("error"),
    /** 13. */
    SEARCH_RESTART("search_restart"),
    /** 14. */
    CLASH_RESOLVE("clash_resolve"),
    /** 15. */
    CHAIN_TOOLONG("chaintoolong");

    private static final CpuCounter[] VALUES = values();

    private final String label;

    CpuCounter(final String label) {
        this.label = label;
    }

    /** @return the netlink attribute number */
    public int attribute() {
        return ordinal() + 1;
    }

    /** @return the name conntrack -S prints */
    public String label() {
        return label;
    }

    /**
     * @param attribute an attribute number 1..15
     * @return the counter
     */
    public static CpuCounter ofAttribute(final int attribute) {
        return VALUES[attribute - 1];
    }
}
