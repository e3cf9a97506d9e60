package io.conntrack4j.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the C {@code conntrack} binary (it inherits the JVM's network namespace) and times it from just before the
 * process is spawned to its exit: process start-up is included, stdout goes to /dev/null, stderr (the summary
 * line) is kept to check the count.
 */
final class CTool {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) flow entries have been (\\w+)");

    private final String binary;

    CTool(final String binary) {
        this.binary = binary;
    }

    String binary() {
        return binary;
    }

    /** What one run did. */
    record Run(long nanos, int exitCode, String stderr) {
        /**
         * @param verb the summary's verb ("shown", "deleted")
         * @return the count of the summary line
         */
        long count(final String verb) {
            final Matcher m = SUMMARY.matcher(stderr);
            while (m.find()) {
                if (m.group(2).equals(verb)) {
                    return Long.parseLong(m.group(1));
                }
            }
            throw new IllegalStateException("no '... flow entries have been " + verb + "' summary in: " + stderr);
        }
    }

    /**
     * @param arguments the arguments, e.g. {@code -L -s 10.0.0.3}
     * @return the run
     */
    Run run(final String... arguments) {
        return spawn(binary, arguments);
    }

    /**
     * Untimed: runs the binary and returns its standard output (for equivalence checks).
     *
     * @param arguments the arguments
     * @return stdout
     */
    String output(final String... arguments) {
        final List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(arguments));
        try {
            final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command + " failed with exit code " + p.exitValue());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /**
     * What one untimed run with its standard output read did.
     *
     * @param lines    newline characters on stdout
     * @param text     stdout, or null if it was only counted
     * @param exitCode the exit code
     * @param stderr   stderr, trimmed
     */
    record Counted(long lines, String text, int exitCode, String stderr) {
        /**
         * @param verb the summary's verb ("shown", "deleted")
         * @return the count of the summary line
         */
        long count(final String verb) {
            return new Run(0, exitCode, stderr).count(verb);
        }
    }

    /**
     * Untimed: runs a program with its standard output read through a pipe and its lines counted.
     *
     * @param program   the program
     * @param keep      whether to keep stdout's text too
     * @param arguments its arguments
     * @return the run
     */
    static Counted counted(final String program, final boolean keep, final String... arguments) {
        final List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(arguments));
        final ProcessBuilder pb = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            final Process p = pb.start();
            final java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return p.getErrorStream().readAllBytes();
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            final java.io.ByteArrayOutputStream text = keep ? new java.io.ByteArrayOutputStream() : null;
            long lines = 0;
            final byte[] buffer = new byte[1 << 16];
            try (java.io.InputStream in = p.getInputStream()) {
                for (int got = in.read(buffer); got >= 0; got = in.read(buffer)) {
                    for (int i = 0; i < got; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                    if (text != null) {
                        text.write(buffer, 0, got);
                    }
                }
            }
            final int exit = p.waitFor();
            return new Counted(lines, text == null ? null : text.toString(StandardCharsets.UTF_8), exit,
                new String(err.join(), StandardCharsets.UTF_8).trim());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    static Run spawn(final String program, final String... arguments) {
        final List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(arguments));
        final ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            final long start = System.nanoTime();
            final Process p = pb.start();
            final byte[] err = p.getErrorStream().readAllBytes();
            final int exit = p.waitFor();
            final long nanos = System.nanoTime() - start;
            return new Run(nanos, exit, new String(err, StandardCharsets.UTF_8).trim());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
