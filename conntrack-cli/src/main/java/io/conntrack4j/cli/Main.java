package io.conntrack4j.cli;

import io.conntrack4j.netlink.NetlinkBackend;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code conntrack4j} program: conntrack 1.4.7's command line on the kernel of the caller's namespace. */
public final class Main {
    private static final List<String> LIBRARY_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib");

    private Main() {
    }

    /**
     * JNA asks {@code /sbin/ldconfig -p} for the library directories unless they are given, which costs a process
     * start on every command; the usual directories are enough to find libc.
     */
    private static void fastNativeStartup() {
        if (System.getProperty("jna.platform.library.path") == null) {
            final StringBuilder dirs = new StringBuilder();
            for (final String dir : LIBRARY_DIRS) {
                if (Files.isDirectory(Path.of(dir))) {
                    dirs.append(dirs.length() == 0 ? "" : ":").append(dir);
                }
            }
            System.setProperty("jna.platform.library.path", dirs.toString());
        }
    }

    /**
     * @param args conntrack's arguments
     */
    public static void main(final String[] args) {
        if (CountShortcut.answer(args, System.out)) {
            return;
        }
        fastNativeStartup();
        final PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out),
            1 << 16), false, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);
        final int status = ConntrackCli.using(NetlinkBackend::open).run(List.of(args), System.in, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
