package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command forms that leave the table as it is: every {@code -L} filter, every {@code -o} format and some
 * combinations, {@code -G} per protocol, {@code -S}, {@code -C}, the expectation table, the 1.4.7 quirks, and
 * parameter and kernel errors (exit codes 1 and 2). Each runs through both tools on the same table. The forms on
 * which docs/cli.md documents a difference carry their {@link Deviation} ({@link #DOCUMENTED}).
 */
final class ReadForms {
    private static final String GET_TCP = "-G -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1000 --dport 80";
    private static final String GET_BY_REPLY =
        "-G -r 10.2.2.2 -q 10.1.1.1 -p tcp --reply-port-src 80 --reply-port-dst 1000";
    /**
     * The forms that deviate from 1.4.7 as docs/cli.md documents, by their argument line. FAMILY-ORDER is given to
     * the protocol filters without a family that both families' flows pass (on the others it changes nothing).
     */
    private static final Map<String, Deviation> DOCUMENTED = Map.ofEntries(
        Map.entry("-L -p tcp", Deviations.familyOrder()),
        Map.entry("-L -p tcp --dport 80", Deviations.familyOrder()),
        Map.entry("-L -p tcp --reply-port-src 8080", Deviations.familyOrder()),
        Map.entry("-L -p tcp --state ESTABLISHED", Deviations.familyOrder()),
        Map.entry("-L -p gre --srckey 16", Deviations.greKeys()),
        Map.entry("-L -u ASSURED,!SEEN_REPLY", Deviations.q5()),
        Map.entry("-L -n", Deviations.natIcmp()),
        Map.entry("-L -g", Deviations.natIcmp()),
        Map.entry("-L -j", Deviations.natIcmp()),
        Map.entry("-L -n -g", Deviations.natIcmp()),
        Map.entry(GET_BY_REPLY, Deviations.getByReply(GET_TCP)));

    private ReadForms() {
    }

    /** @return the forms, in the order they run */
    static List<CommandForm> all() {
        final List<CommandForm> forms = new ArrayList<>();
        listFilters(forms);
        outputFormats(forms);
        gets(forms);
        statsAndExpectations(forms);
        errors(forms);
        return forms;
    }

    private static void listFilters(final List<CommandForm> f) {
        add(f, "-L", "conntrack -L", "-Lo extended",
            "-L -s 10.1.1.1", "-L -d 10.2.2.2", "-L -r 8.8.8.8", "-L -s 2001:db8::1", "-L -s 10.0.0.0/8",
            "-L -s 2001:db8::/32", "-L -s 10.1.0.0 --mask-src 255.255.0.0", "-L -d 10.1",
            "-L -p tcp", "-L -p udplite", "-L -p icmp", "-L -p gre", "-L -p dccp", "-L -p igmp",
            "-L -p tcp --dport 80", "-L -p tcp --reply-port-src 8080", "-L -p tcp --state ESTABLISHED",
            "-L -p tcp --state TIME_WAIT", "-L -p tcp --state LISTEN",
            "-L -p icmp --icmp-type 8", "-L -p gre --srckey 16",
            "-L -u ASSURED", "-L -u UNREPLIED", "-L -u ass", "-L -u ASSURED,!SEEN_REPLY", "-L -u SRC_NAT",
            "-L -m 7", "-L -m 7/0xff", "-L -m 010",
            "-L -w 3", "-L --orig-zone 4", "-L --reply-zone 5",
            "-L -f ipv6", "-L -f ipv6junk",
            "-L -n", "-L -g", "-L -j", "-L -n 9.9.9.9:4000", "-L -g 8.8.8.8:8080", "-L -n -g",
            "-L -g [2001:db8::99]:8080",
            "-L -l web", "-L -l web -l db", "-L -l trusted", "-L dying", "-L unconfirmed");
    }

    private static void outputFormats(final List<CommandForm> f) {
        add(f, "-L -o extended", "-L -o xml", "-L -o id", "-L -o ktimestamp", "-L -o labels", "-L -o save",
            "-L -o timestamp", "-L -o extended,id", "-L -o xml,id,ktimestamp", "-L -o xml,labels",
            "-L -o extended,ktimestamp,labels,id", "-L -o X,e", "-L -o xml -s 192.0.2.99");
        f.add(CommandForm.of("-L -o labels").withoutLabelFile());
    }

    private static void gets(final List<CommandForm> f) {
        final long pid = ProcessHandle.current().pid() & 0xffff;
        add(f, GET_TCP, GET_TCP + " -o xml", GET_TCP + " -o save",
            "-G -s 127.0.0.1 -d 127.0.0.1 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id " + pid,
            "-G -s 2001:db8::1 -d 2001:db8::2 -p tcp --sport 10 --dport 20 -o extended,id",
            "-G -s ::1 -d ::1 -p udp --sport 40010 --dport 5353",
            "-G -s 10.1.1.40 -d 10.2.2.40 -p sctp --sport 1 --dport 2",
            "-G -s 10.1.1.50 -d 10.2.2.50 -p gre --srckey 16 --dstkey 32",
            "-G -s 192.0.2.1 -d 192.0.2.2 -p tcp --sport 1 --dport 2", GET_BY_REPLY);
    }

    private static void statsAndExpectations(final List<CommandForm> f) {
        add(f, "-S", "-C", "-S expect", "-C expect", "-L expect", "-L expect -f ipv6", "-L expect -o xml",
            "-L expect -o xml -f ipv6");
    }

    private static void errors(final List<CommandForm> f) {
        add(f, "-X", "-L -s", "-L -D", "-L -s 1.2.3.999", "-L -u FOO", "-L -u ASSURED,", "-L -u UNSET", "-L -p foo",
            "-L -t 10", "-L -z -s 10.1.1.1", "-L foo", "-L -s 10.1.1.1 -d 2001:db8::1", "-L -r 10.0.0.0/8",
            "-L --mask-src 255.0.0.0", "-L -j -n", "-L -p tcp --state FOO", "-L -o save,id",
            "-L -l nosuchlabel", "-D dying", "-F -s 10.1.1.1", "-L -R x", "-R /nonexistent",
            "-G -m 1 -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1000 --dport 80",
            "-I -s 10.1.1.1 -p tcp", "-I -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1 --dport 2 -t 10",
            "-I -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 10 -g 3.3.3.3:65536",
            "-I -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1000 --dport 80 --state ESTABLISHED -t 10",
            "-A -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1000 --dport 80 --state ESTABLISHED -t 10",
            "-I -s 10.9.9.9 -d 10.9.9.8 -p icmp --icmp-type 3 --icmp-code 1 -t 10",
            "-D -s 192.0.2.99", "-U -s 192.0.2.99 -m 1", "-U -s 10.1.1.1 --label-add web --label-del db",
            "-U -p tcp -w 3 -m 1");
    }

    private static void add(final List<CommandForm> forms, final String... lines) {
        for (final String line : lines) {
            forms.add(CommandForm.of(line).deviatingAs(DOCUMENTED.get(line)));
        }
    }
}
