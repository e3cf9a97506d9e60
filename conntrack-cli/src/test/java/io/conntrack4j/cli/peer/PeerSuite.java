package io.conntrack4j.cli.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conntrack-tools 1.4.7 test suite as a list of executable cases, parsed exactly as its runner
 * ({@code tests/conntrack/test-conntrack.c}) reads {@code testsuite/}: files in alphabetical order, state carried
 * over between lines and files. See the data directory's README.md and reference §3.2.
 */
public final class PeerSuite {
    private final List<String> files;
    private final List<PeerCase> cases;

    private PeerSuite(final List<String> files, final List<PeerCase> cases) {
        this.files = List.copyOf(files);
        this.cases = cases;
    }

    /**
     * Reads the suite's files from a directory. Upstream reads every name not starting with {@code .}; the shared
     * copy also holds its README.md, so the suite's files are those named like upstream's: starting with a digit.
     *
     * @param dir the directory holding {@code 00create} … {@code 10add}
     * @return the parsed suite
     * @throws IOException              if a file cannot be read
     * @throws MalformedSuiteException if a line is malformed
     */
    public static PeerSuite load(final Path dir) throws IOException {
        final List<SuiteFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (final Path path : entries.filter(Files::isRegularFile).toList()) {
                final String name = path.getFileName().toString();
                if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
                    files.add(new SuiteFile(name, Files.readString(path, StandardCharsets.UTF_8)));
                }
            }
        }
        return of(files);
    }

    /**
     * @param files the suite's files, in any order: they run sorted by name (upstream's {@code alphasort})
     * @return the parsed suite
     * @throws MalformedSuiteException if a line is malformed
     */
    public static PeerSuite of(final List<SuiteFile> files) {
        final List<SuiteFile> sorted = files.stream().sorted(Comparator.comparing(SuiteFile::name)).toList();
        final SuiteParser parser = new SuiteParser();
        sorted.forEach(parser::parse);
        return new PeerSuite(sorted.stream().map(SuiteFile::name).toList(), parser.finish());
    }

    /** @return the files' names, in run order */
    public List<String> files() {
        return files;
    }

    /** @return every command to run, in order */
    public List<PeerCase> cases() {
        return cases;
    }

    /**
     * @param expectation OK or BAD
     * @return how many cases expect it
     */
    public long count(final Expectation expectation) {
        return cases.stream().filter(c -> c.expectation() == expectation).count();
    }

    /**
     * @param file        a file's name
     * @param expectation OK or BAD
     * @return how many of that file's cases expect it
     */
    public long count(final String file, final Expectation expectation) {
        return cases.stream().filter(c -> c.file().equals(file) && c.expectation() == expectation).count();
    }
}
