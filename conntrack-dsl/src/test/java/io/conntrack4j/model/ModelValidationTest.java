package io.conntrack4j.model;

import io.conntrack4j.FlowQuery;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.NatMatch;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Invalid input to the model, the DSL values and the requests raises {@link InvalidValueException} naming the
 * offending field, at construction, before anything could be sent.
 */
class ModelValidationTest {
    private static final IpAddress A4 = IpAddress.parse("10.0.0.1");
    private static final IpAddress B4 = IpAddress.parse("10.0.0.2");
    private static final IpAddress A6 = IpAddress.parse("2001:db8::1");
    private static final IpAddress B6 = IpAddress.parse("2001:db8::2");
    private static final Tuple TCP4 = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);

    private static Flow.Builder flow() {
        return Flow.builder(TCP4);
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
            invalid("port 70000 (source)", () -> new Layer4.Ports(70000, 80), "sport"),
            invalid("port 70000 (destination)", () -> new Layer4.Ports(80, 70000), "dport"),
            invalid("negative port", () -> Tuple.tcp("10.0.0.1", "10.0.0.2", -1, 80), "sport"),
            invalid("port 70000 in a tuple", () -> Tuple.udp("10.0.0.1", "10.0.0.2", 53, 70000), "dport"),
            invalid("IPv4 and IPv6 in one tuple", () -> Tuple.tcp("10.0.0.1", "2001:db8::1", 1, 2), "destination"),
            invalid("IPv6 and IPv4 in one tuple", () -> Tuple.of(A6, B4, Protocol.UDP, new Layer4.Ports(1, 2)),
                "destination"),
            invalid("ICMP fields on a TCP tuple", () -> Tuple.of(A4, B4, Protocol.TCP, new Layer4.Icmp(8, 0, 1)),
                "icmp"),
            invalid("ports on an ICMP tuple", () -> Tuple.of(A4, B4, Protocol.ICMP, new Layer4.Ports(1, 2)),
                "ports"),
            invalid("ports on an unknown protocol", () -> Tuple.ports("10.0.0.1", "10.0.0.2", Protocol.of(99), 1, 2),
                "ports"),
            invalid("ICMP on IPv6", () -> Tuple.of(A6, B6, Protocol.ICMP, new Layer4.Icmp(128, 0, 1)), "protocol"),
            invalid("ICMPv6 on IPv4", () -> Tuple.of(A4, B4, Protocol.ICMPV6, Layer4.none()), "protocol"),
            invalid("ICMP type 256", () -> new Layer4.Icmp(256, 0, 0), "icmp type"),
            invalid("ICMP code -1", () -> new Layer4.Icmp(8, -1, 0), "icmp code"),
            invalid("ICMP id 65536", () -> new Layer4.Icmp(8, 0, 65536), "icmp id"),
            invalid("protocol 256", () -> Protocol.of(256), "protocol"),
            invalid("protocol name", () -> Protocol.parse("tcpx"), "protocol"),
            invalid("tuple zone 70000", () -> TCP4.withZone(70000), "zone"),
            invalid("negative timeout", () -> flow().timeout(-1L), "timeout"),
            invalid("timeout above u32", () -> flow().timeout(0x1_0000_0000L), "timeout"),
            invalid("mark above u32", () -> flow().mark(0x1_0000_0000L), "mark"),
            invalid("negative mark", () -> flow().mark(-1L), "mark"),
            invalid("zone 70000", () -> flow().zone(70000), "zone"),
            invalid("negative zone", () -> flow().zone(-1), "zone"),
            invalid("label 128", () -> Labels.of(128), "label"),
            invalid("label -1", () -> Labels.of(-1), "label"),
            invalid("label 128 in contains", () -> Labels.NONE.contains(128), "label"),
            invalid("address 1.2.3.999", () -> IpAddress.parse("1.2.3.999"), "address"),
            invalid("address 10.1", () -> IpAddress.parse("10.1"), "address"),
            invalid("address ::1::2", () -> IpAddress.parse("::1::2"), "address"),
            invalid("address gg::1", () -> IpAddress.parse("gg::1"), "address"),
            invalid("empty address", () -> IpAddress.parse(""), "address"),
            invalid("null address", () -> IpAddress.parse(null), "address"),
            invalid("prefix length 33", () -> IpPrefix.parse("10.0.0.0/33"), "prefix length"),
            invalid("prefix length 129", () -> IpPrefix.parse("2001:db8::/129"), "prefix length"),
            invalid("prefix length empty", () -> IpPrefix.parse("10.0.0.0/"), "prefix length"),
            invalid("prefix length negative", () -> IpPrefix.parse("10.0.0.0/-1"), "prefix length"),
            invalid("prefix length -1 (constructor)", () -> new IpPrefix(A4, -1), "prefix length"),
            invalid("reply tuple of another family",
                () -> flow().reply(Tuple.tcp("2001:db8::2", "2001:db8::1", 80, 1234)).build(), "reply tuple"),
            invalid("reply tuple of another protocol",
                () -> flow().reply(Tuple.udp("10.0.0.2", "10.0.0.1", 80, 1234)).build(), "reply tuple"),
            invalid("master tuple of another family",
                () -> flow().master(Tuple.tcp("2001:db8::2", "2001:db8::1", 80, 21)).build(), "master tuple"),
            invalid("protoinfo of another protocol",
                () -> Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2))
                    .protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).build(), "protoinfo"),
            invalid("SCTP protoinfo on TCP",
                () -> flow().protoInfo(new ProtoInfo.Sctp(SctpState.ESTABLISHED, Option.none(), Option.none()))
                    .build(), "protoinfo"),
            invalid("NAT max port without min port",
                () -> new NatRange(A4, Option.none(), Option.none(), Option.some(80)), "nat max port"),
            invalid("NAT port 70000", () -> NatRange.to(A4, 70000), "nat port"),
            invalid("NAT max address of another family",
                () -> new NatRange(A4, Option.some(A6), Option.none(), Option.none()), "nat max address"),
            invalid("NAT range of another family in a create",
                () -> CreateFlow.of(flow().timeout(60L).build()).withSourceNat(NatRange.to(A6)), "nat address"),
            invalid("FlowUpdate setting EXPECTED", () -> FlowUpdate.none().setStatus(Status.EXPECTED), "status"),
            invalid("FlowUpdate setting DYING", () -> FlowUpdate.none().setStatus(Status.DYING), "status"),
            invalid("FlowUpdate setting CONFIRMED", () -> FlowUpdate.none().setStatus(Status.CONFIRMED), "status"),
            invalid("FlowUpdate timeout above u32", () -> FlowUpdate.none().timeout(0x1_0000_0000L), "timeout"),
            invalid("FlowUpdate mark above u32", () -> FlowUpdate.none().mark(0x1_0000_0000L), "mark"),
            invalid("FlowUpdate adding and removing a label", () -> FlowUpdate.none().addLabels(3).removeLabels(3),
                "labels"),
            invalid("CreateFlow without timeout", () -> CreateFlow.of(flow().build()), "timeout"),
            invalid("CreateFlow with DYING", () -> CreateFlow.of(flow().timeout(60L).status(Status.DYING).build()),
                "status"),
            invalid("CreateFlow with EXPECTED",
                () -> CreateFlow.of(flow().timeout(60L).status(Status.EXPECTED).build()), "status"),
            invalid("FlushFlows with an empty filter", () -> new FlushFlows(KernelFilter.NONE), "filter"),
            invalid("StatusMatch with mask 0", () -> new StatusMatch(0, 0), "status mask"),
            invalid("KernelFilter tuple filter without family",
                () -> new KernelFilter(Option.none(), Option.none(), Option.none(), Option.none(),
                    Option.some(new TupleFilter(Option.some(A4), Option.none(), Option.none(), Option.none(),
                        Option.none(), Option.none(), Option.none(), Option.none())), Option.none()),
                "tuple filter"),
            invalid("KernelFilter reply tuple filter without family",
                () -> new KernelFilter(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
                    Option.some(new TupleFilter(Option.none(), Option.some(B4), Option.none(), Option.none(),
                        Option.none(), Option.none(), Option.none(), Option.none()))),
                "tuple filter"),
            invalid("KernelFilter zone 0", () -> new KernelFilter(Option.none(), Option.none(), Option.none(),
                Option.some(0), Option.none(), Option.none()), "zone"),
            invalid("TupleFilter ports without protocol",
                () -> new TupleFilter(Option.none(), Option.none(), Option.none(), Option.some(80), Option.none(),
                    Option.none(), Option.none(), Option.none()), "tuple filter"),
            invalid("TupleFilter ICMP type without protocol",
                () -> new TupleFilter(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
                    Option.some(8), Option.none(), Option.none()), "tuple filter"),
            invalid("TupleFilter port 70000",
                () -> new TupleFilter(Option.none(), Option.none(), Option.some(Protocol.TCP), Option.none(),
                    Option.some(70000), Option.none(), Option.none(), Option.none()), "dport"),
            invalid("MarkMatch mask above u32", () -> new MarkMatch(0, 0x1_0000_0000L), "mark mask"),
            invalid("MarkMatch negative value", () -> new MarkMatch(-1, 0xff), "mark"),
            invalid("NatMatch port 70000", () -> new NatMatch(Option.none(), Option.some(70000)), "nat port"),
            invalid("zeroing counters on the dying list",
                () -> new DumpFlows(FlowTable.DYING, KernelFilter.NONE, true), "zero counters"),
            invalid("Subscribe without event types", () -> new Subscribe(Set.of()), "event types"),
            invalid("GetFlow zone 70000", () -> new GetFlow(TCP4, TupleDirection.ORIGINAL, 70000), "zone"),
            invalid("DeleteFlow zone 70000",
                () -> new DeleteFlow(TCP4, TupleDirection.ORIGINAL, 70000, Option.none()), "zone"),
            invalid("UpdateFlow zone -1", () -> new UpdateFlow(TCP4, -1, FlowUpdate.none().mark(1)), "zone"),
            invalid("family number 7", () -> Family.ofNumber(7), "family"),
            invalid("TCP state 10", () -> TcpState.of(10), "tcp state"),
            invalid("TCP state name", () -> TcpState.parse("established"), "tcp state"),
            invalid("address of 5 bytes", () -> IpAddress.of(new byte[5]), "address"),
            invalid("masking with length 33", () -> A4.masked(33), "prefix length"),
            invalid("query port 70000", () -> FlowQuery.flows().dport(70000), "dport"),
            invalid("query zone 70000", () -> FlowQuery.flows().zone(70000), "zone"),
            invalid("query label 128", () -> FlowQuery.flows().labels(128), "label"),
            invalid("query mark above u32", () -> FlowQuery.flows().mark(0x1_0000_0000L), "mark"),
            invalid("query icmp type 256", () -> FlowQuery.flows().icmpType(256), "icmp type"),
            invalid("query status without bits", () -> FlowQuery.flows().status(), "status"),
            invalid("query notStatus without bits", () -> FlowQuery.flows().notStatus(), "status"),
            invalid("query labels without labels", () -> FlowQuery.flows().labels(), "labels"),
            invalid("query mark mask 0", () -> FlowQuery.flows().mark(0, 0), "mark mask"),
            invalid("query null address", () -> FlowQuery.flows().src((String) null), "address"),
            invalid("query null IpAddress", () -> FlowQuery.flows().dst((IpAddress) null), "address"),
            invalid("null prefix", () -> IpPrefix.parse(null), "address"),
            invalid("query bad address", () -> FlowQuery.flows().src("10.0.0.256"), "address"),
            invalid("query prefix length 33", () -> FlowQuery.flows().dst("10.0.0.0/33"), "prefix length"),
            invalid("query IPv4 src with IPv6 dst", () -> FlowQuery.flows().src("10.0.0.1").dst("2001:db8::1"),
                "dst"),
            invalid("query IPv6 family with IPv4 src", () -> FlowQuery.flows().family(Family.IPV6).src("10.0.0.1"),
                "src"),
            invalid("query IPv4 family with IPv6 reply dst",
                () -> FlowQuery.flows().family(Family.IPV4).replyDst("2001:db8::/32"), "reply-dst"),
            invalid("query ICMP fields with TCP", () -> FlowQuery.flows().proto(Protocol.TCP).icmpType(8),
                "icmp-type"),
            invalid("query TCP with ICMP fields", () -> FlowQuery.flows().icmpType(8).proto(Protocol.TCP), "proto"),
            invalid("query ports on ICMP", () -> FlowQuery.flows().proto(Protocol.ICMP).dport(80), "dport"),
            invalid("query ports and ICMP fields", () -> FlowQuery.flows().dport(80).icmpCode(0), "icmp-code"),
            invalid("query TCP state with UDP", () -> FlowQuery.flows().proto(Protocol.UDP)
                .state(TcpState.ESTABLISHED), "state"),
            invalid("query UDP after a TCP state", () -> FlowQuery.flows().state(TcpState.ESTABLISHED)
                .proto(Protocol.UDP), "proto"),
            invalid("query ICMP with IPv6", () -> FlowQuery.flows().family(Family.IPV6).proto(Protocol.ICMP),
                "proto"),
            invalid("query ICMPv6 with an IPv4 address", () -> FlowQuery.flows().proto(Protocol.ICMPV6)
                .dst("10.0.0.1"), "dst"),
            invalid("query status bit set and unset", () -> FlowQuery.flows().assured().notStatus(Status.ASSURED),
                "status"),
            invalid("query any-nat with src-nat", () -> FlowQuery.flows().anyNat().snat(), "src-nat"),
            invalid("query NAT address of the other family", () -> FlowQuery.flows().family(Family.IPV4)
                .dnat("2001:db8::1"), "dst-nat"),
            invalid("query NAT port 70000", () -> FlowQuery.flows().snat("10.0.0.1", 70000), "nat port"),
            invalid("zeroing counters of the dying list", () -> FlowQuery.flows().table(FlowTable.DYING)
                .zeroingCounters(), "zero counters"));
    }

    private static Arguments invalid(final String what, final Executable code, final String field) {
        return arguments(what, code, field);
    }

    @ParameterizedTest(name = "{0} -> field {2}")
    @MethodSource("invalidInputs")
    void invalidInputNamesTheField(final String what, final Executable code, final String field) {
        final InvalidValueException e = catchThrowableOfType(InvalidValueException.class, code::execute);
        assertThat(e).as("%s raises InvalidValueException", what).isNotNull();
        assertThat(e.field()).as(what).isEqualTo(field);
        assertThat(e.getMessage()).as(what).startsWith("invalid " + field + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.00.0.1", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4 ",
        " 1.2.3.4", "1.2.3.-4", "1.2.3.0x4", "256.1.1.1", "1.2.3.1234", "a.b.c.d", "1.2.3.4/", "::1:", ":1::",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "1:::2", "12345::1", "::ffff:1.2.3",
        "::ffff:1.2.3.4:1", "1.2.3.4::", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "\u0661.2.3.4",
        "\uff12001:db8::1", "2001:db8::\u0661", ":", ":::"})
    void strictAddressParsingRejects(final String text) {
        final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
            () -> IpAddress.parse(text));
        assertThat(e).as("'%s' is not an address", text).isNotNull();
        assertThat(e.field()).isEqualTo("address");
    }

    @Test
    void boundaryValuesAreAccepted() {
        assertThatCode(() -> {
            new Layer4.Ports(0, 65535);
            new Layer4.Icmp(255, 255, 65535);
            flow().timeout(0L).timeout(0xFFFF_FFFFL).mark(0xFFFF_FFFFL).mark(0L).zone(65535).zone(0).build();
            Labels.of(0, 127);
            IpPrefix.parse("10.0.0.0/32");
            IpPrefix.parse("::/0");
            IpPrefix.parse("2001:db8::/128");
            new StatusMatch(0, 1);
            new NatRange(A4, Option.some(B4), Option.some(1), Option.some(65535));
            new Layer4.Icmp(0, 0, 0);
            Protocol.of(0);
            Protocol.of(255);
            FlowUpdate.none().setStatus(Status.SEEN_REPLY, Status.ASSURED, Status.FIXED_TIMEOUT, Status.HELPER);
            new KernelFilter(Option.none(), Option.none(), Option.none(), Option.some(65535), Option.none(),
                Option.none());
        }).doesNotThrowAnyException();
    }
}
