package io.conntrack4j.text;

import static io.conntrack4j.text.Golden.event;
import static io.conntrack4j.text.Golden.formatter;
import static io.conntrack4j.text.Golden.tcp;
import static io.conntrack4j.text.Golden.tcpState;
import static io.conntrack4j.text.Golden.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** Event lines ({@code conntrack -E}): every captured line of §2.5, the timestamp prefix and the suffix. */
class EventFormatGoldenTest {
    /** The receive time of the §2.5 timestamp example: {@code [1795742393.398603]}. */
    private static final Instant RECEIVED = Instant.ofEpochSecond(1_795_742_393L, 398_603_999);

    private final ConntrackFormatter plain = formatter().clock(Golden.clockAt(RECEIVED)).build();

    /** UDP 12.0.0.1:1 -> 12.0.0.2:2 created, updated and deleted with conntrack; events carry no use. */
    private static Flow.Builder udpEventFlow(final long timeout, final Long mark) {
        return Flow.builder(udp("12.0.0.1", "12.0.0.2", 1, 2)).reply(udp("12.0.0.2", "12.0.0.1", 2, 1))
            .status(Status.CONFIRMED).timeout(timeout).mark(mark);
    }

    /** The loopback connection of §2.5: no mark and no port id (caused by packets). */
    private static Flow loopback(final TcpState state, final long timeout, final Status... status) {
        return Flow.builder(tcp("127.0.0.1", "127.0.0.1", 60276, 8080)).reply(tcp("127.0.0.1", "127.0.0.1", 8080, 60276))
            .status(status).timeout(timeout).protoInfo(tcpState(state)).build();
    }

    @Test
    void newFromUserspace() {
        assertThat(plain.event(event(EventType.NEW, udpEventFlow(60, 0L).build(), 9961))).isEqualTo(
            "    [NEW] udp      17 60 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 [UNREPLIED] src=12.0.0.2 dst=12.0.0.1 "
                + "sport=2 dport=1 mark=0 [USERSPACE] portid=9961");
    }

    @Test
    void updateFromUserspaceWithAFullWidthPortId() {
        assertThat(plain.event(event(EventType.UPDATE, udpEventFlow(59, 9L).build(), 4117292827L))).isEqualTo(
            " [UPDATE] udp      17 59 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 [UNREPLIED] src=12.0.0.2 "
                + "dst=12.0.0.1 sport=2 dport=1 mark=9 [USERSPACE] portid=4117292827");
    }

    @Test
    void destroyWithCountersAndDeltaTime() {
        final Flow flow = udpEventFlow(59, 9L).status(Status.CONFIRMED, Status.DYING)
            .countersOriginal(Counters.ZERO).countersReply(Counters.ZERO)
            .timestamps(Timestamps.started(1_795_742_393_000_000_000L)).build();
        assertThat(plain.event(event(EventType.DESTROY, flow, 3857312011L))).isEqualTo(
            "[DESTROY] udp      17 59 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 packets=0 bytes=0 [UNREPLIED] "
                + "src=12.0.0.2 dst=12.0.0.1 sport=2 dport=1 packets=0 bytes=0 mark=9 delta-time=0 "
                + "[USERSPACE] portid=3857312011");
    }

    @Test
    void newFromUserspaceWithProgname() {
        final Flow flow = Flow.builder(tcp("12.0.0.3", "12.0.0.4", 1, 2)).reply(tcp("12.0.0.4", "12.0.0.3", 2, 1))
            .status(Status.CONFIRMED).timeout(60L).protoInfo(tcpState(TcpState.ESTABLISHED)).mark(0L).build();
        assertThat(plain.event(event(EventType.NEW, flow, 9964), "conntrack")).isEqualTo(
            "    [NEW] tcp      6 60 ESTABLISHED src=12.0.0.3 dst=12.0.0.4 sport=1 dport=2 [UNREPLIED] src=12.0.0.4 "
                + "dst=12.0.0.3 sport=2 dport=1 mark=0 [USERSPACE] portid=9964 progname=conntrack");
    }

    @Test
    void eventsCausedByPacketsHaveNoSuffixAndNoMark() {
        assertThat(plain.event(event(EventType.NEW, loopback(TcpState.SYN_SENT, 120, Status.CONFIRMED), 0)))
            .isEqualTo("    [NEW] tcp      6 120 SYN_SENT src=127.0.0.1 dst=127.0.0.1 sport=60276 dport=8080 "
                + "[UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=60276");
        assertThat(plain.event(event(EventType.UPDATE,
            loopback(TcpState.SYN_RECV, 60, Status.CONFIRMED, Status.SEEN_REPLY), 0)))
            .isEqualTo(" [UPDATE] tcp      6 60 SYN_RECV src=127.0.0.1 dst=127.0.0.1 sport=60276 dport=8080 "
                + "src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=60276");
        assertThat(plain.event(event(EventType.UPDATE,
            loopback(TcpState.ESTABLISHED, 432000, Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED), 0)))
            .isEqualTo(" [UPDATE] tcp      6 432000 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 sport=60276 dport=8080 "
                + "src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=60276 [ASSURED]");
        assertThat(plain.event(event(EventType.UPDATE,
            loopback(TcpState.TIME_WAIT, 120, Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED), 0)))
            .isEqualTo(" [UPDATE] tcp      6 120 TIME_WAIT src=127.0.0.1 dst=127.0.0.1 sport=60276 dport=8080 "
                + "src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=60276 [ASSURED]");
    }

    @Test
    void prognameNeedsAPortId() {
        assertThat(plain.event(event(EventType.NEW, loopback(TcpState.SYN_SENT, 120, Status.CONFIRMED), 0), "curl"))
            .endsWith("dport=60276");
    }

    @Test
    void markAbsentInAnEventPrintsNoMark() {
        assertThat(plain.event(event(EventType.UPDATE, udpEventFlow(30, null).build(), 0)))
            .isEqualTo(" [UPDATE] udp      17 30 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 [UNREPLIED] "
                + "src=12.0.0.2 dst=12.0.0.1 sport=2 dport=1");
    }

    @Test
    void timestampPrefixFromTheClock() {
        final ConntrackFormatter f = formatter(OutputOption.TIMESTAMP).clock(Golden.clockAt(RECEIVED)).build();
        assertThat(f.event(event(EventType.NEW, udpEventFlow(60, 0L).build(), 9961))).isEqualTo(
            "[1795742393.398603]\t    [NEW] udp      17 60 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 [UNREPLIED] "
                + "src=12.0.0.2 dst=12.0.0.1 sport=2 dport=1 mark=0 [USERSPACE] portid=9961");
    }

    @Test
    void timestampPrefixPadsSecondsToEightAndMicrosToSixDigits() {
        final ConntrackFormatter f = formatter(OutputOption.TIMESTAMP)
            .clock(Golden.clockAt(Instant.ofEpochSecond(12345, 5_000))).build();
        assertThat(f.event(event(EventType.NEW, udpEventFlow(60, 0L).build(), 0))).startsWith("[00012345.000005]\t    [NEW] ");
    }

    /** The kernel's event timestamp is ignored: 1.4.7 prints the userspace receive time. */
    @Test
    void timestampPrefixIgnoresTheKernelEventTime() {
        final ConntrackFormatter f = formatter(OutputOption.TIMESTAMP).clock(Golden.clockAt(RECEIVED)).build();
        final FlowEvent e = new FlowEvent(EventType.NEW, udpEventFlow(60, 0L).build(), 0, Option.some(5_000_000_000L));
        assertThat(f.event(e)).startsWith("[1795742393.398603]\t");
    }

    /** §2.5 shows this DESTROY line abbreviated; the flow is the DESTROY of §2.5 with start and stop times. */
    @Test
    void ktimestampOnDestroy() {
        final long at = 1_795_742_393_000_000_000L;
        final Flow flow = udpEventFlow(59, 9L).status(Status.CONFIRMED, Status.DYING)
            .countersOriginal(Counters.ZERO).countersReply(Counters.ZERO)
            .timestamps(new Timestamps(Option.some(at + 100), Option.some(at + 200_000_000))).build();
        final ConntrackFormatter f = formatter(OutputOption.KTIMESTAMP).clock(Golden.clockAt(RECEIVED)).build();
        assertThat(f.event(event(EventType.DESTROY, flow, 3857312011L))).isEqualTo(
            "[DESTROY] udp      17 59 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 packets=0 bytes=0 [UNREPLIED] "
                + "src=12.0.0.2 dst=12.0.0.1 sport=2 dport=1 packets=0 bytes=0 mark=9 delta-time=0 "
                + "[start=Fri Nov 27 01:19:53 2026] [stop=Fri Nov 27 01:19:53 2026] [USERSPACE] portid=3857312011");
    }

    /** Built from the first §2.5 event with the XML rules; 1.4.7 appends the suffix after {@code </flow>}. */
    @Test
    void xmlEvent() {
        final ConntrackFormatter f = formatter(OutputOption.XML).clock(Golden.clockAt(RECEIVED)).build();
        assertThat(f.event(event(EventType.NEW, udpEventFlow(60, 0L).build(), 9961))).isEqualTo(
            "<flow type=\"new\"><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\">"
                + "<src>12.0.0.1</src><dst>12.0.0.2</dst></layer3><layer4 protonum=\"17\" protoname=\"udp\">"
                + "<sport>1</sport><dport>2</dport></layer4></meta><meta direction=\"reply\">"
                + "<layer3 protonum=\"2\" protoname=\"ipv4\"><src>12.0.0.2</src><dst>12.0.0.1</dst></layer3>"
                + "<layer4 protonum=\"17\" protoname=\"udp\"><sport>2</sport><dport>1</dport></layer4></meta>"
                + "<meta direction=\"independent\"><timeout>60</timeout><mark>0</mark><unreplied/></meta></flow>"
                + " [USERSPACE] portid=9961");
    }

    @Test
    void extendedIdAndLabelsApplyToEvents() {
        final Flow flow = udpEventFlow(60, 0L).id(Golden.id(4)).labels(Labels.of(0)).build();
        final ConntrackFormatter f = formatter(OutputOption.EXTENDED, OutputOption.ID, OutputOption.LABELS)
            .labelMap(LabelMap.parse("0 web\n")).clock(Golden.clockAt(RECEIVED)).build();
        assertThat(f.event(event(EventType.NEW, flow, 0))).isEqualTo(
            "    [NEW] ipv4     2 udp      17 60 src=12.0.0.1 dst=12.0.0.2 sport=1 dport=2 [UNREPLIED] src=12.0.0.2 "
                + "dst=12.0.0.1 sport=2 dport=1 mark=0 id=4 labels=web");
    }

    @Test
    void modelToStringUsesTheDefaultFormat() {
        final FlowEvent e = event(EventType.NEW, loopback(TcpState.SYN_SENT, 120, Status.CONFIRMED), 0);
        assertThat(e.toString()).startsWith("    [NEW] tcp      6 120 SYN_SENT ");
    }
}
