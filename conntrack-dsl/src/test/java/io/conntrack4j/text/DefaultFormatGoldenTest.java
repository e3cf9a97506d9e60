package io.conntrack4j.text;

import static io.conntrack4j.text.Golden.ASSURED;
import static io.conntrack4j.text.Golden.REPLIED;
import static io.conntrack4j.text.Golden.UNREPLIED;
import static io.conntrack4j.text.Golden.accounted;
import static io.conntrack4j.text.Golden.dumped;
import static io.conntrack4j.text.Golden.formatter;
import static io.conntrack4j.text.Golden.id;
import static io.conntrack4j.text.Golden.tcp;
import static io.conntrack4j.text.Golden.tcpState;
import static io.conntrack4j.text.Golden.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** The default one-line format: every captured line of ctnetlink-and-cli.md §2.1 and §5, byte for byte. */
class DefaultFormatGoldenTest {
    private final ConntrackFormatter plain = formatter().build();

    @Test
    void assuredTcp() {
        assertThat(plain.flow(Golden.assuredTcp(499))).isEqualTo(
            "tcp      6 499 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 dport=20 src=2.2.2.2 dst=1.1.1.1 sport=20 "
                + "dport=10 [ASSURED] mark=0 use=1");
    }

    @Test
    void unrepliedUdpWithMark() {
        final Flow flow = dumped(udp("10.0.0.1", "10.0.0.2", 5000, 53), udp("10.0.0.2", "10.0.0.1", 53, 5000),
            UNREPLIED, 29).mark(7L).build();
        assertThat(plain.flow(flow)).isEqualTo(
            "udp      17 29 src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=53 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 "
                + "sport=53 dport=5000 mark=7 use=1");
    }

    @Test
    void countersComeBeforeUnrepliedAndDeltaTimeIsNowMinusStart() {
        assertThat(plain.flow(Golden.synSent())).isEqualTo(
            "tcp      6 99 SYN_SENT src=3.3.3.3 dst=4.4.4.4 sport=1000 dport=80 packets=0 bytes=0 [UNREPLIED] "
                + "src=4.4.4.4 dst=3.3.3.3 sport=80 dport=1000 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void ipv6TcpListenDisplaysAsSynSent2() {
        final Flow flow = accounted(dumped(tcp("2001:db8::1", "2001:db8::2", 10, 20),
            tcp("2001:db8::2", "2001:db8::1", 20, 10), REPLIED, 49).protoInfo(tcpState(TcpState.parse("LISTEN"))))
            .build();
        assertThat(plain.flow(flow)).isEqualTo(
            "tcp      6 49 SYN_SENT2 src=2001:db8::1 dst=2001:db8::2 sport=10 dport=20 packets=0 bytes=0 "
                + "src=2001:db8::2 dst=2001:db8::1 sport=20 dport=10 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void icmp() {
        assertThat(plain.flow(Golden.icmpFlow(28))).isEqualTo(
            "icmp     1 28 src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=1226 packets=0 bytes=0 src=2.2.2.2 dst=1.1.1.1 "
                + "type=0 code=0 id=1226 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void icmpv6() {
        assertThat(plain.flow(Golden.icmpv6Flow(28))).isEqualTo(
            "icmpv6   58 28 src=2001:db8::1 dst=2001:db8::2 type=128 code=0 id=77 packets=0 bytes=0 [UNREPLIED] "
                + "src=2001:db8::2 dst=2001:db8::1 type=129 code=0 id=77 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void greKeysInHex() {
        assertThat(plain.flow(Golden.greFlow(49))).isEqualTo(
            "gre      47 49 src=7.7.7.1 dst=7.7.7.8 srckey=0x10 dstkey=0x20 packets=0 bytes=0 [UNREPLIED] "
                + "src=7.7.7.8 dst=7.7.7.1 srckey=0x20 dstkey=0x10 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void sctpState() {
        assertThat(plain.flow(Golden.sctpFlow(49))).isEqualTo(
            "sctp     132 49 ESTABLISHED src=7.7.7.1 dst=7.7.7.6 sport=1 dport=2 packets=0 bytes=0 [UNREPLIED] "
                + "src=7.7.7.6 dst=7.7.7.1 sport=2 dport=1 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void unknownProtocolIgmp() {
        assertThat(plain.flow(Golden.igmpFlow(9))).isEqualTo(
            "unknown  2 9 src=0.0.0.0 dst=224.0.0.22 packets=0 bytes=0 [UNREPLIED] src=224.0.0.22 dst=0.0.0.0 "
                + "packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void origZoneAfterTheOriginalTuple() {
        assertThat(plain.flow(Golden.origZoned(49))).isEqualTo(
            "tcp      6 49 ESTABLISHED src=7.7.7.1 dst=7.7.7.5 sport=1 dport=2 zone-orig=4 packets=0 bytes=0 "
                + "[UNREPLIED] src=7.7.7.5 dst=7.7.7.1 sport=2 dport=1 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void zoneAfterTheMark() {
        assertThat(plain.flow(Golden.zoned(49))).isEqualTo(
            "tcp      6 49 ESTABLISHED src=7.7.7.1 dst=7.7.7.4 sport=1 dport=2 packets=0 bytes=0 [UNREPLIED] "
                + "src=7.7.7.4 dst=7.7.7.1 sport=2 dport=1 packets=0 bytes=0 mark=0 zone=3 delta-time=0 use=1");
    }

    @Test
    void destinationNat() {
        assertThat(plain.flow(Golden.dnat(49))).isEqualTo(
            "tcp      6 49 ESTABLISHED src=7.7.7.1 dst=7.7.7.2 sport=33 dport=80 packets=0 bytes=0 src=8.8.8.8 "
                + "dst=7.7.7.1 sport=8080 dport=33 packets=0 bytes=0 [ASSURED] mark=0 delta-time=0 use=1");
    }

    @Test
    void sourceNat() {
        assertThat(plain.flow(Golden.snat(49))).isEqualTo(
            "udp      17 49 src=7.7.7.1 dst=7.7.7.3 sport=33 dport=80 packets=0 bytes=0 [UNREPLIED] src=7.7.7.3 "
                + "dst=9.9.9.9 sport=80 dport=33 packets=0 bytes=0 mark=0 delta-time=0 use=1");
    }

    @Test
    void helperBeforeUse() {
        final Flow flow = dumped(tcp("50.0.0.1", "50.0.0.2", 2005, 21), tcp("50.0.0.2", "50.0.0.1", 21, 2005),
            ASSURED, 299).protoInfo(tcpState(TcpState.ESTABLISHED)).helper("ftp").build();
        assertThat(plain.flow(flow)).isEqualTo(
            "tcp      6 299 ESTABLISHED src=50.0.0.1 dst=50.0.0.2 sport=2005 dport=21 src=50.0.0.2 dst=50.0.0.1 "
                + "sport=21 dport=2005 [ASSURED] mark=0 helper=ftp use=1");
    }

    /** §5: {@code conntrack -L -o extended,id} on the two flows whose dump messages §5.2 and §5.3 annotate. */
    @Test
    void capturedExtendedIdLines() {
        final Flow udpFlow = dumped(udp("10.1.1.1", "10.2.2.2", 5353, 53), udp("10.2.2.2", "10.1.1.1", 53, 5353),
            UNREPLIED, 119).mark(42L).id(id(0xac221f00L)).build();
        // CTA_TIMESTAMP_START of §5.3: 0x18ebc236702f68db ns = 1795742415.503452379 s
        final Flow tcpFlow = dumped(tcp("192.168.1.10", "192.168.1.20", 40000, 443),
            tcp("192.168.1.20", "192.168.1.10", 443, 40000), ASSURED, 299).protoInfo(tcpState(TcpState.ESTABLISHED))
            .countersOriginal(Counters.ZERO).countersReply(Counters.ZERO)
            .timestamps(Timestamps.started(0x18ebc236702f68dbL)).id(id(3028591172L)).build();
        final ConntrackFormatter f = formatter(OutputOption.EXTENDED, OutputOption.ID)
            .clock(Golden.clockAt(Instant.ofEpochSecond(1_795_742_415L, 900_000_000))).build();
        assertThat(f.flow(udpFlow)).isEqualTo(
            "ipv4     2 udp      17 119 src=10.1.1.1 dst=10.2.2.2 sport=5353 dport=53 [UNREPLIED] src=10.2.2.2 "
                + "dst=10.1.1.1 sport=53 dport=5353 mark=42 use=1 id=2887917312");
        assertThat(f.flow(tcpFlow)).isEqualTo(
            "ipv4     2 tcp      6 299 ESTABLISHED src=192.168.1.10 dst=192.168.1.20 sport=40000 dport=443 "
                + "packets=0 bytes=0 src=192.168.1.20 dst=192.168.1.10 sport=443 dport=40000 packets=0 bytes=0 "
                + "[ASSURED] mark=0 delta-time=0 use=1 id=3028591172");
    }

    @Test
    void deltaTimeCountsWholeSecondsFromStartToNow() {
        final Flow flow = Golden.synSent().toBuilder()
            .timestamps(Timestamps.started(Golden.START_NS - 3_600_000_000_000L)).build();
        assertThat(plain.flow(flow)).contains(" delta-time=3600 use=1");
    }

    @Test
    void deltaTimeOfADeadFlowIsStopMinusStart() {
        final long start = Golden.START_NS - 100_000_000_000L;
        final Flow flow = Golden.synSent().toBuilder()
            .timestamps(new Timestamps(Option.some(start), Option.some(start + 42_900_000_000L))).build();
        // the one-line format truncates stop (x.023 s) and start (y.123 s) to seconds before subtracting: 43, not 42
        assertThat(plain.flow(flow)).contains(" delta-time=43 use=1");
        // the XML format divides the difference: 42
        assertThat(formatter(OutputOption.XML).build().flow(flow)).contains("<deltatime>42</deltatime>");
    }

    @Test
    void offloadFlagsTakePrecedenceOverAssured() {
        final Flow assured = Golden.assuredTcp(10);
        final int status = assured.status().get().value();
        final Flow hw = assured.toBuilder()
            .status(new StatusBits(status | Status.OFFLOAD.value() | Status.HW_OFFLOAD.value())).build();
        final Flow sw = assured.toBuilder().status(new StatusBits(status | Status.OFFLOAD.value())).build();
        assertThat(plain.flow(hw)).endsWith("sport=20 dport=10 [HW_OFFLOAD] mark=0 use=1");
        assertThat(plain.flow(sw)).endsWith("sport=20 dport=10 [OFFLOAD] mark=0 use=1");
    }

    @Test
    void secmarkSecctxReplyZoneAndCountersInOrder() {
        final Flow flow = Flow.builder(tcp("1.1.1.1", "2.2.2.2", 1, 2))
            .reply(tcp("2.2.2.2", "1.1.1.1", 2, 1).withZone(7)).status(new StatusBits((int) REPLIED)).timeout(5L)
            .countersOriginal(new Counters(3, 180)).countersReply(new Counters(-1L, 1L << 40))
            .mark(4294967295L).secmark(9L).secctx("system_u:object_r:unlabeled_t:s0").zone(65535).use(2L)
            .build();
        assertThat(plain.flow(flow)).isEqualTo(
            "tcp      6 5 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 packets=3 bytes=180 src=2.2.2.2 dst=1.1.1.1 "
                + "sport=2 dport=1 zone-reply=7 packets=18446744073709551615 bytes=1099511627776 mark=4294967295 "
                + "secmark=9 secctx=system_u:object_r:unlabeled_t:s0 zone=65535 use=2");
    }

    @Test
    void withoutStatusNeitherUnrepliedNorAssuredAndNoTrailingBlank() {
        final Flow flow = Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).reply(udp("10.0.0.2", "10.0.0.1", 2, 1))
            .build();
        assertThat(plain.flow(flow)).isEqualTo(
            "udp      17 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1");
    }

    @Test
    void modelToStringUsesTheDefaultFormat() {
        final Flow flow = Golden.assuredTcp(499);
        assertThat(flow.toString()).isEqualTo(ConntrackFormatter.DEFAULT.flow(flow)).startsWith("tcp      6 499 ");
    }
}
