package io.conntrack4j.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The guides cannot drift from compiled code: every {@code ```java} block of {@code docs/guide-dsl.md} and
 * {@code docs/guide-simulator.md} must appear verbatim (whitespace normalised) in the snippet tests of this package,
 * which compile it and run it on a simulated kernel.
 */
class DocSnippetsMatchTest {
    /** The guides whose Java blocks are checked, relative to the repository root. */
    static final List<String> GUIDES = List.of("docs/guide-dsl.md", "docs/guide-simulator.md");
    /** Where the snippet tests live, relative to the repository root. */
    static final String SNIPPETS = "conntrack-sim/src/test/java/io/conntrack4j/docs";
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java[ \\t]*\\R(.*?)^```[ \\t]*$");

    /** One fenced block: where it is and its code. */
    record Block(String guide, int line, String code) {
        @Override
        public String toString() {
            return guide + ":" + line;
        }
    }

    /** @return the directory holding {@code docs/}, found by walking up from the working directory */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve(SNIPPETS))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with docs/ and " + SNIPPETS + " above "
            + Path.of("").toAbsolutePath());
    }

    /** @return whitespace runs made one space, ends trimmed */
    static String normalized(final String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    static List<Block> blocks(final Path root, final String guide) {
        final String text = read(root.resolve(guide));
        final List<Block> blocks = new ArrayList<>();
        final Matcher m = JAVA_BLOCK.matcher(text);
        while (m.find()) {
            final int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            blocks.add(new Block(guide, line, m.group(1)));
        }
        return blocks;
    }

    static String snippetSources(final Path root) {
        try (Stream<Path> files = Files.list(root.resolve(SNIPPETS))) {
            return files.filter(p -> p.toString().endsWith("SnippetsTest.java")).sorted()
                .map(DocSnippetsMatchTest::read).map(DocSnippetsMatchTest::normalized)
                .collect(Collectors.joining("\n"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheGuidesIsInASnippetTest() {
        final Path root = repositoryRoot();
        final String sources = snippetSources(root);
        return GUIDES.stream().flatMap(g -> blocks(root, g).stream()).map(block -> DynamicTest.dynamicTest(
            block.toString(), () -> assertThat(sources)
                .as("the ```java block at %s must appear verbatim (whitespace aside) in %s/*SnippetsTest.java; "
                    + "the block:%n%s", block, SNIPPETS, block.code())
                .contains(normalized(block.code()))));
    }

    @Test
    void theGuidesHaveJavaBlocks() {
        final Path root = repositoryRoot();
        for (final String guide : GUIDES) {
            assertThat(blocks(root, guide)).as(guide).hasSizeGreaterThan(5);
        }
    }

    @Test
    void theExtractorSeesBlocksAsMarkdownDoes() {
        final String md = "text\n```java\nint a = 1;\n```\nmore\n```\nnot java\n```\n```java\nint b =\n    2;\n```\n";
        final Matcher m = JAVA_BLOCK.matcher(md);
        final List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(normalized(m.group(1)));
        }
        assertThat(found).containsExactly("int a = 1;", "int b = 2;");
    }
}
