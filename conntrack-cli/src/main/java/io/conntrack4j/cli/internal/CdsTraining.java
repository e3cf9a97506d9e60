package io.conntrack4j.cli.internal;

import io.conntrack4j.netlink.NetlinkBackend;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * A build step, not a command: runs a representative set of command lines in one JVM so that the JVM can write the
 * class-data archive {@code bin/conntrack4j} starts with ({@code -XX:ArchiveClassesAtExit}). The build runs it only
 * inside a private network namespace of its own (it creates and deletes entries there).
 */
public final class CdsTraining {
    private static final List<List<String>> COMMANDS = List.of(
        List.of("-I", "-s", "10.9.0.1", "-d", "10.9.0.2", "-p", "tcp", "--sport", "1", "--dport", "80", "--state",
            "ESTABLISHED", "-u", "SEEN_REPLY,ASSURED", "-t", "60", "-m", "1"),
        List.of("-A", "-s", "10.9.0.1", "-d", "10.9.0.3", "-p", "udp", "--sport", "1", "--dport", "53", "-t", "60"),
        List.of("-I", "-s", "2001:db8::1", "-d", "2001:db8::2", "-p", "icmpv6", "--icmpv6-type", "128",
            "--icmpv6-code", "0", "--icmpv6-id", "7", "-t", "30", "--dst-nat", "[2001:db8::3]:80"),
        List.of("-L"), List.of("-L", "-o", "extended,id,ktimestamp"), List.of("-L", "-o", "xml"),
        List.of("-L", "-o", "save"), List.of("-L", "-p", "tcp", "--dport", "80", "-s", "10.9.0.0/24"),
        List.of("-L", "-m", "1/0xff", "-u", "ASSURED", "-f", "ipv4"), List.of("-L", "--any-nat"),
        List.of("-G", "-s", "10.9.0.1", "-d", "10.9.0.2", "-p", "tcp", "--sport", "1", "--dport", "80"),
        List.of("-U", "-p", "tcp", "-m", "2"), List.of("-C"), List.of("-S"), List.of("-L", "expect"),
        List.of("-D", "-p", "udp"), List.of("-D", "-f", "ipv6"), List.of("-F"), List.of("-L", "--bogus"),
        List.of("-h"), List.of("-V"));

    private CdsTraining() {
    }

    /**
     * @param args ignored
     */
    public static void main(final String[] args) {
        final PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        final Io io = new Io(new ByteArrayInputStream(new byte[0]), sink, sink);
        final Cli cli = new Cli(NetlinkBackend::open, Path.of("/etc/xtables/connlabel.conf"), Clock.systemUTC(),
            ZoneId.systemDefault());
        for (final List<String> command : COMMANDS) {
            cli.run(command, io);
        }
        cli.run(List.of("-R", "-"), new Io(new ByteArrayInputStream(
            "-I -s 10.9.0.4 -d 10.9.0.5 -p udp --sport 2 --dport 3 -t 9\n-D -s 10.9.0.4\n".getBytes()), sink, sink));
    }
}
