package io.conntrack4j.cli.compare;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root: the nearest directory, from the working directory upwards, that holds bin/conntrack4j. */
final class RepoRoot {
    private RepoRoot() {
    }

    /**
     * @return the repository root
     * @throws IllegalStateException if no directory above the working directory holds bin/conntrack4j
     */
    static Path find() {
        final Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/conntrack4j"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bin/conntrack4j in " + start + " or any directory above it");
    }
}
