package io.conntrack4j.cli.compare;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link CommandForm} through a {@link Tool} (or any other program, e.g. nft) and captures exit code, standard
 * output and standard error. Output goes to temporary files, so neither stream can block the other.
 */
final class ToolRunner {
    private static final long TIME_LIMIT_SECONDS = 30;

    private final LabelsFile labels;

    /** @param labels the labels file put in place for forms that want it */
    ToolRunner(final LabelsFile labels) {
        this.labels = labels;
    }

    /**
     * @param tool the conntrack command line
     * @param form the arguments and environment
     * @return what it did
     */
    Outcome run(final Tool tool, final CommandForm form) {
        final List<String> command = new ArrayList<>();
        command.add(tool.program().toString());
        command.addAll(form.args());
        return exec(form.labelFile() ? labels.wrap(command) : command, form.stdin());
    }

    /**
     * @param command a program and its arguments, run with the labels file in place
     * @param stdin   its standard input, or {@code null}
     * @return what it did
     */
    Outcome runWithLabels(final List<String> command, final String stdin) {
        return exec(labels.wrap(command), stdin);
    }

    /**
     * Starts a long-running command (e.g. {@code -E}) with the labels file in place if the form wants it, standard
     * input from /dev/null.
     *
     * @param tool the conntrack command line
     * @param form the arguments
     * @param out  where standard output goes
     * @param err  where standard error goes
     * @return the running process (the launchers exec, so its pid is the program's)
     * @throws IOException if it cannot start
     */
    Process start(final Tool tool, final CommandForm form, final Path out, final Path err) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(tool.program().toString());
        command.addAll(form.args());
        return new ProcessBuilder(form.labelFile() ? labels.wrap(command) : command)
            .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static Outcome exec(final List<String> command, final String stdin) {
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ct4j-out", ".txt");
            err = Files.createTempFile("ct4j-err", ".txt");
            final ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(new File("/dev/null"));
            } else {
                in = Files.createTempFile("ct4j-in", ".txt");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                pb.redirectInput(in.toFile());
            }
            final Process p = pb.start();
            if (!p.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("ran longer than " + TIME_LIMIT_SECONDS + " s: " + command);
            }
            // ISO-8859-1 maps every byte to one char: the comparison stays byte for byte
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        } finally {
            delete(in);
            delete(out);
            delete(err);
        }
    }

    private static void delete(final Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}
