package io.conntrack4j.cli.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure-message diff: changed lines marked, whitespace visible, equal texts give nothing. */
class LineDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.diff("a\nb\n", "a\nb\n", String::equals)).isEmpty();
    }

    @Test
    void marksMissingAndExtraLinesWithContext() {
        final String diff = LineDiff.diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nX\n6\n7\n8\n", String::equals);

        assertThat(diff).isEqualTo("  3$\n  4$\n+ X$\n- 5$\n  6$\n  7$\n");
    }

    @Test
    void showsTabsAndTrailingSpaces() {
        assertThat(LineDiff.diff("a\tb \n", "a b\n", String::equals)).contains("- a\\tb $", "+ a b$");
    }

    @Test
    void usesTheGivenLineEquality() {
        assertThat(LineDiff.diff("delta-time=3\n", "delta-time=4\n", Normalizer::matches)).isEmpty();
        assertThat(LineDiff.diff("delta-time=3\n", "delta-time=5\n", Normalizer::matches)).contains("- delta-time=3$");
    }
}
