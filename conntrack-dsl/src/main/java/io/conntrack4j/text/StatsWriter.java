package io.conntrack4j.text;

import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.ExpectationStats;
import io.vavr.Tuple2;
import io.vavr.control.Option;

/** The {@code -S}, {@code -S expect} and {@code -C} lines of conntrack 1.4.7. */
final class StatsWriter {
    private StatsWriter() {
    }

    /** {@code cpu=%-4u\t} then {@code name=%u } per reported counter, in attribute order (trailing blank kept). */
    static void cpu(final StringBuilder sb, final CpuStats stats) {
        Fmt.padRight(sb.append("cpu="), Integer.toString(stats.cpu()), 4).append('\t');
        for (final Tuple2<CpuCounter, Long> e : stats.counters()) {
            sb.append(e._1.label()).append('=').append(e._2.longValue() & 0xFFFF_FFFFL).append(' ');
        }
    }

    /** {@code cpu=%-4u\t} then {@code expect_new=%u expect_create=%u expect_delete=%u } for the reported ones. */
    static void expectation(final StringBuilder sb, final ExpectationStats stats) {
        Fmt.padRight(sb.append("cpu="), Integer.toString(stats.cpu()), 4).append('\t');
        counter(sb, "expect_new=", stats.expectNew());
        counter(sb, "expect_create=", stats.expectCreate());
        counter(sb, "expect_delete=", stats.expectDelete());
    }

    private static void counter(final StringBuilder sb, final String name, final Option<Long> value) {
        if (value.isDefined()) {
            sb.append(name).append(value.get().longValue() & 0xFFFF_FFFFL).append(' ');
        }
    }
}
