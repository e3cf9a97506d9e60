package io.conntrack4j.cli.peer;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the peer suite's data and the CLI under test are. Each is a system property (given to mvn with
 * {@code -D}; surefire and failsafe pass it to the forked JVM) or else an environment variable, or else found
 * from the repository root: the nearest directory above the working directory that holds {@code bin/conntrack4j}.
 */
public final class PeerPaths {
    /** System property: the directory holding the suite's files. */
    public static final String DATA_PROPERTY = "ct4j.peerTests";
    /** Environment variable read when {@value #DATA_PROPERTY} is not set. */
    public static final String DATA_ENV = "CT4J_PEER_TESTS";
    /** System property: the CLI to test, e.g. {@code /usr/sbin/conntrack}. */
    public static final String CLI_PROPERTY = "ct4j.cli";
    /** Environment variable read when {@value #CLI_PROPERTY} is not set. */
    public static final String CLI_ENV = "CT4J_CLI";
    /** The data's default place, relative to the repository root (the checkout's sibling {@code shared/}). */
    public static final String DEFAULT_DATA = "../shared/peer-tests/conntrack-tools-1.4.7";
    /** The CLI's default place, relative to the repository root. */
    public static final String DEFAULT_CLI = "bin/conntrack4j";

    private PeerPaths() {
    }

    /**
     * @param from a directory inside the checkout
     * @return the nearest directory at or above it that holds {@value #DEFAULT_CLI}
     */
    public static Optional<Path> repoRoot(final Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DEFAULT_CLI))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** @return the configured data directory, else the default one if the repository root is found */
    public static Optional<Path> dataDir() {
        return setting(DATA_PROPERTY, DATA_ENV).map(Path::of)
            .or(() -> repoRoot(workingDir()).map(root -> root.resolve(DEFAULT_DATA)))
            .map(p -> p.toAbsolutePath().normalize());
    }

    /**
     * The suite's data directory, for a test that needs it. Without the data the test fails under {@code CI=true}
     * (CI must run it) and is skipped otherwise.
     *
     * @return a directory holding {@code 00create}
     */
    public static Path requireDataDir() {
        final Optional<Path> dir = dataDir();
        if (dir.isPresent() && Files.isRegularFile(dir.get().resolve("00create"))) {
            return dir.get();
        }
        final String message = "the conntrack-tools 1.4.7 test data (00create ... 10add) is not at "
            + dir.map(Path::toString).orElse("<no repository root with " + DEFAULT_CLI + " above "
                + workingDir() + ">")
            + "; give its directory with -D" + DATA_PROPERTY + "=DIR or " + DATA_ENV + "=DIR";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return Assertions.fail("CI=true: " + message);
        }
        return Assumptions.abort("skipped: " + message);
    }

    /** @return the CLI to test: as configured, else the repository's {@value #DEFAULT_CLI} */
    public static String cli() {
        return setting(CLI_PROPERTY, CLI_ENV)
            .or(() -> repoRoot(workingDir()).map(root -> root.resolve(DEFAULT_CLI).toString()))
            .orElseThrow(() -> new IllegalStateException("no CLI to test: set -D" + CLI_PROPERTY + "=PATH or "
                + CLI_ENV + "=PATH (no " + DEFAULT_CLI + " above " + workingDir() + ")"));
    }

    private static Optional<String> setting(final String property, final String env) {
        return Optional.ofNullable(System.getProperty(property)).filter(v -> !v.isBlank())
            .or(() -> Optional.ofNullable(System.getenv(env)).filter(v -> !v.isBlank()));
    }

    private static Path workingDir() {
        return Path.of("").toAbsolutePath();
    }
}
