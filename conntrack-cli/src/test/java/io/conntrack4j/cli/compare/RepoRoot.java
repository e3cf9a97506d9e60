package io.conntrack4j.cli.compare;

import io.conntrack4j.cli.peer.PeerPaths;

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
        return PeerPaths.repoRoot(start).orElseThrow(
            () -> new IllegalStateException("no bin/conntrack4j in " + start + " or any directory above it"));
    }
}
