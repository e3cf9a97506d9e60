package io.conntrack4j.sim.realkernel;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.testkit.Netns;
import io.conntrack4j.testkit.Shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares the current (private, test-only) network namespace so that the real conntrack tracks packets injected
 * with {@link RawInjector} and the local stack never answers them. It changes the namespace's addresses, ruleset and
 * sysctls, so every change refuses to run outside the private namespace the ITs' JVM wrapper creates
 * ({@link Netns#whyNotPrivate()}).
 *
 * <p>{@link #setup()} (idempotent):
 * <ul>
 *   <li>adds {@link #V4_A} and {@link #V4_B} as /32 and {@link #V6_A} and {@link #V6_B} as /128 ({@code nodad}) to
 *       {@code lo}, so the contract's addresses are local and routed over {@code lo}; any 127.0.0.0/8 pair and
 *       {@code ::1} work as well without them;</li>
 *   <li>loads the table {@code inet ct4jsim}: an output-hook chain with {@code ct state new counter} (a conntrack
 *       user: this registers the IPv4 and IPv6 conntrack hooks in the namespace) and an input-hook chain that drops
 *       <em>every</em> packet, so no RST, echo reply or port-unreachable is ever generated. While it is loaded, real
 *       sockets in the namespace receive nothing.</li>
 * </ul>
 * Conntrack sees an injected packet at OUTPUT. On {@code lo} the entry stays attached to the packet, so PRE_ROUTING
 * does not look at an accepted packet again; a packet that gets no entry (invalid) is examined at both hooks and
 * counts +2 in the {@code invalid} statistic. Checksums are checked only at PRE_ROUTING, so on {@code lo} a bad
 * checksum does not stop tracking.
 *
 * <p>{@link #enableLabels()} adds a {@code ct label} rule: only then does the kernel attach the labels extension to
 * new entries. {@link #sysctl(String, long)} writes {@code /proc/sys/net/netfilter/<name>} and remembers the first
 * value it replaced; {@link #resetSysctls()} restores them. {@link #close()} does both teardowns.
 */
public final class NftConntrack implements AutoCloseable {
    /** The nftables table (family inet). */
    public static final String TABLE = "ct4jsim";
    /** The IPv4 client address of the simulator contract (§10: A = 10.0.0.1:1 → 10.0.0.2:2). */
    public static final IpAddress V4_A = IpAddress.parse("10.0.0.1");
    /** The IPv4 server address. */
    public static final IpAddress V4_B = IpAddress.parse("10.0.0.2");
    /** The IPv6 client address (documentation prefix). */
    public static final IpAddress V6_A = IpAddress.parse("2001:db8::1");
    /** The IPv6 server address. */
    public static final IpAddress V6_B = IpAddress.parse("2001:db8::2");
    private static final Path SYSCTLS = Path.of("/proc/sys/net/netfilter");

    private final Map<String, String> replaced = new LinkedHashMap<>();
    private boolean labels;

    /** A kit that has not changed anything yet. */
    public NftConntrack() {
    }

    /**
     * Adds the addresses and (re)loads the table in one nft transaction.
     *
     * @return this
     * @throws IllegalStateException if {@code ip} or {@code nft} fails
     */
    public NftConntrack setup() {
        requirePrivateNamespace();
        for (final IpAddress a : List.of(V4_A, V4_B)) {
            run("ip", "addr", "replace", a + "/32", "dev", "lo");
        }
        for (final IpAddress a : List.of(V6_A, V6_B)) {
            run("ip", "-6", "addr", "replace", a + "/128", "dev", "lo", "nodad");
        }
        nft("table inet " + TABLE + "\n"
            + "delete table inet " + TABLE + "\n"
            + "table inet " + TABLE + " {\n"
            + "  chain out {\n"
            + "    type filter hook output priority 0; policy accept;\n"
            + "    ct state new counter\n"
            + (labels ? "    ct label 1 counter\n" : "")
            + "  }\n"
            + "  chain in {\n"
            + "    type filter hook input priority 0; policy accept;\n"
            + "    counter drop\n"
            + "  }\n"
            + "}\n");
        return this;
    }

    /**
     * Loads the table with a {@code ct label} rule, so that entries created from now on can carry labels.
     *
     * @return this
     */
    public NftConntrack enableLabels() {
        labels = true;
        return setup();
    }

    /** @return true while {@link #TABLE} is loaded */
    public boolean isLoaded() {
        return Shell.run("nft", "list", "table", "inet", TABLE).exitCode() == 0;
    }

    /** Deletes the table and the addresses, if present. Conntrack entries stay: flush them separately. */
    public void teardown() {
        requirePrivateNamespace();
        Shell.run("nft", "delete", "table", "inet", TABLE);
        labels = false;
        for (final IpAddress a : List.of(V4_A, V4_B)) {
            Shell.run("ip", "addr", "del", a + "/32", "dev", "lo");
        }
        for (final IpAddress a : List.of(V6_A, V6_B)) {
            Shell.run("ip", "-6", "addr", "del", a + "/128", "dev", "lo");
        }
    }

    /**
     * @param name a file under {@code /proc/sys/net/netfilter}, e.g. {@code nf_conntrack_tcp_loose}
     * @return its value
     */
    public static String sysctl(final String name) {
        try {
            // not readString: a /proc file reports size 0 and readString returned only its first byte here
            return Files.readAllLines(SYSCTLS.resolve(checked(name))).get(0).trim();
        } catch (final IOException e) {
            throw new UncheckedIOException("read sysctl " + name, e);
        }
    }

    /**
     * Writes a sysctl of this namespace, remembering its value before the first change.
     *
     * @param name  a file under {@code /proc/sys/net/netfilter}
     * @param value the new value
     * @return this
     */
    public NftConntrack sysctl(final String name, final long value) {
        requirePrivateNamespace();
        replaced.putIfAbsent(name, sysctl(name));
        write(name, Long.toString(value));
        return this;
    }

    /** Restores every sysctl changed through {@link #sysctl(String, long)}, newest first. */
    public void resetSysctls() {
        final List<String> names = new ArrayList<>(replaced.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            write(names.get(i), replaced.get(names.get(i)));
        }
        replaced.clear();
    }

    /** Resets the sysctls and tears the table and addresses down. */
    @Override
    public void close() {
        try {
            resetSysctls();
        } finally {
            teardown();
        }
    }

    /**
     * @throws IllegalStateException unless this JVM runs in a private network namespace of its own
     */
    static void requirePrivateNamespace() {
        final String reason = Netns.whyNotPrivate();
        if (reason != null) {
            throw new IllegalStateException("refusing to change the host's network namespace: " + reason);
        }
    }

    private static String checked(final String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a netfilter sysctl name: " + name);
        }
        return name;
    }

    private static void write(final String name, final String value) {
        try {
            Files.writeString(SYSCTLS.resolve(checked(name)), value + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException("write sysctl " + name + "=" + value, e);
        }
    }

    private static void run(final String... command) {
        final Shell.Result r = Shell.run(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode() + "): "
                + r.stderr().trim());
        }
    }

    private static void nft(final String ruleset) {
        try {
            final Path file = Files.createTempFile("ct4jsim", ".nft");
            try {
                Files.writeString(file, ruleset);
                run("nft", "-f", file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("nft ruleset file", e);
        }
    }
}
