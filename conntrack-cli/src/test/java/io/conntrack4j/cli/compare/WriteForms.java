package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The command forms that change the table: {@code -D} with filters and output formats, {@code -I}/{@code -A},
 * {@code -U} of marks, timeouts, status and labels, {@code -F}, {@code -L -z} (zeroes the counters) and {@code -R -}
 * batches, including one in save format. Each runs on a fresh build of the table per tool; then both the outputs
 * and the resulting tables are compared.
 */
final class WriteForms {
    private static final String SAVE_BATCH = String.join("\n",
        "-A -t 300 -u SEEN_REPLY,ASSURED -s 198.51.100.1 -d 198.51.100.2 -r 198.51.100.2 -q 198.51.100.1 -p tcp "
            + "--sport 10 --dport 20 --reply-port-src 20 --reply-port-dst 10 --state ESTABLISHED",
        "-A -t 200 -u UNSET -s 198.51.100.3 -d 198.51.100.4 -r 198.51.100.4 -q 198.51.100.3 -p udp --sport 5000 "
            + "--dport 53 --reply-port-src 53 --reply-port-dst 5000",
        "-A -t 100 -u SEEN_REPLY -s 198.51.100.5 -d 198.51.100.6 -g 203.0.113.9 -q 198.51.100.5 -p tcp --sport 33 "
            + "--dport 80 --reply-port-src 8080 --reply-port-dst 33 --state ESTABLISHED",
        "-A -t 100 -u UNSET -w 3 -s 2001:db8::70 -d 2001:db8::71 -r 2001:db8::71 -q 2001:db8::70 -p icmpv6 "
            + "--icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 9",
        "-A -t 3000 -u SEEN_REPLY,ASSURED -s 10.1.1.1 -d 10.2.2.2 -r 10.2.2.2 -q 10.1.1.1 -p tcp --sport 1000 "
            + "--dport 80 --reply-port-src 80 --reply-port-dst 1000 --state ESTABLISHED",
        "");
    private static final String MIXED_BATCH = String.join("\n",
        "# a comment, then a blank line",
        "",
        "-I -s 203.0.113.5 -d 203.0.113.6 -p udp --sport 7 --dport 8 -t 200 -m 5",
        "   -U -s 10.1.1.20 -m 77",
        "\t-D -p gre",
        "-D -s 10.1.1.1 -p tcp --dport 80",
        "-F -f ipv6",
        "");

    private WriteForms() {
    }

    /** @return the forms, in the order they run */
    static List<CommandForm> all() {
        final List<CommandForm> f = new ArrayList<>();
        add(f, "-D -s 10.1.1.1", "-D -p udp", "-D -m 0x7/0xf", "-D -f ipv6", "--delete --orig-zone 4",
            "-D -u UNREPLIED", "-D -t 3000", "-D -g 8.8.8.8", "-D -l web", "-D -s 127.0.0.1 -o extended", "-D -p gre -o xml",
            "-D -p sctp -o id,ktimestamp", "-D -p icmp -o save",
            "-I -s 203.0.113.1 -d 203.0.113.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 100 -m 5 -u ASSURED",
            "-I -s 2001:db8::a -d 2001:db8::b -p udp --sport 1 --dport 2 -t 100 -w 9",
            "-I -s 203.0.113.3 -d 203.0.113.4 -p udp --sport 1 --dport 2 -t 100 --label-add web,db",
            "-I -s 203.0.113.5 -d 203.0.113.6 --dst-nat 192.0.2.1:8080 -p tcp --sport 3 --dport 80 "
                + "--state SYN_SENT -t 100",
            "-A -s 203.0.113.9 -d 203.0.113.10 -p gre --srckey 1 --dstkey 2 -t 100",
            "-U -s 10.1.1.1 -m 9", "-U -s 10.1.1.20 -m 0x100/0xf00", "-U -p tcp -m 1", "-U -s 10.1.1.2 -t 1234",
            "-U -s 10.1.1.20 -u ASSURED", "-U -s 10.1.1.1 --label-add db", "-U -s 10.1.1.4 --label-del",
            "-U -s 127.0.0.1 -p tcp -m 4 -o extended", "--update -d 10.2.2.53 -m 1 -o xml",
            "-F", "-F -f ipv6", "-F expect", "-L -z");
        f.add(CommandForm.of("-R -").withStdin(SAVE_BATCH));
        f.add(CommandForm.of("-R -").withStdin(MIXED_BATCH));
        f.add(CommandForm.of("--load-file -").withStdin("-U -s 10.1.1.20 -m 5\n-I -s 203.0.113.1 -d 203.0.113.2 "
            + "-p udp --sport 1 --dport 2 -t 50 -m 6\n"));
        f.add(CommandForm.of("-R -").withStdin("-I -s 203.0.113.1 -d 203.0.113.2 -p udp --sport 1 --dport 2 -t 50\n"
            + "-L\n"));
        return f;
    }

    private static void add(final List<CommandForm> forms, final String... lines) {
        for (final String line : lines) {
            forms.add(CommandForm.of(line));
        }
    }
}
