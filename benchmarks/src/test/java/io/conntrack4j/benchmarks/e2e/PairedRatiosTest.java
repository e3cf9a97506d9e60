package io.conntrack4j.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dump scenario's second statistic: the ratio within each repetition, summarised by its median and range. */
class PairedRatiosTest {
    @Test
    void theMedianIsOfTheRatiosNotARatioOfMedians() {
        // ratios 1.00, 1.50, 0.90: median 1.00; the ratio of the medians would be 110/100 = 1.10
        final long[] ours = {100, 150, 90};
        final long[] floor = {100, 100, 100};
        assertThat(E2eMain.pairedRatios("dump", ours, floor))
            .startsWith("dump: ratio within each repetition")
            .contains("median 1.00, range 0.90..1.50");
    }

    @Test
    void anEvenCountAveragesTheMiddleTwo() {
        assertThat(E2eMain.pairedRatios("dump", new long[] {100, 120, 110, 130}, new long[] {100, 100, 100, 100}))
            .contains("median 1.15, range 1.00..1.30");
    }
}
