package io.conntrack4j.netlink;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.testkit.Shell;
import io.conntrack4j.text.ConntrackFormatter;
import io.vavr.collection.Seq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers of the netlink integration tests. Everything here runs inside the IT JVM's private network namespace
 * (child processes such as {@code conntrack}, {@code nft} and {@code sysctl} inherit it).
 */
final class ItKit {
    private ItKit() {
    }

    /**
     * Masks what changes between two reads of the same flow: the timeout (third field of a default line), the
     * {@code delta-time} of timestamps and the reference count (2 in a GET, 1 in a dump).
     *
     * @param line a default-format line ({@code conntrack -L} or {@link ConntrackFormatter#DEFAULT})
     * @return the line with those fields masked
     */
    static String masked(final String line) {
        return line.replaceFirst("^(\\S+ +\\d+) \\d+ ", "$1 T ")
            .replaceAll("delta-time=\\d+", "delta-time=D")
            .replaceAll("use=\\d+", "use=U");
    }

    /** @return the flow in conntrack's default format, masked */
    static String rendered(final Flow flow) {
        return masked(ConntrackFormatter.DEFAULT.flow(flow));
    }

    /** @return every flow rendered and masked, sorted */
    static List<String> rendered(final Seq<Flow> flows) {
        return flows.map(ItKit::rendered).sorted().toJavaList();
    }

    /**
     * Runs the real {@code conntrack} in this JVM's private namespace.
     *
     * @param arguments blank-separated arguments (no quoting)
     * @return the result
     */
    static Shell.Result conntrack(final String arguments) {
        final List<String> command = new ArrayList<>();
        command.add("conntrack");
        command.addAll(List.of(arguments.trim().split(" +")));
        return Shell.run(command);
    }

    /** @return {@code conntrack -L ARGS}, lines masked and sorted; asserts the exit code */
    static List<String> conntrackList(final String arguments) {
        final Shell.Result r = conntrack(("-L " + arguments).trim());
        assertThat(r.exitCode()).as("conntrack -L %s: %s", arguments, r.stderr()).isZero();
        return r.stdout().lines().map(ItKit::masked).sorted().collect(Collectors.toList());
    }

    /** @param setting {@code name=value}; asserts success */
    static void sysctl(final String setting) {
        final Shell.Result r = Shell.run("sysctl", "-q", "-w", setting);
        assertThat(r.exitCode()).as("sysctl %s: %s", setting, r.stderr()).isZero();
    }

    /** @return the value of a sysctl of this namespace */
    static String sysctlValue(final String name) {
        final Shell.Result r = Shell.run("sysctl", "-n", name);
        assertThat(r.exitCode()).as("sysctl %s: %s", name, r.stderr()).isZero();
        return r.stdout().trim();
    }

    /**
     * Loads an nftables ruleset into this namespace.
     *
     * @param ruleset the ruleset text
     */
    static void nft(final String ruleset) {
        try {
            final Path file = Files.createTempFile("ct4j-it", ".nft");
            try {
                Files.writeString(file, ruleset);
                final Shell.Result r = Shell.run("nft", "-f", file.toString());
                assertThat(r.exitCode()).as("nft -f: %s", r.stderr()).isZero();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param table {@code family name} of an nftables table to delete, if it exists */
    static void nftDeleteTable(final String table) {
        Shell.run(List.of("nft", "delete", "table", table.split(" ")[0], table.split(" ")[1]));
    }

    /** @return how many CPUs the kernel calls possible (the per-CPU stats dump has one entry for each) */
    static int possibleCpus() {
        try {
            final String text = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
            int count = 0;
            for (final String range : text.split(",")) {
                final String[] bounds = range.split("-");
                count += bounds.length == 1 ? 1 : Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1;
            }
            return count;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What identifies a flow in a table: its original tuple (with a directional zone) and its zone.
     *
     * @param original the original tuple
     * @param zone     the zone
     */
    record Key(Tuple original, int zone) implements Comparable<Key> {
        static Key of(final Flow flow) {
            return new Key(flow.original(), flow.zone());
        }

        @Override
        public int compareTo(final Key o) {
            return toString().compareTo(o.toString());
        }
    }

    /** @return the keys of the flows, sorted (asserting there are no duplicates) */
    static Set<Key> keys(final Iterable<Flow> flows) {
        final Set<Key> keys = new TreeSet<>();
        for (final Flow f : flows) {
            assertThat(keys.add(Key.of(f))).as("flow listed twice: %s", f).isTrue();
        }
        return keys;
    }
}
