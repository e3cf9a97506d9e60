package io.conntrack4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parsing of {@code /etc/xtables/connlabel.conf} as libnetfilter_conntrack 1.0.9 does it. */
class LabelMapTest {
    @Test
    void numbersAndNamesWithComments() {
        final LabelMap map = LabelMap.parse("# bit name\n0\teth0-in\n1 eth0-out  \r\n 2 priority\n\n# 3 commented\n");
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.name(0)).isEqualTo(Option.some("eth0-in"));
        assertThat(map.name(1)).isEqualTo(Option.some("eth0-out"));
        assertThat(map.name(2)).isEqualTo(Option.some("priority"));
        assertThat(map.name(3)).isEmpty();
        assertThat(map.bit("priority")).isEqualTo(Option.some(2));
        assertThat(map.bit("PRIORITY")).isEmpty();
    }

    @Test
    void numbersAreReadLikeStrtoulWithBaseZero() {
        final LabelMap map = LabelMap.parse("0x10 hex\n010 octal\n+5 plus\n1023 last\n1024 toobig\n-1 negative\n");
        assertThat(map.bit("hex")).isEqualTo(Option.some(16));
        assertThat(map.bit("octal")).isEqualTo(Option.some(8));
        assertThat(map.bit("plus")).isEqualTo(Option.some(5));
        assertThat(map.bit("last")).isEqualTo(Option.some(1023));
        assertThat(map.bit("toobig")).isEmpty();
        assertThat(map.bit("negative")).isEmpty();
    }

    @Test
    void malformedAndDuplicateLinesAreSkipped() {
        final LabelMap map = LabelMap.parse("web\n1\n2 bad;name\n3 first\n3 second\n4 first\n5 two words\n 6 x");
        assertThat(map.name(1)).isEmpty();
        assertThat(map.name(2)).isEmpty();
        assertThat(map.name(3)).isEqualTo(Option.some("first"));
        assertThat(map.bit("second")).isEmpty();
        assertThat(map.name(4)).isEmpty();
        assertThat(map.name(5)).isEqualTo(Option.some("two words"));
        assertThat(map.name(6)).isEqualTo(Option.some("x"));
        assertThat(map.size()).isEqualTo(3);
    }

    @Test
    void aFileWithoutLabelsIsEmpty() {
        assertThat(LabelMap.parse("# nothing\n\n").isEmpty()).isTrue();
        assertThat(LabelMap.parse("")).isEqualTo(LabelMap.EMPTY);
    }

    @Test
    void readsAFile(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("connlabel.conf");
        Files.write(file, "7 blue\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(LabelMap.read(file)).isEqualTo(LabelMap.parse("7 blue"));
        assertThat(LabelMap.read(file).toString()).isEqualTo("LabelMap{7=blue}");
    }
}
