package io.conntrack4j.spi;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The request records and the kernel filter model. */
class RequestsTest {
    private static final Tuple TCP = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);

    private static TupleFilter tuple(final String src, final String dst, final Protocol proto, final Integer sport,
                                     final Integer dport) {
        return new TupleFilter(Option.of(src).map(IpAddress::parse), Option.of(dst).map(IpAddress::parse),
            Option.of(proto), Option.of(sport), Option.of(dport), Option.none(), Option.none(), Option.none());
    }

    private static TupleFilter icmp(final Protocol proto, final Integer type, final Integer code, final Integer id) {
        return new TupleFilter(Option.none(), Option.none(), Option.of(proto), Option.none(), Option.none(),
            Option.of(type), Option.of(code), Option.of(id));
    }

    @Test
    void createAddsConfirmedAndBuildsTheReplyTuple() {
        final Flow flow = Flow.builder(TCP).timeout(120L).status(Status.SEEN_REPLY, Status.ASSURED).build();
        final CreateFlow create = CreateFlow.of(flow);
        assertThat(create.flow().reply()).contains(TCP.inverse());
        assertThat(create.flow().status()).contains(StatusBits.of(Status.SEEN_REPLY, Status.ASSURED,
            Status.CONFIRMED));
        assertThat(create.flow().timeout()).contains(120L);
        assertThat(create.replaceExisting()).isFalse();
        assertThat(create.sourceNat()).isEmpty();
        // without a status none is sent: the kernel creates the flow CONFIRMED itself
        assertThat(CreateFlow.of(Flow.builder(TCP).timeout(1L).build()).flow().status()).isEmpty();
        assertThat(CreateFlow.of(Flow.builder(TCP).timeout(1L).status(StatusBits.NONE).build()).flow().status())
            .contains(StatusBits.of(Status.CONFIRMED));
        // an explicit reply tuple is kept
        final Tuple natted = Tuple.tcp("10.0.0.2", "203.0.113.9", 80, 4000);
        assertThat(CreateFlow.of(Flow.builder(TCP).reply(natted).timeout(1L).build()).flow().reply())
            .contains(natted);
        // the input flow is not changed
        assertThat(flow.reply()).isEmpty();
        assertThat(flow.hasStatus(Status.CONFIRMED)).isFalse();
    }

    @Test
    void createVariants() {
        final CreateFlow base = CreateFlow.of(Flow.builder(TCP).timeout(1L).build());
        final CreateFlow full = base.withSourceNat(NatRange.to(IpAddress.parse("203.0.113.1")))
            .withDestinationNat(NatRange.to(IpAddress.parse("192.168.1.1"), 8080)).orUpdate();
        assertThat(full.sourceNat()).contains(NatRange.to(IpAddress.parse("203.0.113.1")));
        assertThat(full.destinationNat().get().minPort()).contains(8080);
        assertThat(full.destinationNat().get().maxPort()).contains(8080);
        assertThat(full.replaceExisting()).isTrue();
        assertThat(base.replaceExisting()).isFalse();
        assertThat(base.sourceNat()).isEmpty();
    }

    @Test
    void deleteAndUpdateOfADumpedFlowCarryItsIdentity() {
        final Flow flow = Flow.builder(TCP.withZone(3)).reply(TCP.inverse()).zone(9).id(new FlowId(42)).build();
        final DeleteFlow d = DeleteFlow.of(flow);
        assertThat(d.tuple()).isEqualTo(flow.original());
        assertThat(d.direction()).isEqualTo(TupleDirection.ORIGINAL);
        assertThat(d.zone()).isEqualTo(9);
        assertThat(d.id()).contains(new FlowId(42));
        final UpdateFlow u = UpdateFlow.of(flow, FlowUpdate.none().mark(1));
        assertThat(u.tuple()).isEqualTo(flow.original());
        assertThat(u.zone()).isEqualTo(9);
    }

    @Test
    void batchCopiesItsItems() {
        final java.util.List<BatchItem> items = new ArrayList<>();
        items.add(new DeleteFlow(TCP, TupleDirection.ORIGINAL, 0, Option.none()));
        final Batch batch = new Batch(List.ofAll(items));
        items.add(new DeleteFlow(TCP, TupleDirection.REPLY, 0, Option.none()));
        assertThat(batch.items()).hasSize(1);
    }

    @Test
    void kernelFilterNoneAcceptsEverything() {
        assertThat(KernelFilter.NONE.isEmpty()).isTrue();
        assertThat(KernelFilter.NONE).hasToString("nothing");
        assertThat(KernelFilter.NONE.test(Flow.builder(TCP).build())).isTrue();
        assertThat(KernelFilter.of(Family.IPV4).isEmpty()).isFalse();
        assertThat(KernelFilter.of(Family.IPV6).test(Flow.builder(TCP).build())).isFalse();
        assertThat(KernelFilter.of(Family.IPV4).test(Flow.builder(TCP).build())).isTrue();
    }

    @Test
    void kernelMarkFilterDoesNotMaskTheValue() {
        // kernel-semantics §6.5: mark 0x12, mask 0x0f matches nothing; 0x02/0x0f matches mark 0x12
        final Flow marked = Flow.builder(TCP).mark(0x12L).build();
        assertThat(new MarkMatch(0x12, 0x0f).test(0x12)).isFalse();
        assertThat(new MarkMatch(0x02, 0x0f).test(0x12)).isTrue();
        final KernelFilter k = new KernelFilter(Option.none(), Option.some(new MarkMatch(0x02, 0x0f)), Option.none(),
            Option.none(), Option.none(), Option.none());
        assertThat(k.test(marked)).isTrue();
        assertThat(k.test(Flow.builder(TCP).build())).as("absent mark is 0").isFalse();
        assertThat(new MarkMatch(0, 0xffffffffL).test(Flow.builder(TCP).build().markValue())).isTrue();
    }

    @Test
    void kernelStatusFilter() {
        final StatusMatch assuredNotReplied = new StatusMatch(Status.ASSURED.value(),
            Status.ASSURED.value() | Status.SEEN_REPLY.value());
        assertThat(assuredNotReplied.test(StatusBits.of(Status.ASSURED, Status.CONFIRMED))).isTrue();
        assertThat(assuredNotReplied.test(StatusBits.of(Status.ASSURED, Status.SEEN_REPLY))).isFalse();
        assertThat(assuredNotReplied.test(StatusBits.NONE)).isFalse();
        assertThat(assuredNotReplied).hasToString("ASSURED/SEEN_REPLY|ASSURED");
        final KernelFilter k = new KernelFilter(Option.none(), Option.none(),
            Option.some(new StatusMatch(0, Status.SEEN_REPLY.value())), Option.none(), Option.none(), Option.none());
        assertThat(k.test(Flow.builder(TCP).build())).as("absent status is 0").isTrue();
    }

    @Test
    void kernelZoneFilterComparesTheZoneOfEitherDirection() {
        final KernelFilter zone4 = new KernelFilter(Option.none(), Option.none(), Option.none(), Option.some(4),
            Option.none(), Option.none());
        assertThat(zone4.test(Flow.builder(TCP).zone(4).build())).isTrue();
        assertThat(zone4.test(Flow.builder(TCP.withZone(4)).build())).isTrue();
        assertThat(zone4.test(Flow.builder(TCP).reply(TCP.inverse().withZone(4)).build())).isTrue();
        assertThat(zone4.test(Flow.builder(TCP).build())).isFalse();
        assertThat(zone4.test(Flow.builder(TCP).zone(5).build())).isFalse();
    }

    @Test
    void tupleFilterComparesOnlyFlaggedFields() {
        final TupleFilter dstOnly = tuple(null, "10.0.0.2", null, null, null);
        assertThat(dstOnly.test(TCP)).isTrue();
        assertThat(dstOnly.test(TCP.inverse())).isFalse();
        assertThat(tuple(null, null, Protocol.TCP, null, null).test(TCP)).isTrue();
        assertThat(tuple(null, null, Protocol.UDP, null, null).test(TCP)).isFalse();
        assertThat(tuple("10.0.0.1", "10.0.0.2", Protocol.TCP, 1234, 80).test(TCP)).isTrue();
        assertThat(tuple("10.0.0.1", "10.0.0.2", Protocol.TCP, 1234, 81).test(TCP)).isFalse();
        assertThat(tuple("10.0.0.1", null, Protocol.TCP, 1, null).test(TCP)).isFalse();
        assertThat(TupleFilter.NONE.isEmpty()).isTrue();
        assertThat(TupleFilter.NONE.test(TCP)).isTrue();
        assertThat(tuple("10.0.0.1", null, Protocol.TCP, null, 80)).hasToString("{proto=tcp src=10.0.0.1 dport=80}");
    }

    @Test
    void tupleFilterPortsCountOnlyForTcpAndUdp() {
        // ctnetlink-and-cli §4.5: port matching is implemented for TCP and UDP only
        final Tuple sctp = Tuple.ports("10.0.0.1", "10.0.0.2", Protocol.SCTP, 1234, 80);
        assertThat(tuple(null, null, Protocol.SCTP, 9, 9).test(sctp)).isTrue();
        final Tuple udp = Tuple.udp("10.0.0.1", "10.0.0.2", 1234, 80);
        assertThat(tuple(null, null, Protocol.UDP, 9, null).test(udp)).isFalse();
        assertThat(tuple(null, null, Protocol.UDP, 1234, 80).test(udp)).isTrue();
    }

    @Test
    void tupleFilterIcmpFieldsCountOnlyForIcmp() {
        final Tuple echo = Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 77);
        assertThat(icmp(Protocol.ICMP, 8, 0, 77).test(echo)).isTrue();
        assertThat(icmp(Protocol.ICMP, 0, null, null).test(echo)).isFalse();
        assertThat(icmp(Protocol.ICMP, null, 1, null).test(echo)).isFalse();
        assertThat(icmp(Protocol.ICMP, null, null, 78).test(echo)).isFalse();
        final Tuple echo6 = Tuple.icmp("2001:db8::1", "2001:db8::2", 128, 0, 5);
        assertThat(icmp(Protocol.ICMPV6, 128, null, 5).test(echo6)).isTrue();
        assertThat(icmp(Protocol.ICMPV6, 129, null, null).test(echo6)).isFalse();
        final Tuple noFields = Tuple.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), Protocol.ICMP,
            Layer4.none());
        assertThat(icmp(Protocol.ICMP, 8, null, null).test(noFields)).isFalse();
    }

    @Test
    void kernelFilterOnTheReplyTuple() {
        final KernelFilter k = new KernelFilter(Option.some(Family.IPV4), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.some(tuple(null, "203.0.113.7", null, null, null)));
        final Flow snat = Flow.builder(TCP).reply(Tuple.tcp("10.0.0.2", "203.0.113.7", 80, 1234)).build();
        assertThat(k.test(snat)).isTrue();
        assertThat(k.test(Flow.builder(TCP).reply(TCP.inverse()).build())).isFalse();
        assertThat(k.test(Flow.builder(TCP).build())).as("no reply tuple").isFalse();
        assertThat(k).hasToString("family=ipv4, reply={dst=203.0.113.7}");
    }

    @Test
    void flushAllAndFlushFlows() {
        assertThat(new FlushAll(Option.none()).family()).isEmpty();
        final FlushFlows f = new FlushFlows(KernelFilter.of(Family.IPV6));
        assertThat(f.filter().family()).contains(Family.IPV6);
        assertThat(DumpFlows.of(KernelFilter.NONE)).isEqualTo(new DumpFlows(FlowTable.CONNTRACK, KernelFilter.NONE,
            false));
    }

    @Test
    void capabilitiesByKernelVersion() {
        assertThat(KernelFeature.TUPLE_FILTER.availableIn(5, 8)).isTrue();
        assertThat(KernelFeature.TUPLE_FILTER.availableIn(5, 7)).isFalse();
        assertThat(KernelFeature.TUPLE_FILTER.availableIn(6, 0)).isTrue();
        assertThat(KernelFeature.STATUS_FILTER.availableIn(5, 15)).isTrue();
        assertThat(KernelFeature.STATUS_FILTER.availableIn(5, 14)).isFalse();
        assertThat(KernelFeature.ZONE_FILTER.availableIn(6, 8)).isTrue();
        assertThat(KernelFeature.ZONE_FILTER.availableIn(6, 7)).isFalse();
        assertThat(KernelFeature.MARK_FILTER.since()).isEqualTo("3.10");
        assertThat(Capabilities.ofKernel(6, 8).features()).containsExactlyInAnyOrderElementsOf(
            io.vavr.collection.HashSet.ofAll(Capabilities.ALL.features())
                .remove(KernelFeature.TUPLE_FILTER_IPV6_ADDRESSES).toJavaSet());
        assertThat(Capabilities.ofKernel(6, 18).has(KernelFeature.TUPLE_FILTER_IPV6_ADDRESSES))
            .as("IPv6 addresses in CTA_FILTER are broken up to at least 6.18").isFalse();
        assertThat(Capabilities.ofKernel(2, 6)).isEqualTo(Capabilities.FAMILY_ONLY);
        final java.util.Set<KernelFeature> mutable = new java.util.HashSet<>();
        mutable.add(KernelFeature.MARK_FILTER);
        final Capabilities c = new Capabilities(mutable);
        mutable.add(KernelFeature.ZONE_FILTER);
        assertThat(c.has(KernelFeature.ZONE_FILTER)).as("a copy").isFalse();
    }
}
