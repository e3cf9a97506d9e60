package io.conntrack4j.cli.peer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command line with {@code /bin/sh -c}, standard input from {@code /dev/null}, with a time limit. Output
 * goes to temporary files, so a chatty command can never block on a full pipe and the limit always holds; on
 * timeout the shell and everything it started (a pipeline's {@code conntrack} and {@code sed}) are killed.
 */
public final class ShellRunner {
    private ShellRunner() {
    }

    /**
     * What a command did.
     *
     * @param exitCode the shell's exit status ({@code -1} if it timed out)
     * @param timedOut whether it ran past the limit and was killed
     * @param stdout   its standard output
     * @param stderr   its standard error
     * @param took     how long it ran
     */
    public record Outcome(int exitCode, boolean timedOut, String stdout, String stderr, Duration took) {
    }

    /**
     * @param command a {@code /bin/sh} command line
     * @param timeout how long it may run
     * @return what it did
     */
    public static Outcome run(final String command, final Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("peer-case", ".out");
            err = Files.createTempFile("peer-case", ".err");
            final long start = System.nanoTime();
            final Process shell = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
            final boolean finished = shell.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(shell);
            }
            final Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Outcome(finished ? shell.exitValue() : -1, !finished, read(out), read(err), took);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run /bin/sh -c " + command, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running: " + command, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void kill(final Process shell) throws InterruptedException {
        shell.descendants().forEach(ProcessHandle::destroyForcibly);
        shell.destroyForcibly();
        shell.waitFor(10, TimeUnit.SECONDS);
    }

    private static String read(final Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void delete(final Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (final IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }
}
