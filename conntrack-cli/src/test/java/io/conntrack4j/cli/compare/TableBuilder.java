package io.conntrack4j.cli.compare;

import java.util.Map;

/**
 * Builds the comparison table in the test JVM's private network namespace: counters and timestamps on, long
 * timeouts for packet-created flows (so none expires during the run), the nft rules, the flows of
 * {@link CreatedFlows} created with the reference conntrack and the {@link PacketTraffic}. {@link #build()} empties
 * the table and builds it again, with the same tuples.
 */
final class TableBuilder implements AutoCloseable {
    private static final Map<String, String> SYSCTLS = Map.of(
        "nf_conntrack_acct", "1",
        "nf_conntrack_timestamp", "1",
        "nf_conntrack_icmp_timeout", "1800",
        "nf_conntrack_icmpv6_timeout", "1800",
        "nf_conntrack_udp_timeout", "1800",
        "nf_conntrack_udp_timeout_stream", "1800",
        "nf_conntrack_tcp_timeout_syn_sent", "1800",
        "nf_conntrack_tcp_timeout_time_wait", "1800",
        "nf_conntrack_tcp_timeout_close", "1800");

    private final ToolRunner runner;
    private final Tool reference;
    private final boolean labels;
    private final NftRuleset ruleset;
    private NetfilterSysctls sysctls;
    private PacketTraffic traffic = new PacketTraffic();

    /**
     * @param runner    runs the commands
     * @param reference the installed conntrack, which creates the flows
     * @param labels    true if the labels file can be put in place (then flows get labels)
     */
    TableBuilder(final ToolRunner runner, final Tool reference, final boolean labels) {
        this.runner = runner;
        this.reference = reference;
        this.labels = labels;
        this.ruleset = new NftRuleset(runner, labels);
    }

    /** Sets the sysctls and loads the rules; call once, before {@link #build()}. */
    void open() {
        sysctls = NetfilterSysctls.set(SYSCTLS);
        ruleset.remove();
        ruleset.load();
    }

    /** Empties the table and builds it from scratch. */
    void build() {
        empty();
        traffic = new PacketTraffic();
        traffic.run();
        check(runner.run(reference, CommandForm.of("-R -").withStdin(String.join("\n", CreatedFlows.BATCH) + "\n")),
            "-R - (the created flows)");
        if (labels) {
            for (final String line : CreatedFlows.LABELLED) {
                check(runner.run(reference, CommandForm.of(line)), line);
            }
        }
    }

    /** @return the number of flows {@link #build()} creates with conntrack (the packet flows come on top) */
    int createdFlowCount() {
        return CreatedFlows.BATCH.size() + (labels ? CreatedFlows.LABELLED.size() : 0);
    }

    private void empty() {
        traffic.close();
        check(runner.run(reference, CommandForm.of("-F")), "-F");
        check(runner.run(reference, CommandForm.of("-F expect")), "-F expect");
    }

    private static void check(final Outcome outcome, final String what) {
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("conntrack " + what + " failed with " + outcome.exitCode() + ": "
                + outcome.stderr());
        }
    }

    /** Closes the connections, empties the table, removes the rules and restores the sysctls. */
    @Override
    public void close() {
        try {
            empty();
        } finally {
            ruleset.remove();
            if (sysctls != null) {
                sysctls.close();
            }
        }
    }
}
