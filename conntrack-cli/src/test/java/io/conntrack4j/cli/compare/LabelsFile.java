package io.conntrack4j.cli.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Gives commands a labels file without touching the host. libnetfilter_conntrack (and so {@code conntrack}) reads
 * label names only from {@code /etc/xtables/connlabel.conf}, nft only from {@code /etc/connlabel.conf}, and the CLI
 * under test from the same fixed path as conntrack; none can be pointed elsewhere. So a holder process is started in
 * a private mount namespace ({@code unshare --mount}, private propagation) where a read-only overlay puts a directory
 * holding both files on top of {@code /etc}, and a wrapped command joins that namespace ({@code nsenter --mount}).
 * The host's {@code /etc} is unchanged and every other file in it stays visible. The holder reads its standard input
 * and so ends with this JVM at the latest.
 */
final class LabelsFile implements AutoCloseable {
    /** The label names the table uses: bit 0 {@code web}, bit 1 {@code db}, bit 5 {@code trusted}. */
    static final String CONTENT = "# conntrack4j output comparison\n0 web\n1 db\n5 trusted\n";

    private static final String MOUNT_AND_HOLD =
        "mount -t overlay ct4j-etc -o \"lowerdir=$1:/etc\" /etc && echo mounted && exec cat >/dev/null";

    private final Path top;
    private final Process holder;

    private LabelsFile(final Path top, final Process holder) {
        this.top = top;
        this.holder = holder;
    }

    /**
     * @return the labels file in place in a new mount namespace, or one that is not {@link #usable()} when this
     *     machine cannot do that (then commands run without any labels file)
     */
    static LabelsFile create() {
        final Path top;
        try {
            top = Files.createTempDirectory("ct4j-etc");
            Files.createDirectories(top.resolve("xtables"));
            Files.writeString(top.resolve("xtables/connlabel.conf"), CONTENT, StandardCharsets.UTF_8);
            Files.writeString(top.resolve("connlabel.conf"), CONTENT, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LabelsFile(top, startHolder(top));
    }

    private static Process startHolder(final Path top) {
        try {
            final Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private",
                "sh", "-c", MOUNT_AND_HOLD, "sh", top.toString()).redirectErrorStream(true).start();
            final byte[] line = p.getInputStream().readNBytes("mounted\n".length());
            if (new String(line, StandardCharsets.US_ASCII).equals("mounted\n")) {
                return p;
            }
            p.destroy();
            return null;
        } catch (final IOException e) {
            return null;
        }
    }

    /** @return true if commands can be run with the labels file in place (root, unshare, nsenter, overlayfs) */
    boolean usable() {
        return holder != null && holder.isAlive();
    }

    /**
     * @param command a program and its arguments
     * @return the command that runs it with the labels file in place, or the command itself if that is impossible
     */
    List<String> wrap(final List<String> command) {
        if (!usable()) {
            return command;
        }
        final List<String> wrapped = new ArrayList<>(List.of("nsenter", "--mount=/proc/" + holder.pid() + "/ns/mnt",
            "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public void close() {
        if (holder != null) {
            holder.destroy();
            try {
                holder.waitFor(5, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(top)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
