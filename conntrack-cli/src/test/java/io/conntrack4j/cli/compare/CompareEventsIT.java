package io.conntrack4j.cli.compare;

import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.testkit.RealKernel;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -E} and {@code -E expect}: both tools listen side by side in the same namespace, in several forms, while
 * real traffic ({@link PacketTraffic}: packet flows, FTP expectations) and this JVM's own netlink socket create,
 * update and delete flows and expectations; then both get SIGTERM. Each form's standard output must be byte for byte
 * the same, its standard error the same but for the program prefix, and both must exit 0. The changes come from this
 * long-lived JVM (not from short-lived {@code conntrack} processes) so that both tools find the same
 * {@code progname=} for the {@code [USERSPACE] portid=N} of every event. {@code -o timestamp} is left out: its
 * prefix is the wall time at which each tool printed.
 */
@RealKernel
class CompareEventsIT {
    private static final List<String> FORMS = List.of("-E", "-E -o xml", "-E -o extended,id", "-E -e NEW,DESTROY",
        "-E -p tcp --dport 8080", "-E -f ipv6", "-E expect", "-E expect -o xml");
    private static final int NETLINK_NETFILTER = 12;
    private static final long START_LIMIT_MS = 90_000;
    private static final long QUIET_MS = 1_500;
    private static final long SETTLE_LIMIT_MS = 30_000;

    private static Workbench bench;

    @BeforeAll
    static void openBench() {
        bench = Workbench.open();
    }

    @AfterAll
    static void closeBench() {
        if (bench != null) {
            bench.close();
        }
    }

    /** One form run by one tool: the process and where its output goes. */
    private record Listener(String form, Tool tool, Process process, Path out, Path err) {
        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        long outputSize() {
            try {
                return Files.size(out);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(final Path file) {
            try {
                return Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void everyEventFormPrintsWhatConntrackPrints() throws Exception {
        final List<Listener> listeners = new ArrayList<>();
        try {
            for (final String form : FORMS) {
                listeners.add(start(form, bench.reference()));
                listeners.add(start(form, bench.underTest()));
            }
            awaitSubscribed(listeners);
            try (Conntrack ct = Conntrack.using(NetlinkBackend.open());
                 PacketTraffic traffic = new PacketTraffic()) {
                traffic.run();
                changeFlowsAndExpectations(ct);
                // the socket that caused the events stays open until both tools printed them: each looks its
                // program up (progname=) when it prints
                awaitQuiet(listeners);
            }
        } finally {
            for (final Listener l : listeners) {
                l.process().destroy();
            }
            for (final Listener l : listeners) {
                if (!l.process().waitFor(20, TimeUnit.SECONDS)) {
                    l.process().destroyForcibly().waitFor();
                }
            }
        }
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i += 2) {
            compare(listeners.get(i), listeners.get(i + 1), failures);
        }
        assertThat(failures).as("forms whose output differs from conntrack's").isEmpty();

        final String flows = listeners.get(0).stdout();
        assertThat(flows).as("the plain -E saw every kind of flow event").contains("[NEW]", "[UPDATE]", "[DESTROY]",
            " [USERSPACE] portid=", "helper=ftp");
        final String expectations = listeners.get(2 * FORMS.indexOf("-E expect")).stdout();
        assertThat(expectations.lines().filter(l -> l.contains("[NEW]")).count()).as(expectations)
            .isGreaterThanOrEqualTo(3);
        assertThat(expectations.lines().filter(l -> l.contains("[DESTROY]")).count()).as(expectations)
            .isGreaterThanOrEqualTo(3);
    }

    private static Listener start(final String form, final Tool tool) throws IOException {
        final Path out = Files.createTempFile("ct4j-events-out", ".txt");
        final Path err = Files.createTempFile("ct4j-events-err", ".txt");
        out.toFile().deleteOnExit();
        err.toFile().deleteOnExit();
        final CommandForm f = CommandForm.of(form);
        final Process p = bench.runner().start(tool, new CommandForm(f.args(), null, true, null), out, err);
        return new Listener(form, tool, p, out, err);
    }

    /**
     * Waits until every listener's process holds a netlink netfilter socket that joined a multicast group: then each
     * one sees every change that follows. (The launchers exec, so each process's pid is the program's.)
     */
    private static void awaitSubscribed(final List<Listener> listeners) throws Exception {
        final long deadline = System.currentTimeMillis() + START_LIMIT_MS;
        List<Listener> waiting = listeners;
        while (System.currentTimeMillis() < deadline) {
            final Set<String> joined = subscribedSocketInodes();
            waiting = waiting.stream().filter(l -> !holdsOneOf(l.process().pid(), joined)).toList();
            if (waiting.isEmpty()) {
                return;
            }
            for (final Listener l : waiting) {
                assertThat(l.process().isAlive()).as("%s %s is running: %s", l.tool().name(), l.form(), l.stderr())
                    .isTrue();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(waiting.size() + " listeners not subscribed after " + START_LIMIT_MS + " ms: "
            + waiting.stream().map(l -> l.tool().name() + " " + l.form()).toList());
    }

    /** @return the inodes of this namespace's netlink netfilter sockets that joined a group, as "socket:[N]" */
    private static Set<String> subscribedSocketInodes() throws IOException {
        final Set<String> inodes = new HashSet<>();
        final List<String> lines = Files.readAllLines(Path.of("/proc/net/netlink"));
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.trim().split("\\s+");
            if (Integer.parseInt(f[1]) == NETLINK_NETFILTER && Long.parseLong(f[3], 16) != 0) {
                inodes.add("socket:[" + f[9] + "]");
            }
        }
        return inodes;
    }

    private static boolean holdsOneOf(final long pid, final Set<String> sockets) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (final Path fd : fds) {
                try {
                    if (sockets.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (final IOException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
            return false;
        } catch (final IOException gone) {
            return false;
        }
    }

    /**
     * From this JVM's socket: flows of both families created, one updated, some deleted; an expectation of an ftp
     * master created and deleted, another flushed; then everything flushed (the packet flows and their expectations
     * too).
     */
    private static void changeFlowsAndExpectations(final Conntrack ct) {
        final Tuple master = Tuple.tcp("192.0.2.60", "192.0.2.61", 41000, 21);
        ct.create(Flow.builder(master).timeout(300L).protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED))
            .status(Status.SEEN_REPLY, Status.ASSURED).mark(7L).helper("ftp").build());
        final Tuple web6 = Tuple.tcp("2001:db8::60", "2001:db8::61", 41001, 8080);
        ct.create(Flow.builder(web6).timeout(200L).protoInfo(ProtoInfo.Tcp.of(TcpState.SYN_SENT)).build());
        final Tuple dns = Tuple.udp("192.0.2.60", "192.0.2.53", 41002, 53);
        ct.create(Flow.builder(dns).timeout(30L).build());
        ct.flows().proto(Protocol.TCP).dport(8080).update(FlowUpdate.none().mark(0x2a));
        ct.flows().proto(Protocol.UDP).src("192.0.2.60").delete();

        final Tuple mask = Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 0xffff);
        final Tuple data = Tuple.tcp("192.0.2.61", "192.0.2.60", 0, 50000);
        ct.expectations().create(new Expectation(data, mask, master, Option.some(120L), 0, 0, Option.none(),
            Option.none(), Option.none(), Option.none(), Option.none()));
        ct.expectations().delete(data);
        ct.expectations().create(new Expectation(Tuple.tcp("192.0.2.61", "192.0.2.60", 0, 50001), mask, master,
            Option.some(120L), 0, 0, Option.none(), Option.none(), Option.none(), Option.none(), Option.none()));
        ct.expectations().flushAll();
        ct.flushAll();
    }

    /** Waits until no listener has printed anything for {@link #QUIET_MS}. */
    private static void awaitQuiet(final List<Listener> listeners) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + SETTLE_LIMIT_MS;
        long[] last = sizes(listeners);
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            final long[] now = sizes(listeners);
            if (!java.util.Arrays.equals(now, last)) {
                last = now;
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince >= QUIET_MS) {
                return;
            }
        }
    }

    private static long[] sizes(final List<Listener> listeners) {
        return listeners.stream().mapToLong(Listener::outputSize).toArray();
    }

    private static void compare(final Listener reference, final Listener underTest, final List<String> failures) {
        final String form = reference.form();
        final StringBuilder why = new StringBuilder();
        if (reference.process().exitValue() != 0 || underTest.process().exitValue() != 0) {
            why.append("\n  exit codes ").append(reference.process().exitValue()).append(" (conntrack) and ")
                .append(underTest.process().exitValue()).append(" (under test)");
        }
        final String expectedErr = Normalizer.stderr(reference.stderr());
        final String actualErr = Normalizer.stderr(underTest.stderr());
        if (!expectedErr.equals(actualErr)) {
            why.append("\n  stderr:\n").append(LineDiff.diff(expectedErr, actualErr, String::equals));
        }
        if (!reference.stdout().equals(underTest.stdout())) {
            why.append("\n  stdout (- conntrack, + under test):\n")
                .append(LineDiff.diff(reference.stdout(), underTest.stdout(), String::equals));
        }
        System.out.printf("conntrack %s: %d lines, %s%n", form, reference.stdout().lines().count(),
            why.length() == 0 ? "identical" : "DIFFERENT");
        if (why.length() > 0) {
            failures.add("conntrack " + form + why);
        }
    }
}
