package io.conntrack4j.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The chart reads the result rows of an e2e.sh output and nothing else. */
class RatioChartTest {
    @Test
    void parsesResultRowsWithAndWithoutTargets() {
        final List<RatioChart.Bar> bars = RatioChart.parse(List.of(
            "# conntrack4j end-to-end vs conntrack 1.4.7 | 2026-11-27T02:56:52Z | 100,000 flows",
            "scenario                              ours_ms  theirs_ms   ratio  target       result ratio_range   theirs",
            "dump-100k-to-objects                    120.7       91.0    1.33  <=1.10x      MISSED 1.21..1.74    raw",
            "list-1%-of-100k-kernel-filtered          24.8      237.1    0.10  <=0.50x      MET    0.09..0.15    x",
            "cli-count                              131.0        9.0   14.56  -            MET    13..15        y",
            "# samples dump-100k-to-objects: ours_ms=[158.4 157.2]"));
        assertThat(bars).containsExactly(
            new RatioChart.Bar("dump-100k-to-objects", 1.33, 1.10, false),
            new RatioChart.Bar("list-1%-of-100k-kernel-filtered", 0.10, 0.50, true),
            new RatioChart.Bar("cli-count", 14.56, Double.NaN, true));
    }

    @Test
    void parsesFailedRowsAndAbsoluteTargets() {
        final List<RatioChart.Bar> bars = RatioChart.parse(List.of(
            "cli-list-100k                          2023.7      431.9    4.69  <=0.80x      MISSED 3.33..7.08    conntrack -L",
            "cli-count-100k                          313.2       11.5   27.30  <=150ms      FAILED 14.28..41.03  conntrack -C"));
        assertThat(bars).containsExactly(
            new RatioChart.Bar("cli-list-100k", 4.69, 0.80, false, false),
            new RatioChart.Bar("cli-count-100k", 27.30, Double.NaN, false, true));
    }

    @Test
    void axisIsLinearUpToFourAndLogarithmicBeyond() {
        final RatioChart.Axis linear = RatioChart.Axis.of(List.of(new RatioChart.Bar("a", 1.33, 1.10, false),
            new RatioChart.Bar("b", 0.10, 0.50, true)), 500);
        assertThat(linear.log()).isFalse();
        assertThat(linear.x(0)).isZero();
        assertThat(linear.x(linear.max())).isEqualTo(500);
        assertThat(linear.ticks()).isEmpty();

        final RatioChart.Axis log = RatioChart.Axis.of(List.of(new RatioChart.Bar("a", 0.10, 0.50, true),
            new RatioChart.Bar("b", 27.30, Double.NaN, false, true)), 500);
        assertThat(log.log()).isTrue();
        assertThat(log.x(log.min())).isZero();
        assertThat(log.x(log.max())).isEqualTo(500);
        assertThat(log.x(1) - log.x(0.1)).isCloseTo(log.x(10) - log.x(1), within(1));
        assertThat(log.ticks()).contains(0.1, 1.0, 10.0).doesNotContain(100.0);
    }
}
