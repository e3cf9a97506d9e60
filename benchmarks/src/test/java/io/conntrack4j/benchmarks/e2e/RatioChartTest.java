package io.conntrack4j.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
