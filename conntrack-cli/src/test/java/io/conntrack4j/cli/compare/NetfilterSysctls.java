package io.conntrack4j.cli.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets {@code net.netfilter.*} sysctls of the test's own network namespace (they are per namespace) and puts the
 * previous values back afterwards.
 */
final class NetfilterSysctls implements AutoCloseable {
    private static final Path DIR = Path.of("/proc/sys/net/netfilter");

    private final Map<String, String> previous = new LinkedHashMap<>();

    /**
     * @param values sysctl names below net.netfilter (e.g. {@code nf_conntrack_acct}) and their values
     * @return the object that restores them
     */
    static NetfilterSysctls set(final Map<String, String> values) {
        final NetfilterSysctls sysctls = new NetfilterSysctls();
        values.forEach(sysctls::put);
        return sysctls;
    }

    private void put(final String name, final String value) {
        final Path file = DIR.resolve(name);
        try {
            previous.putIfAbsent(name, Files.readString(file).trim());
            Files.writeString(file, value + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot set net.netfilter." + name, e);
        }
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            try {
                Files.writeString(DIR.resolve(name), value + "\n");
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot reset net.netfilter." + name, e);
            }
        });
        previous.clear();
    }
}
