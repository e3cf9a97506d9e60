package io.conntrack4j.model;

import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * The expectation statistics of one CPU ({@code conntrack -S expect}), as reported by the kernel.
 *
 * @param cpu          the CPU number
 * @param expectNew    {@code CTA_STATS_EXP_NEW}
 * @param expectCreate {@code CTA_STATS_EXP_CREATE}
 * @param expectDelete {@code CTA_STATS_EXP_DELETE}
 */
public record ExpectationStats(int cpu, Option<Long> expectNew, Option<Long> expectCreate, Option<Long> expectDelete) {
    /** Validates the fields. */
    public ExpectationStats {
        Check.u16("cpu", cpu);
        Check.notNull("expect_new", expectNew);
        Check.notNull("expect_create", expectCreate);
        Check.notNull("expect_delete", expectDelete);
    }
}
