package io.conntrack4j.cli.compare;

import java.util.List;

/**
 * The nftables rules that make the namespace track real packets: a rule that needs conntrack (without one the kernel
 * never tracks traffic in a new namespace), the FTP helper (its expectations fill {@code -L expect}), a mark, a zone
 * and a label set by rules, packets to port 9 dropped at input (so their flows stay unreplied) and a DNAT.
 */
final class NftRuleset {
    private static final String TABLE = """
        table inet ct4j {
          ct helper ftp-std { type "ftp" protocol tcp; }
          chain raw_out {
            type filter hook output priority raw; policy accept;
            udp dport 5354 ct zone set 7
            udp sport 5354 ct zone set 7
          }
          chain out {
            type filter hook output priority filter; policy accept;
            ct state new counter
            tcp dport 21 ct helper set "ftp-std"
            udp dport 5353 ct mark set 0x2a
            %s
          }
          chain in {
            type filter hook input priority filter; policy accept;
            tcp dport 9 drop
            udp dport 9 drop
          }
        }
        table ip ct4jnat {
          chain out {
            type nat hook output priority -100; policy accept;
            tcp dport 8082 dnat to 127.0.0.1:8080
          }
        }
        """;
    private static final String LABEL_RULE = "tcp dport 8080 ct label set trusted";

    private final ToolRunner runner;
    private final boolean labels;

    /**
     * @param runner runs nft (inside the labels overlay, where nft finds /etc/connlabel.conf)
     * @param labels true to add the rule that sets a label (needs the labels file)
     */
    NftRuleset(final ToolRunner runner, final boolean labels) {
        this.runner = runner;
        this.labels = labels;
    }

    /** Loads the rules; fails with nft's message if nft refuses them. */
    void load() {
        final Outcome nft = runner.runWithLabels(List.of("nft", "-f", "-"),
            String.format(TABLE, labels ? LABEL_RULE : ""));
        if (nft.exitCode() != 0) {
            throw new IllegalStateException("nft -f failed: " + nft.stderr());
        }
    }

    /** Deletes the rules again. */
    void remove() {
        runner.runWithLabels(List.of("nft", "delete", "table", "inet", "ct4j"), null);
        runner.runWithLabels(List.of("nft", "delete", "table", "ip", "ct4jnat"), null);
    }
}
