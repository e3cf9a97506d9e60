package io.conntrack4j.cli;

import io.conntrack4j.netlink.NetlinkBackend;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code conntrack4j} program: conntrack 1.4.7's command line on the kernel of the caller's namespace. */
public final class Main {
    private Main() {
    }

    /**
     * @param args conntrack's arguments
     */
    public static void main(final String[] args) {
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
