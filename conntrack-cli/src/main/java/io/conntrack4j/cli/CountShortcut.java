package io.conntrack4j.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code conntrack4j -C} (or {@code --count}) alone, answered before the command line machinery loads: the entry
 * count of the caller's namespace from {@code /proc/sys/net/netfilter/nf_conntrack_count}, printed as the full
 * program prints it ({@code %d} and a newline). A short command's time is mostly JVM start-up, and the classes of the
 * option parser and the netlink binding are most of what is left. Any other command line, or a count file that
 * cannot be read, goes the full way (which asks the kernel over netlink when the file is missing).
 */
final class CountShortcut {
    private static final String COUNT_FILE = "/proc/sys/net/netfilter/nf_conntrack_count";

    private CountShortcut() {
    }

    /**
     * @param args the command line
     * @param out  where the count goes
     * @return true if the command was answered
     */
    static boolean answer(final String[] args, final PrintStream out) {
        return answer(args, out, COUNT_FILE);
    }

    /** As {@link #answer(String[], PrintStream)}, with the count read from {@code countFile}. */
    static boolean answer(final String[] args, final PrintStream out, final String countFile) {
        if (args.length != 1 || !("-C".equals(args[0]) || "--count".equals(args[0]))) {
            return false;
        }
        final byte[] buf = new byte[64];
        final int n;
        try (FileInputStream in = new FileInputStream(countFile)) {
            n = in.read(buf); // /proc/sys answers a second read at an offset with end-of-file
        } catch (final IOException unreadable) {
            return false;
        }
        if (n <= 0) {
            return false;
        }
        final long count;
        try {
            count = Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).trim());
        } catch (final NumberFormatException notANumber) {
            return false;
        }
        out.print(Integer.toString((int) count) + '\n');
        out.flush();
        return true;
    }
}
