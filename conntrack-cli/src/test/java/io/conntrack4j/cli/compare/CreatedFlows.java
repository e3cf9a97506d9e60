package io.conntrack4j.cli.compare;

import java.util.List;

/**
 * The flows the table builder creates with the reference {@code conntrack -I}: TCP in every state, UDP answered and
 * not, UDP-Lite, ICMP, ICMPv6, IPv6 TCP/UDP, SCTP with vtags, GRE keys, DCCP (plain L4 on this kernel), an unknown
 * protocol, DNAT and SNAT with and without ports, zones, marks, status bits and labels. Timeouts are long (about an
 * hour) and distinct, so nothing expires while the comparison runs.
 */
final class CreatedFlows {
    /** Created in one {@code conntrack -R -} batch. */
    static final List<String> BATCH = List.of(
        "-I -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1000 --dport 80 --state ESTABLISHED -u SEEN_REPLY,ASSURED -t 3000 -m 7",
        "-I -s 10.1.1.2 -d 10.2.2.2 -p tcp --sport 1001 --dport 443 --state SYN_SENT -t 3010",
        "-I -s 10.1.1.3 -d 10.2.2.3 -p tcp --sport 1002 --dport 80 --state SYN_RECV -u SEEN_REPLY -t 3020 -m 0x17",
        "-I -s 10.1.1.5 -d 10.2.2.4 -p tcp --sport 1004 --dport 22 --state CLOSE_WAIT -u SEEN_REPLY -t 3040",
        "-I -s 10.1.1.6 -d 10.2.2.4 -p tcp --sport 1005 --dport 22 --state LAST_ACK -u SEEN_REPLY -t 3050",
        "-I -s 10.1.1.7 -d 10.2.2.7 -p tcp --sport 1006 --dport 80 --state TIME_WAIT -u SEEN_REPLY,ASSURED -t 3060 "
            + "-m 0x10",
        "-I -s 10.1.1.8 -d 10.2.2.7 -p tcp --sport 1007 --dport 80 --state CLOSE -t 3070",
        "-I -s 10.1.1.9 -d 10.2.2.7 -p tcp --sport 1008 --dport 443 --state ESTABLISHED -u ASSURED -t 3080 "
            + "-m 0xffffffff",
        "-I -s 10.1.1.10 -d 10.2.2.7 -p tcp --sport 1009 --dport 443 --state ESTABLISHED -u FIXED_TIMEOUT -t 3090",
        "-I -s 10.1.1.11 -d 10.2.2.7 -p tcp --sport 1010 --dport 80 --state NONE -t 3095",
        "-I -s 2001:db8::1 -d 2001:db8::2 -p tcp --sport 10 --dport 20 --state ESTABLISHED -u SEEN_REPLY,ASSURED "
            + "-t 3100 -m 7",
        "-I -s 2001:db8::3 -d 2001:db8::4 -p tcp --sport 11 --dport 21 --state LISTEN -t 3110",
        "-I -s 10.1.1.20 -d 10.2.2.53 -p udp --sport 5000 --dport 53 -t 3200 -m 7",
        "-I -s 10.1.1.21 -d 10.2.2.53 -p udp --sport 5001 --dport 53 -u SEEN_REPLY -t 3210 -m 0x107",
        "-I -s 10.1.1.22 -d 10.2.2.53 -p udp --sport 5002 --dport 53 -u SEEN_REPLY,ASSURED -t 3220 -m 0x2a",
        "-I -s 2001:db8::10 -d 2001:db8::53 -p udp --sport 5353 --dport 53 -u SEEN_REPLY,ASSURED -t 3230",
        "-I -s 10.1.1.23 -d 10.2.2.23 -p udplite --sport 1 --dport 2 -t 3240",
        "-I -s 10.1.1.30 -d 10.2.2.30 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 1226 -t 3300",
        "-I -s 10.1.1.31 -d 10.2.2.30 -p icmp --icmp-type 13 --icmp-code 0 --icmp-id 7 -u SEEN_REPLY -t 3310",
        "-I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 77 -t 3320",
        "-I -s 10.1.1.40 -d 10.2.2.40 -p sctp --sport 1 --dport 2 --state ESTABLISHED --orig-vtag 1234 "
            + "--reply-vtag 5678 -t 3400",
        "-I -s 10.1.1.41 -d 10.2.2.40 -p sctp --sport 3 --dport 4 --state COOKIE_WAIT --orig-vtag 0x10 "
            + "--reply-vtag 0 -t 3410",
        "-I -s 10.1.1.50 -d 10.2.2.50 -p gre --srckey 16 --dstkey 32 -t 3500",
        "-I -s 10.1.1.51 -d 10.2.2.50 -p gre --srckey 0x100 --dstkey 0 -t 3510 -m 7",
        "-I -s 10.1.1.60 -d 10.2.2.60 -p dccp --sport 1 --dport 2 --state OPEN --role client -t 3520",
        "-I -s 10.1.1.61 -d 224.0.0.22 -p 2 -t 3530",
        "-I -s 10.1.1.70 -d 10.2.2.70 --dst-nat 8.8.8.8:8080 -p tcp --sport 33 --dport 80 --state ESTABLISHED "
            + "-u SEEN_REPLY,ASSURED -t 3600",
        "-I -s 10.1.1.71 -d 10.2.2.71 --src-nat 9.9.9.9 -p udp --sport 33 --dport 80 -t 3610",
        "-I -s 10.1.1.72 -d 10.2.2.72 --src-nat 9.9.9.9:4000 -p tcp --sport 34 --dport 80 --state ESTABLISHED "
            + "-t 3620",
        "-I -s 10.1.1.73 -d 10.2.2.73 --dst-nat 8.8.4.4 --src-nat 9.9.9.10 -p udp --sport 35 --dport 53 -t 3630",
        "-I -s 2001:db8::50 -d 2001:db8::51 --dst-nat [2001:db8::99]:8080 -p tcp --sport 33 --dport 80 "
            + "--state ESTABLISHED -t 3640",
        "-I -s 10.1.1.80 -d 10.2.2.80 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 3700 -w 3",
        "-I -s 10.1.1.81 -d 10.2.2.80 -p udp --sport 1 --dport 2 -t 3710 --orig-zone 4",
        "-I -s 10.1.1.82 -d 10.2.2.80 -p udp --sport 1 --dport 2 -t 3720 --reply-zone 5",
        "-I -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1000 --dport 80 --state ESTABLISHED -t 3730 -w 3 -m 0x2a");

    /**
     * Created one at a time: 1.4.7 crashes (SIGSEGV) when a {@code -R} batch holds more than one line after a line
     * with {@code --label-add}.
     */
    static final List<String> LABELLED = List.of(
        "-I -s 10.1.1.4 -d 10.2.2.4 -p tcp --sport 1003 --dport 22 --state FIN_WAIT -u SEEN_REPLY,ASSURED -t 3030 "
            + "--label-add web,db",
        "-I -s 10.1.1.12 -d 10.2.2.12 -p udp --sport 1 --dport 2 -t 3035 -m 7 --label-add web");

    private CreatedFlows() {
    }
}
