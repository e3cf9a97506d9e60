package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * What the built table must hold for the comparison to mean something: every protocol, TCP and SCTP state, IPv6,
 * NAT, zone, mark, status, label, helper, counter and timestamp kind that the forms filter on or print. It guards
 * against a builder that silently produces an empty or one-sided table, on which every comparison would pass.
 */
final class TableShape {
    private static final List<String> ALWAYS = List.of(
        "ipv4     2 tcp      6 ", "ipv4     2 udp      17 ", "ipv4     2 udplite  136 ", "ipv4     2 icmp     1 ",
        "ipv6     10 icmpv6   58 ", "ipv4     2 sctp     132 ", "ipv4     2 gre      47 ", "ipv4     2 dccp     33 ",
        "ipv4     2 unknown  2 ", "ipv6     10 tcp      6 ", "ipv6     10 udp      17 ",
        " SYN_SENT src=", " SYN_RECV src=", " ESTABLISHED src=", " FIN_WAIT src=", " CLOSE_WAIT src=",
        " LAST_ACK src=", " TIME_WAIT src=", " CLOSE src=", " NONE src=", " SYN_SENT2 src=", " COOKIE_WAIT src=",
        "[UNREPLIED]", "[ASSURED]", "zone=3 ", "zone-orig=4 ", "zone-reply=5 ", "zone=7 ", "mark=42 ",
        "mark=4294967295 ", "helper=ftp ", "srckey=0x10 dstkey=0x20", "src=8.8.8.8 dst=10.1.1.70 sport=8080",
        "dst=9.9.9.9 sport=80", "src=2001:db8::99 dst=2001:db8::50 sport=8080", "delta-time=",
        "sport=40003 dport=8081 packets=", "sport=40002 dport=8082 packets=");
    private static final List<String> WITH_LABELS = List.of("labels=web,db", "labels=web", "labels=trusted");

    private TableShape() {
    }

    /**
     * @param listing the reference's {@code -L -o extended,labels}
     * @param labels  true if labels were configured
     * @return the expected fragments the listing lacks
     */
    static List<String> missing(final String listing, final boolean labels) {
        final List<String> missing = new ArrayList<>();
        for (final String fragment : ALWAYS) {
            if (!listing.contains(fragment)) {
                missing.add(fragment);
            }
        }
        if (labels) {
            WITH_LABELS.stream().filter(l -> !listing.contains(l)).forEach(missing::add);
        }
        if (!listing.matches("(?s).*src=127\\.0\\.0\\.1 dst=127\\.0\\.0\\.1 sport=40001 dport=8080 packets=2 .*")) {
            missing.add("packet counters on the IPv4 connection 40001 -> 8080");
        }
        return missing;
    }
}
