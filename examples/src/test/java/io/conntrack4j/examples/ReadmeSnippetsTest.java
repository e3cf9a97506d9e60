package io.conntrack4j.examples;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.junit.SimulatedConntrack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of README.md and examples/README.md is compiled code: it appears verbatim (whitespace
 * normalised) in this module's sources, so the READMEs cannot drift from what the build compiles and runs.
 */
@SimulatedConntrack
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyReadmeBlockIsInTheCompiledSources() throws IOException {
        final Path root = repositoryRoot();
        final String sources = normalise(sources(root.resolve("examples/src")));
        final List<String> blocks = new ArrayList<>();
        for (final String readme : List.of("README.md", "examples/README.md")) {
            final Matcher m = JAVA_BLOCK.matcher(Files.readString(root.resolve(readme)));
            while (m.find()) {
                blocks.add(readme + ":\n" + m.group(1));
                assertThat(sources.contains(normalise(m.group(1))))
                    .withFailMessage("a Java block of %s is not in examples/src:%n%s", readme, m.group(1)).isTrue();
            }
        }
        assertThat(blocks).as("Java blocks found").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void theEventsBlockRuns(final Conntrack ct) {
        ReadmeSnippets.subscription(ct, List.of(
            Flow.builder(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443)).timeout(60L).build()));
        assertThat(ct.count()).isEqualTo(1);
    }

    private static String sources(final Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normalise(final String code) {
        return code.replaceAll("\\s+", " ").trim();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
