package io.conntrack4j.cli.internal;

import java.util.List;

/** A protocol the command line has no options for ({@code -p igmp}, {@code -p 200}): only its number is used. */
final class UnknownProtocol extends ProtoHandler {
    /** The one instance. */
    static final UnknownProtocol INSTANCE = new UnknownProtocol();

    private UnknownProtocol() {
    }

    @Override
    String name() {
        return "unknown";
    }

    @Override
    int number() {
        return 0;
    }

    @Override
    List<Getopt.LongOption> options() {
        return List.of();
    }

    @Override
    void parse(final int code, final String argument, final Template t) {
        throw new IllegalStateException("protocol " + t.protonum + " has no options");
    }

    @Override
    void finalCheck(final Cmd command, final Template t) {
        // no options, nothing to check
    }

    @Override
    String help() {
        return "  no options (unsupported)\n";
    }
}
