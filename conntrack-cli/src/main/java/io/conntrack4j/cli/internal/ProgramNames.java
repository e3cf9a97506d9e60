package io.conntrack4j.cli.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the program behind a netlink port id, for the {@code progname=} of event lines: the socket's inode from
 * {@code /proc/net/netlink}, then the process holding it (first the process whose pid is the port id, as most
 * programs bind their first socket to their pid), then its name from {@code /proc/PID/stat}.
 */
final class ProgramNames {
    private static final int NETLINK_NETFILTER = 12;
    private final Map<Long, String> cache = new HashMap<>();

    /**
     * @param portId a netlink port id
     * @return the program's name, or null if it cannot be found (the socket is gone, or no permission)
     */
    String of(final long portId) {
        final long inode = inode(portId);
        if (inode < 0) {
            return null;
        }
        final Long key = inode;
        if (cache.containsKey(key)) {
            return cache.get(key);
        }
        String name = holder(Path.of("/proc", Long.toString(portId)), inode);
        if (name == null) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (final Path p : procs) {
                    name = holder(p, inode);
                    if (name != null) {
                        break;
                    }
                }
            } catch (final IOException e) {
                name = null;
            }
        }
        cache.put(key, name);
        return name;
    }

    private static long inode(final long portId) {
        try {
            final List<String> lines = Files.readAllLines(Path.of("/proc/net/netlink"));
            for (final String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                final String[] f = line.trim().split("\\s+");
                if (f.length >= 10 && Integer.parseInt(f[1]) == NETLINK_NETFILTER
                    && Long.parseLong(f[2]) == portId) {
                    return Long.parseLong(f[9]);
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String holder(final Path process, final long inode) {
        final String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (final Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(target)) {
                        return comm(process);
                    }
                } catch (final IOException e) {
                    // the descriptor was closed meanwhile
                }
            }
        } catch (final IOException e) {
            return null;
        }
        return null;
    }

    private static String comm(final Path process) throws IOException {
        final String stat = Files.readString(process.resolve("stat"));
        final int open = stat.indexOf('(');
        final int close = stat.lastIndexOf(')');
        return open >= 0 && close > open ? stat.substring(open + 1, close) : null;
    }
}
