package io.conntrack4j.cli.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A conntrack command line: the installed reference {@code conntrack} 1.4.7, or the program under test.
 *
 * @param name    a short name for reports
 * @param program the executable's path
 */
record Tool(String name, Path program) {
    /** The system property that names the program under test. */
    static final String CLI_PROPERTY = "ct4j.cli";
    /** The environment variable read when the system property is not set. */
    static final String CLI_ENV = "CT4J_CLI";

    /** @return the installed conntrack, looked up on the PATH and then in /usr/sbin and /sbin */
    static Tool reference() {
        final String path = System.getenv().getOrDefault("PATH", "");
        final List<String> dirs = new java.util.ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (final String dir : dirs) {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, "conntrack");
            if (Files.isExecutable(candidate)) {
                return new Tool("conntrack", candidate);
            }
        }
        throw new IllegalStateException("the reference conntrack is not installed (package conntrack)");
    }

    /**
     * @return the program under test: system property {@value #CLI_PROPERTY}, else environment variable
     *     {@value #CLI_ENV}, else {@code <repository root>/bin/conntrack4j}
     */
    static Tool underTest() {
        String configured = System.getProperty(CLI_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(CLI_ENV);
        }
        final Path program = configured == null || configured.isBlank()
            ? RepoRoot.find().resolve("bin/conntrack4j") : Path.of(configured);
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException("the CLI under test " + program + " is not an executable file");
        }
        return new Tool("under test", program.toAbsolutePath());
    }
}
