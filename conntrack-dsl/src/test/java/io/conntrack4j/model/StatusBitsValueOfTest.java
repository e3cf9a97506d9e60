package io.conntrack4j.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StatusBits#valueOf(int)} gives the value asked for, and shares it when asked again. */
class StatusBitsValueOfTest {
    @Test
    void givesTheValueAndSharesARecentOne() {
        final StatusBits first = StatusBits.valueOf(0x18e);
        assertThat(first).isEqualTo(new StatusBits(0x18e));
        assertThat(StatusBits.valueOf(0x18e)).isSameAs(first);
    }

    @Test
    void wordsSharingASlotStillGetTheirOwnValue() {
        for (int word = 0; word < 4096; word++) {
            assertThat(StatusBits.valueOf(word).value()).isEqualTo(word);
            assertThat(StatusBits.valueOf(-word).value()).isEqualTo(-word);
        }
    }
}
