package io.conntrack4j.cli.compare;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every deviation a comparison form claims names a row of docs/cli.md's table of deliberate differences. */
class DeviationsDocumentedTest {
    private static final Pattern TAG = Pattern.compile("\\((Q\\d+|[A-Z][A-Z-]*[A-Z])[:)]");

    @Test
    void everyDeviationOfAFormIsARowOfTheTable() throws IOException {
        final Set<String> rows = documentedTags();
        final List<String> used = Stream.concat(ReadForms.all().stream(), WriteForms.all().stream())
            .filter(f -> f.deviation() != null).map(f -> f.deviation().row()).distinct().toList();

        assertThat(rows).contains("Q1", "Q2", "Q13", "ZONES", "NAT-ICMP").doesNotContain("SIGSEGV", "TCP");
        assertThat(used).containsExactlyInAnyOrder("GRE-KEYS", "Q5", "NAT-ICMP", "GET-REPLY", "Q1", "Q2", "Q4", "Q6",
            "Q7", "Q8", "Q13", "ZONES", "ZERO-BATCH", "FAMILY-ORDER");
        assertThat(rows).containsAll(used);
    }

    @Test
    void eachTagNamesOneRow() throws IOException {
        final List<String> tags = tagsOfRows();
        assertThat(new HashSet<>(tags)).hasSameSizeAs(tags);
    }

    private static Set<String> documentedTags() throws IOException {
        return new HashSet<>(tagsOfRows());
    }

    private static List<String> tagsOfRows() throws IOException {
        final String doc = Files.readString(RepoRoot.find().resolve("docs/cli.md"));
        final int start = doc.indexOf("## Where it deliberately differs from 1.4.7");
        assertThat(start).as("the section in docs/cli.md").isNotNegative();
        final int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end).lines().filter(l -> l.startsWith("| ")).flatMap(l -> {
            final Matcher m = TAG.matcher(l.substring(0, l.indexOf(" | ")));
            return m.results().map(r -> r.group(1));
        }).toList();
    }
}
