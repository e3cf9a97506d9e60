package io.conntrack4j.text;

import static io.conntrack4j.text.Golden.UNREPLIED;
import static io.conntrack4j.text.Golden.accounted;
import static io.conntrack4j.text.Golden.dumped;
import static io.conntrack4j.text.Golden.formatter;
import static io.conntrack4j.text.Golden.id;
import static io.conntrack4j.text.Golden.tcp;
import static io.conntrack4j.text.Golden.tcpState;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@code -o extended}, {@code id}, {@code ktimestamp}, {@code labels}, {@code timestamp}: the lines of §2.2. */
class OutputOptionsGoldenTest {
    private static final LabelMap LABELS = LabelMap.parse("# connlabel.conf\n0 eth0-in\n1 eth0-out\n2 priority\n");

    /** The §2.2 labels line: labels 0 and 2 set. */
    private static Flow labelled() {
        return accounted(dumped(tcp("11.0.0.1", "11.0.0.2", 1, 2), tcp("11.0.0.2", "11.0.0.1", 2, 1), UNREPLIED, 59)
            .protoInfo(tcpState(TcpState.ESTABLISHED)).labels(Labels.of(0, 2))).build();
    }

    @Test
    void extended() {
        assertThat(formatter(OutputOption.EXTENDED).build().flow(Golden.assuredTcp(497))).isEqualTo(
            "ipv4     2 tcp      6 497 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 dport=20 src=2.2.2.2 dst=1.1.1.1 "
                + "sport=20 dport=10 [ASSURED] mark=0 use=1");
    }

    @Test
    void idOption() {
        final Flow flow = Golden.assuredTcp(497).toBuilder().id(Golden.id(3232542143L)).build();
        assertThat(formatter(OutputOption.ID).build().flow(flow)).isEqualTo(
            "tcp      6 497 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 dport=20 src=2.2.2.2 dst=1.1.1.1 sport=20 "
                + "dport=10 [ASSURED] mark=0 use=1 id=3232542143");
        assertThat(formatter().build().flow(flow)).doesNotContain("id=");
    }

    @Test
    void extendedKtimestampId() {
        final Flow flow = Golden.synSent().toBuilder().id(id(3857978745L)).build();
        final ConntrackFormatter f =
            formatter(OutputOption.EXTENDED, OutputOption.KTIMESTAMP, OutputOption.ID).build();
        assertThat(f.flow(flow)).isEqualTo(
            "ipv4     2 tcp      6 99 SYN_SENT src=3.3.3.3 dst=4.4.4.4 sport=1000 dport=80 packets=0 bytes=0 "
                + "[UNREPLIED] src=4.4.4.4 dst=3.3.3.3 sport=80 dport=1000 packets=0 bytes=0 mark=0 delta-time=0 "
                + "[start=Fri Nov 27 01:19:10 2026] use=1 id=3857978745");
    }

    @Test
    void labelsWithALabelMap() {
        assertThat(formatter(OutputOption.LABELS).labelMap(LABELS).build().flow(labelled())).isEqualTo(
            "tcp      6 59 ESTABLISHED src=11.0.0.1 dst=11.0.0.2 sport=1 dport=2 packets=0 bytes=0 [UNREPLIED] "
                + "src=11.0.0.2 dst=11.0.0.1 sport=2 dport=1 packets=0 bytes=0 mark=0 delta-time=0 use=1 "
                + "labels=eth0-in,priority");
    }

    @Test
    void labelsNeedTheOptionAndANonEmptyMap() {
        final String plain = formatter().build().flow(labelled());
        assertThat(plain).endsWith("delta-time=0 use=1");
        // no /etc/xtables/connlabel.conf: 1.4.7 prints no labels
        assertThat(formatter(OutputOption.LABELS).build().flow(labelled())).isEqualTo(plain);
        assertThat(formatter(OutputOption.LABELS).labelMap(LabelMap.EMPTY).build().flow(labelled())).isEqualTo(plain);
        // a map without -o labels prints nothing either
        assertThat(formatter().labelMap(LABELS).build().flow(labelled())).isEqualTo(plain);
    }

    @Test
    void labelsWithoutAnyNameLeaveABareKeyword() {
        // libnetfilter_conntrack overwrites the last character after the names, here the '=', with the separator
        final Flow flow = labelled().toBuilder().labels(Labels.of(100)).build();
        assertThat(formatter(OutputOption.LABELS).labelMap(LABELS).build().flow(flow)).endsWith("use=1 labels");
    }

    @Test
    void idComesBeforeLabels() {
        final Flow flow = labelled().toBuilder().id(id(1)).build();
        assertThat(formatter(OutputOption.LABELS, OutputOption.ID).labelMap(LABELS).build().flow(flow))
            .endsWith(" use=1 id=1 labels=eth0-in,priority");
    }

    @Test
    void timestampAndUserspaceDoNotChangeFlowLines() {
        final String plain = formatter().build().flow(Golden.synSent());
        assertThat(formatter(OutputOption.TIMESTAMP, OutputOption.USERSPACE).build().flow(Golden.synSent()))
            .isEqualTo(plain);
    }

    @Test
    void ktimestampPrintsStartAndStopInLocalTime() {
        final long start = 1_795_742_350L * 1_000_000_000L;
        final Flow flow = Golden.synSent().toBuilder()
            .timestamps(new Timestamps(Option.some(start), Option.some(start + 5_000_000_000L))).build();
        final ConntrackFormatter f = formatter(OutputOption.KTIMESTAMP)
            .zone(java.time.ZoneId.of("America/New_York")).build();
        assertThat(f.flow(flow)).endsWith(
            "delta-time=5 [start=Thu Nov 26 20:19:10 2026] [stop=Thu Nov 26 20:19:15 2026] use=1");
    }

    @Test
    void ctimePadsTheDayOfMonthWithABlank() {
        final long start = java.time.Instant.parse("2027-03-07T04:05:06Z").getEpochSecond() * 1_000_000_000L;
        final Flow flow = Golden.synSent().toBuilder().timestamps(Timestamps.started(start)).build();
        assertThat(formatter(OutputOption.KTIMESTAMP).build().flow(flow)).contains("[start=Sun Mar  7 04:05:06 2027]");
    }

    @Test
    void contextsApplyOptionsAsTheCliCodePathsDo() {
        final Flow flow = labelled().toBuilder().id(id(5)).build();
        final ConntrackFormatter f = formatter(OutputOption.EXTENDED, OutputOption.ID, OutputOption.KTIMESTAMP,
            OutputOption.LABELS).labelMap(LABELS).build();
        final String list = f.flow(flow, FlowContext.LIST);
        assertThat(list).startsWith("ipv4     2 tcp").contains("[start=").endsWith(" id=5 labels=eth0-in,priority");
        assertThat(f.flow(flow, FlowContext.GET)).isEqualTo(list);
        // the update re-read (mnl_nfct_print_cb): no ktimestamp
        assertThat(f.flow(flow, FlowContext.UPDATE)).startsWith("ipv4     2 tcp").doesNotContain("[start=")
            .endsWith(" id=5 labels=eth0-in,priority");
        // the delete path (mnl_nfct_delete_cb): no ktimestamp, no labels
        assertThat(f.flow(flow, FlowContext.DELETE)).startsWith("ipv4     2 tcp").doesNotContain("[start=")
            .endsWith("delta-time=0 use=1 id=5");
    }
}
