package io.conntrack4j.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the test JVM's network namespace, as set up by the failsafe JVM wrapper. */
public final class Netns {
    private Netns() {
    }

    /** @return this process's network namespace, e.g. {@code net:[4026532176]} */
    public static String current() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (final IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    /** @return the namespace the build ran in, recorded by the wrapper before it unshared */
    public static String host() {
        final String host = System.getenv("CONNTRACK4J_HOST_NETNS");
        return host == null ? "unknown" : host;
    }

    /**
     * @return {@code null} if this JVM runs in a private network namespace of its own, else why not (one line)
     */
    public static String whyNotPrivate() {
        if (!"private".equals(System.getenv("CONNTRACK4J_NETNS"))) {
            final String reason = System.getenv("CONNTRACK4J_NETNS_REASON");
            return reason != null ? reason
                : "not forked through the private-netns wrapper (run real-kernel tests with mvn verify)";
        }
        final String current = current();
        if ("unknown".equals(current) || current.equals(host())) {
            return "the JVM's network namespace " + current + " is the host's " + host();
        }
        return null;
    }
}
