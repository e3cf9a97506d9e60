package io.conntrack4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether this JVM runs in a network namespace of its own, as {@code examples/run-in-netns.sh} starts it: the
 * script records the namespace it was started in ({@value #HOST_ENV}) before {@code unshare --net}. The examples that
 * write to a real conntrack table on their own initiative (seeding flows, generating events) refuse to run anywhere
 * else, so they can never change the host's table.
 */
final class PrivateNamespace {
    /** The environment variable holding the host's namespace, e.g. {@code net:[4026531840]}. */
    static final String HOST_ENV = "CT4J_HOST_NETNS";

    private PrivateNamespace() {
    }

    /** @return true if the JVM's network namespace differs from the one the script was started in */
    static boolean isPrivate() {
        final String host = System.getenv(HOST_ENV);
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return !Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().equals(host);
        } catch (final IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * @param what the program that is about to write to the real table
     * @throws IllegalStateException outside a private namespace
     */
    static void require(final String what) {
        if (!isPrivate()) {
            throw new IllegalStateException(what + " writes to the real conntrack table, so it runs only in a private "
                + "network namespace: sudo examples/run-in-netns.sh <MainClass>");
        }
    }
}
