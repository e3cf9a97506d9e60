package io.conntrack4j.text;

import static io.conntrack4j.text.Golden.REPLIED;
import static io.conntrack4j.text.Golden.UNREPLIED;
import static io.conntrack4j.text.Golden.dumped;
import static io.conntrack4j.text.Golden.formatter;
import static io.conntrack4j.text.Golden.tcp;
import static io.conntrack4j.text.Golden.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.DccpState;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SctpState;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@code -o save}: every line of §2.4 (abbreviated ones completed from the matching §2.1 flows). */
class SaveFormatGoldenTest {
    private final ConntrackFormatter save = formatter(OutputOption.SAVE).build();

    @Test
    void assuredTcp() {
        assertThat(save.flow(Golden.assuredTcp(496))).isEqualTo(
            "-A -t 496 -u SEEN_REPLY,ASSURED -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p tcp --sport 10 --dport 20 "
                + "--reply-port-src 20 --reply-port-dst 10 --state ESTABLISHED");
    }

    @Test
    void unrepliedUdpIsUnset() {
        final Flow flow = dumped(udp("10.0.0.1", "10.0.0.2", 5000, 53), udp("10.0.0.2", "10.0.0.1", 53, 5000),
            UNREPLIED, 26).mark(7L).build();
        assertThat(save.flow(flow)).isEqualTo(
            "-A -t 26 -u UNSET -s 10.0.0.1 -d 10.0.0.2 -r 10.0.0.2 -q 10.0.0.1 -p udp --sport 5000 --dport 53 "
                + "--reply-port-src 53 --reply-port-dst 5000");
    }

    @Test
    void destinationNatReplacesReplySource() {
        assertThat(save.flow(Golden.dnat(46))).isEqualTo(
            "-A -t 46 -u SEEN_REPLY,ASSURED -s 7.7.7.1 -d 7.7.7.2 -g 8.8.8.8 -q 7.7.7.1 -p tcp --sport 33 --dport 80 "
                + "--reply-port-src 8080 --reply-port-dst 33 --state ESTABLISHED");
    }

    @Test
    void sourceNatReplacesReplyDestination() {
        assertThat(save.flow(Golden.snat(46))).isEqualTo(
            "-A -t 46 -u UNSET -s 7.7.7.1 -d 7.7.7.3 -r 7.7.7.3 -n 9.9.9.9 -p udp --sport 33 --dport 80 "
                + "--reply-port-src 80 --reply-port-dst 33");
    }

    /** §2.4 abbreviates this line after {@code -d 7.7.7.4}; the rest follows from the zone=3 flow of §2.1. */
    @Test
    void zone() {
        assertThat(save.flow(Golden.zoned(46))).isEqualTo(
            "-A -t 46 -u UNSET -w 3 -s 7.7.7.1 -d 7.7.7.4 -r 7.7.7.4 -q 7.7.7.1 -p tcp --sport 1 --dport 2 "
                + "--reply-port-src 2 --reply-port-dst 1 --state ESTABLISHED");
    }

    /** §2.4 abbreviates this line after {@code -d 7.7.7.5}; the rest follows from the zone-orig=4 flow of §2.1. */
    @Test
    void origZone() {
        assertThat(save.flow(Golden.origZoned(46))).isEqualTo(
            "-A -t 46 -u UNSET --orig-zone 4 -s 7.7.7.1 -d 7.7.7.5 -r 7.7.7.5 -q 7.7.7.1 -p tcp --sport 1 --dport 2 "
                + "--reply-port-src 2 --reply-port-dst 1 --state ESTABLISHED");
    }

    @Test
    void replyZone() {
        final Flow flow = Golden.origZoned(46).toBuilder().reply(tcp("7.7.7.5", "7.7.7.1", 2, 1).withZone(6)).build();
        assertThat(save.flow(flow)).startsWith("-A -t 46 -u UNSET --orig-zone 4 --reply-zone 6 -s 7.7.7.1 ");
    }

    @Test
    void sctpWithStateAndVtags() {
        assertThat(save.flow(Golden.sctpFlow(46))).isEqualTo(
            "-A -t 46 -u UNSET -s 7.7.7.1 -d 7.7.7.6 -r 7.7.7.6 -q 7.7.7.1 -p sctp --sport 1 --dport 2 "
                + "--reply-port-src 2 --reply-port-dst 1 --state ESTABLISHED --orig-vtag 1234 --reply-vtag 5678");
    }

    @Test
    void greKeysInDecimal() {
        assertThat(save.flow(Golden.greFlow(46))).isEqualTo(
            "-A -t 46 -u UNSET -s 7.7.7.1 -d 7.7.7.8 -r 7.7.7.8 -q 7.7.7.1 -p gre --srckey 16 --dstkey 32 "
                + "--reply-key-src 32 --reply-key-dst 16");
    }

    @Test
    void icmp() {
        assertThat(save.flow(Golden.icmpFlow(25))).isEqualTo(
            "-A -t 25 -u SEEN_REPLY -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p icmp --icmp-type 8 --icmp-code 0 "
                + "--icmp-id 1226");
    }

    @Test
    void icmpv6() {
        assertThat(save.flow(Golden.icmpv6Flow(25))).isEqualTo(
            "-A -t 25 -u UNSET -s 2001:db8::1 -d 2001:db8::2 -r 2001:db8::2 -q 2001:db8::1 -p icmpv6 "
                + "--icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 77");
    }

    @Test
    void unknownProtocolByNumber() {
        assertThat(save.flow(Golden.igmpFlow(6))).isEqualTo(
            "-A -t 6 -u UNSET -s 0.0.0.0 -d 224.0.0.22 -r 224.0.0.22 -q 0.0.0.0 -p 2");
    }

    /** §2.4 shows only {@code -D -t 99 -u SEEN_REPLY -s 13.0.0.2 ...}; the tuples here are made up to complete it. */
    @Test
    void deletePrefix() {
        final Flow flow = dumped(udp("13.0.0.2", "13.0.0.1", 5, 6), udp("13.0.0.1", "13.0.0.2", 6, 5), REPLIED, 99)
            .build();
        assertThat(save.flow(flow, FlowContext.DELETE)).isEqualTo(
            "-D -t 99 -u SEEN_REPLY -s 13.0.0.2 -d 13.0.0.1 -r 13.0.0.1 -q 13.0.0.2 -p udp --sport 5 --dport 6 "
                + "--reply-port-src 6 --reply-port-dst 5");
        assertThat(save.flow(flow, FlowContext.UPDATE)).startsWith("-A -t 99 ");
        assertThat(save.flow(flow, FlowContext.GET)).startsWith("-A -t 99 ");
    }

    /**
     * §2.4 shows {@code -U -t 59 -u UNSET ... [USERSPACE] portid=4117292827}; the flow is the one of the UPDATE
     * event of §2.5 that carries that port id.
     */
    @Test
    void updateEventKeepsTheUserspaceSuffix() {
        final Flow flow = Flow.builder(udp("12.0.0.1", "12.0.0.2", 1, 2)).reply(udp("12.0.0.2", "12.0.0.1", 2, 1))
            .status(Status.CONFIRMED).timeout(59L).mark(9L).build();
        assertThat(save.event(Golden.event(EventType.UPDATE, flow, 4117292827L))).isEqualTo(
            "-U -t 59 -u UNSET -s 12.0.0.1 -d 12.0.0.2 -r 12.0.0.2 -q 12.0.0.1 -p udp --sport 1 --dport 2 "
                + "--reply-port-src 2 --reply-port-dst 1 [USERSPACE] portid=4117292827");
        assertThat(save.event(Golden.event(EventType.NEW, flow, 0))).startsWith("-A -t 59 ").doesNotContain("[");
        assertThat(save.event(Golden.event(EventType.DESTROY, flow, 0))).startsWith("-D -t 59 ");
    }

    @Test
    void statusListsOnlyTheFourSettableBitsInBitOrder() {
        final Flow flow = Golden.assuredTcp(1).toBuilder().status(new StatusBits(0xffff)).build();
        assertThat(save.flow(flow)).startsWith("-A -t 1 -u EXPECTED,SEEN_REPLY,ASSURED,FIXED_TIMEOUT -s ");
    }

    @Test
    void markLabelsUseIdAndCountersAreNotSaved() {
        final Flow flow = Golden.synSent().toBuilder().mark(5L).labels(Labels.of(3)).id(Golden.id(9)).helper("ftp")
            .build();
        assertThat(save.flow(flow)).isEqualTo(
            "-A -t 99 -u UNSET -s 3.3.3.3 -d 4.4.4.4 -r 4.4.4.4 -q 3.3.3.3 -p tcp --sport 1000 --dport 80 "
                + "--reply-port-src 80 --reply-port-dst 1000 --state SYN_SENT");
    }

    @Test
    void withoutTimeoutOrStatusNothingIsPrintedForThem() {
        final Flow flow = Flow.builder(Tuple.tcp("1.1.1.1", "2.2.2.2", 1, 2)).build();
        assertThat(save.flow(flow)).isEqualTo("-A -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 1 --dport 2");
    }

    /** NAT detection without a status word: libnetfilter_conntrack then trusts the addresses alone. */
    @Test
    void natWithoutStatus() {
        final Flow flow = Flow.builder(udp("7.7.7.1", "7.7.7.3", 33, 80)).reply(udp("1.2.3.4", "9.9.9.9", 80, 33))
            .build();
        assertThat(save.flow(flow)).isEqualTo(
            "-A -s 7.7.7.1 -d 7.7.7.3 -g 1.2.3.4 -n 9.9.9.9 -p udp --sport 33 --dport 80 --reply-port-src 80 "
                + "--reply-port-dst 33");
    }

    @Test
    void natWithoutTheDoneBitIsNotNat() {
        final Flow flow = Golden.snat(46).toBuilder().status(Status.CONFIRMED, Status.SRC_NAT).build();
        assertThat(save.flow(flow)).contains(" -r 7.7.7.3 -q 9.9.9.9 ");
    }

    @Test
    void dccpStateAndRole() {
        final Flow flow = Flow.builder(Tuple.ports("1.1.1.1", "2.2.2.2", Protocol.DCCP, 1, 2))
            .reply(Tuple.ports("2.2.2.2", "1.1.1.1", Protocol.DCCP, 2, 1))
            .protoInfo(new ProtoInfo.Dccp(DccpState.OPEN, Option.some(1), Option.none())).build();
        assertThat(save.flow(flow)).isEqualTo("-A -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p dccp --sport 1 "
            + "--dport 2 --reply-port-src 2 --reply-port-dst 1 --state OPEN --role server");
    }

    @Test
    void sctpHeartbeatStatesAreMissingFromConntrackToolsTable() {
        final Flow flow = Golden.sctpFlow(1).toBuilder()
            .protoInfo(new ProtoInfo.Sctp(SctpState.HEARTBEAT_SENT, Option.none(), Option.none())).build();
        assertThat(save.flow(flow)).endsWith("--reply-port-dst 1 --state (null)");
    }

    @Test
    void saveWithAnyOtherOptionIsRejected() {
        for (final OutputOption other : OutputOption.values()) {
            if (other == OutputOption.SAVE || other == OutputOption.USERSPACE) {
                continue;
            }
            assertThatThrownBy(() -> ConntrackFormatter.builder().options(OutputOption.SAVE, other).build())
                .as("save,%s", other.keyword())
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("cannot combine save output with any other output type, use -o save only")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("output"));
        }
    }

    /** {@code userspace} sets no output bit in 1.4.7, so {@code -o save,userspace} is accepted. */
    @Test
    void saveWithUserspaceIsAccepted() {
        final ConntrackFormatter f =
            ConntrackFormatter.builder().options(OutputOption.SAVE, OutputOption.USERSPACE).build();
        assertThat(f.flow(Golden.assuredTcp(496))).isEqualTo(save.flow(Golden.assuredTcp(496)));
    }
}
