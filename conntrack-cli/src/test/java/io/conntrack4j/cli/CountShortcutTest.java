package io.conntrack4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code -C} shortcut answers exactly the plain count command, as the full program prints it, and only that. */
class CountShortcutTest {
    @TempDir
    Path dir;

    private String countFile(final String content) throws Exception {
        final Path file = dir.resolve("nf_conntrack_count");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file.toString();
    }

    private static String run(final String file, final String... args) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean answered = CountShortcut.answer(args, new PrintStream(bytes, true, StandardCharsets.US_ASCII),
            file);
        return answered ? bytes.toString(StandardCharsets.US_ASCII) : null;
    }

    @Test
    void thePlainCountCommandPrintsTheNumberAndANewline() throws Exception {
        final String file = countFile("1234\n");
        assertThat(run(file, "-C")).isEqualTo("1234\n");
        assertThat(run(file, "--count")).isEqualTo("1234\n");
    }

    @Test
    void theCountIsPrintedAsConntrackPrintsIt_aSigned32BitValue() throws Exception {
        assertThat(run(countFile("4294967295\n"), "-C")).isEqualTo("-1\n");
    }

    @Test
    void anyOtherCommandLineGoesTheFullWay() throws Exception {
        final String file = countFile("7\n");
        assertThat(run(file, "-C", "conntrack")).isNull();
        assertThat(run(file, "-C", "expect")).isNull();
        assertThat(run(file, "--cou")).isNull();
        assertThat(run(file, "-L")).isNull();
        assertThat(run(file)).isNull();
    }

    @Test
    void aMissingOrUnreadableCountFileGoesTheFullWay() throws Exception {
        assertThat(run(dir.resolve("absent").toString(), "-C")).isNull();
        assertThat(run(countFile(""), "-C")).isNull();
        assertThat(run(countFile("many\n"), "-C")).isNull();
    }
}
