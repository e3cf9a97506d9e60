package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command forms that change the table: {@code -D} with filters and output formats, {@code -I}/{@code -A},
 * {@code -U} of marks, timeouts, status and labels, {@code -F}, {@code -L -z} (zeroes the counters) and {@code -R -}
 * batches, including one in save format. Each runs on a fresh build of the table per tool; then both the outputs
 * and the resulting tables are compared. The forms on which docs/cli.md documents a difference carry their
 * {@link Deviation} ({@link #DOCUMENTED}).
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
    /**
     * Comments, blank lines, indentation and several commands. The {@code -U} comes last: 1.4.7 applies the mark of
     * the last parsed line (Q4, exercised by {@link #LAST_MARK_BATCH}), and a {@code -F -f ipv6} flushes everything
     * (Q1, exercised on its own): either would hide whether the other lines did the same.
     */
    private static final String MIXED_BATCH = String.join("\n",
        "# a comment, then a blank line",
        "",
        "-I -s 203.0.113.5 -d 203.0.113.6 -p udp --sport 7 --dport 8 -t 200 -m 5",
        "\t-D -p gre",
        "-D -s 10.1.1.1 -p tcp --dport 80",
        "   -U -s 10.1.1.20 -m 77",
        "");
    /** An update followed by a line with another mark (Q4). */
    private static final String LAST_MARK_BATCH = "-U -s 10.1.1.20 -m 5\n-I -s 203.0.113.1 -d 203.0.113.2 "
        + "-p udp --sport 1 --dport 2 -t 50 -m 6\n";
    /** A create with a mark and a status (Q6). */
    private static final String CREATE_MARK_STATUS =
        "-I -s 203.0.113.1 -d 203.0.113.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 100 -m 5 -u ASSURED";
    /** Seconds left on the flow created with {@code -t 3000} when a form runs within a second of the build. */
    private static final int LEFT = 2999;
    /**
     * The forms that deviate from 1.4.7 as docs/cli.md documents, by their argument line. FAMILY-ORDER is given to
     * the protocol filters without a family that both families' flows pass (on the others it changes nothing).
     */
    private static final Map<String, Deviation> DOCUMENTED = Map.ofEntries(
        Map.entry("-D -p udp", Deviations.familyOrder()),
        Map.entry("-D -u UNREPLIED", Deviations.q2()),
        Map.entry("-D -t " + LEFT, Deviations.q13(LEFT)),
        Map.entry(CREATE_MARK_STATUS,
            Deviations.q6("src=203\\.0\\.113\\.1 dst=203\\.0\\.113\\.2 sport=1 dport=2 ", 4, 5)),
        Map.entry("-U -s 10.1.1.1 -m 9", Deviations.zones("src=10\\.1\\.1\\.1 .* mark=9 zone=3 ",
            LineEdit.of("src=10\\.1\\.1\\.1 .* zone=3 ", "mark=42 ", "mark=9 "))),
        Map.entry("-U -p tcp -m 1", Deviations.q7(1)),
        Map.entry("-U -s 10.1.1.1 --label-add db", Deviations.zones(
            "src=10\\.1\\.1\\.1 .* zone=3 .* labels=db$",
            LineEdit.of("src=10\\.1\\.1\\.1 .* zone=3 .* use=1$", "$", " labels=db"))),
        Map.entry("-U -s 127.0.0.1 -p tcp -m 4 -o extended",
            Deviations.q8("^ipv4 +2 tcp +6 \\d+ \\S+ src=127\\.0\\.0\\.1 .* mark=4 ")),
        Map.entry("--update -d 10.2.2.53 -m 1 -o xml",
            Deviations.q8("^<flow><meta direction=\"original\">.*?<dst>10\\.2\\.2\\.53</dst>.*<mark>1</mark>")),
        Map.entry("-F -f ipv6", Deviations.q1()),
        Map.entry("-L -z", Deviations.zeroBatch()));

    private WriteForms() {
    }

    /** @return the forms, in the order they run */
    static List<CommandForm> all() {
        final List<CommandForm> f = new ArrayList<>();
        add(f, "-D -s 10.1.1.1", "-D -p udp", "-D -m 0x7/0xf", "-D -f ipv6", "--delete --orig-zone 4",
            "-D -u UNREPLIED", "-D -t " + LEFT, "-D -g 8.8.8.8", "-D -l web", "-D -s 127.0.0.1 -o extended",
            "-D -p gre -o xml",
            "-D -p sctp -o id,ktimestamp", "-D -p icmp -o save",
            CREATE_MARK_STATUS,
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
        f.add(CommandForm.of("-R -").withStdin("-F -f ipv6\n").deviatingAs(Deviations.q1()));
        f.add(CommandForm.of("--load-file -").withStdin(LAST_MARK_BATCH)
            .deviatingAs(Deviations.q4("src=10\\.1\\.1\\.20 ", 5, 6)));
        f.add(CommandForm.of("-R -").withStdin("-I -s 203.0.113.1 -d 203.0.113.2 -p udp --sport 1 --dport 2 -t 50\n"
            + "-L\n"));
        return f;
    }

    private static void add(final List<CommandForm> forms, final String... lines) {
        for (final String line : lines) {
            forms.add(CommandForm.of(line).deviatingAs(DOCUMENTED.get(line)));
        }
    }
}
