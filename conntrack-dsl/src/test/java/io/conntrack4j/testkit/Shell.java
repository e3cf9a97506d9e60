package io.conntrack4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (e.g. the real {@code conntrack}) with a time limit and captures its result. */
public final class Shell {
    private Shell() {
    }

    /**
     * What a command did.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * @param command the program and its arguments
     * @return the result; fails if the command runs longer than 60 s
     */
    public static Result run(final String... command) {
        return run(Arrays.asList(command));
    }

    /**
     * @param command the program and its arguments
     * @return the result; fails if the command runs longer than 60 s
     */
    public static Result run(final List<String> command) {
        try {
            final Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
            final var out = p.getInputStream().readAllBytes();
            final var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
