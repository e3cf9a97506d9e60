package io.conntrack4j.netlink;

import io.conntrack4j.testkit.Shell;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds a varied conntrack table with the real {@code conntrack} binary in the test's private network namespace:
 * TCP in several states, UDP, ICMP, ICMPv6, IPv6, SCTP, GRE, an unknown protocol, NAT both ways, zones, marks, with
 * accounting and timestamps on.
 */
final class RealTable {
    static final List<String> CREATES = List.of(
        "-I -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 10 --dport 20 --state ESTABLISHED -u SEEN_REPLY,ASSURED -t 500",
        "-I -s 10.0.0.1 -d 10.0.0.2 -p udp --sport 5000 --dport 53 -t 300 -m 7",
        "-I -s 3.3.3.3 -d 4.4.4.4 -p tcp --sport 1000 --dport 80 --state SYN_SENT -t 100",
        "-I -s 3.3.3.3 -d 4.4.4.5 -p tcp --sport 1001 --dport 80 --state TIME_WAIT -t 100",
        "-I -s 3.3.3.3 -d 4.4.4.6 -p tcp --sport 1002 --dport 80 --state FIN_WAIT -t 100",
        "-I -s 3.3.3.3 -d 4.4.4.7 -p tcp --sport 1003 --dport 80 --state CLOSE_WAIT -t 100",
        "-I -s 2001:db8::1 -d 2001:db8::2 -p tcp --sport 10 --dport 20 --state LISTEN -t 300",
        "-I -s 1.1.1.1 -d 2.2.2.2 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 1226 -t 300 -u SEEN_REPLY",
        "-I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 77 -t 300",
        "-I -s 7.7.7.1 -d 7.7.7.8 -p gre --srckey 16 --dstkey 32 -t 300",
        "-I -s 7.7.7.1 -d 7.7.7.6 -p sctp --sport 1 --dport 2 --state ESTABLISHED --orig-vtag 1234 --reply-vtag 5678"
            + " -t 300",
        "-I -s 0.0.0.0 -d 224.0.0.22 -p 2 -t 300",
        "-I -s 7.7.7.1 -d 7.7.7.5 -p tcp --sport 1 --dport 2 --state ESTABLISHED --orig-zone 4 -t 300",
        "-I -s 7.7.7.1 -d 7.7.7.4 -p tcp --sport 1 --dport 2 --state ESTABLISHED -w 3 -t 300",
        "-I -s 7.7.7.1 -d 7.7.7.2 --dst-nat 8.8.8.8:8080 -p tcp --sport 33 --dport 80 --state ESTABLISHED -t 300",
        "-I -s 7.7.7.1 -d 7.7.7.3 --src-nat 9.9.9.9 -p udp --sport 33 --dport 80 -t 300",
        "-I -s 2001:db8::5 -d 2001:db8::6 -p udp --sport 7 --dport 8 -t 300 -m 0xffffffff",
        "-I -s 11.0.0.1 -d 11.0.0.2 -p udp --sport 1 --dport 2 -t 300 -m 42 -u SEEN_REPLY,ASSURED");

    private RealTable() {
    }

    /** Turns accounting and timestamps on (per network namespace) and creates the flows. */
    static void build() {
        sysctl("net.netfilter.nf_conntrack_acct=1");
        sysctl("net.netfilter.nf_conntrack_timestamp=1");
        for (final String create : CREATES) {
            final Shell.Result r = conntrack(create);
            assertThat(r.exitCode()).as("conntrack %s: %s", create, r.stderr()).isZero();
        }
    }

    /** Turns accounting and timestamps back off (the namespace's defaults). */
    static void reset() {
        sysctl("net.netfilter.nf_conntrack_acct=0");
        sysctl("net.netfilter.nf_conntrack_timestamp=0");
    }

    static Shell.Result conntrack(final String arguments) {
        final List<String> command = new java.util.ArrayList<>();
        command.add("conntrack");
        command.addAll(List.of(arguments.split(" ")));
        return Shell.run(command);
    }

    private static void sysctl(final String setting) {
        final Shell.Result r = Shell.run("sysctl", "-q", "-w", setting);
        assertThat(r.exitCode()).as("sysctl %s: %s", setting, r.stderr()).isZero();
    }
}
