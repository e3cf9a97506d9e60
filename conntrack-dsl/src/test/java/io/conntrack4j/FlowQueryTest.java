package io.conntrack4j;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.Seq;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** FlowQuery: an immutable value until a terminal call, then a plan run on a backend. */
class FlowQueryTest {
    private static final Flow WEB = TestFlows.tcp("10.0.0.1", 40000, "192.0.2.1", 443);
    private static final Flow WEB2 = TestFlows.tcp("10.0.0.2", 40001, "192.0.2.1", 443);
    private static final Flow SSH = TestFlows.tcp("10.0.0.1", 40002, "192.0.2.1", 22);
    private static final Flow DNS = TestFlows.udp("10.0.0.1", 5353, "192.0.2.53", 53);
    private static final Flow DNS6 = TestFlows.udp("2001:db8::1", 5353, "2001:db8::53", 53);
    private static final Flow OTHER = TestFlows.tcp("172.16.0.1", 40003, "192.0.2.1", 443);

    private static RecordingBackend backend(final Capabilities caps) {
        return RecordingBackend.honouring(caps).with(WEB, WEB2, SSH, DNS, DNS6, OTHER);
    }

    @Nested
    class Values {
        @Test
        void aStepReturnsANewQueryAndLeavesTheOldOneUnchanged() {
            final FlowQuery all = FlowQuery.flows();
            final String before = all.toString();
            final FlowQuery tcp = all.proto(Protocol.TCP);
            final FlowQuery https = tcp.dport(443);
            assertThat(tcp).isNotSameAs(all).isNotEqualTo(all);
            assertThat(https).isNotEqualTo(tcp);
            assertThat(all.filter().isEmpty()).isTrue();
            assertThat(all).hasToString(before).isEqualTo(FlowQuery.flows());
            assertThat(tcp.filter().criteria()).containsExactly(Criterion.PROTOCOL);
            assertThat(https.filter().criteria()).containsExactly(Criterion.PROTOCOL, Criterion.ORIG_DPORT);
            // every step, on the same base
            final FlowQuery base = FlowQuery.flows().proto(Protocol.TCP);
            final List<Function<FlowQuery, FlowQuery>> steps = List.of(q -> q.family(Family.IPV4),
                q -> q.src("10.0.0.0/8"), q -> q.dst("10.0.0.1"), q -> q.replySrc("10.0.0.2"),
                q -> q.replyDst("10.0.0.3"), q -> q.sport(1), q -> q.dport(2), q -> q.replySport(3),
                q -> q.replyDport(4), q -> q.state(TcpState.ESTABLISHED), q -> q.status(Status.ASSURED),
                q -> q.notStatus(Status.DYING), FlowQuery::unreplied, FlowQuery::assured, q -> q.mark(1),
                q -> q.mark(1, 3), q -> q.zone(4), q -> q.labels(1), FlowQuery::snat, q -> q.snat("10.0.0.9"),
                q -> q.snat("10.0.0.9", 9), FlowQuery::dnat, q -> q.dnat("10.0.0.9"), q -> q.dnat("10.0.0.9", 9),
                FlowQuery::anyNat, q -> q.anyNat("10.0.0.9"), FlowQuery::zeroingCounters,
                q -> q.table(FlowTable.DYING), q -> q.where(FlowQuery.flows().dport(9).filter()));
            for (final Function<FlowQuery, FlowQuery> step : steps) {
                final FlowQuery next = step.apply(base);
                assertThat(next).isNotSameAs(base).isNotEqualTo(base);
                assertThat(base).isEqualTo(FlowQuery.flows().proto(Protocol.TCP));
                assertThat(base.filter().criteria()).containsExactly(Criterion.PROTOCOL);
            }
        }

        @Test
        void equalsAndHashCodeCompareTheCriteria() {
            final FlowQuery a = FlowQuery.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8");
            final FlowQuery b = FlowQuery.flows().src("10.1.2.3/8").dport(443).proto(Protocol.TCP);
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a.filter()).isEqualTo(b.filter()).hasSameHashCodeAs(b.filter());
            assertThat(a).isNotEqualTo(a.dport(80));
            assertThat(a).isNotEqualTo(a.zeroingCounters());
            assertThat(a).isNotEqualTo(a.table(FlowTable.DYING));
            assertThat(a).isNotEqualTo("flows");
            assertThat(FlowQuery.flows().dport(80).dport(443)).as("setting again replaces")
                .isEqualTo(FlowQuery.flows().dport(443));
            assertThat(FlowQuery.flows().status(Status.ASSURED).status(Status.SEEN_REPLY)).as("status accumulates")
                .isEqualTo(FlowQuery.flows().status(Status.SEEN_REPLY, Status.ASSURED));
            assertThat(FlowQuery.flows().labels(1).labels(2)).as("labels accumulate")
                .isEqualTo(FlowQuery.flows().labels(1, 2));
            assertThat(FlowQuery.flows().unreplied()).isEqualTo(FlowQuery.flows().notStatus(Status.SEEN_REPLY));
            assertThat(FlowQuery.flows().assured()).isEqualTo(FlowQuery.flows().status(Status.ASSURED));
            assertThat(FlowQuery.flows().state(TcpState.ESTABLISHED)).as("a TCP state implies proto tcp")
                .isEqualTo(FlowQuery.flows().proto(Protocol.TCP).state(TcpState.ESTABLISHED));
            assertThat(FlowQuery.flows().src("10.0.0.1")).isEqualTo(FlowQuery.flows().src("10.0.0.1/32"))
                .isEqualTo(FlowQuery.flows().src(io.conntrack4j.model.IpAddress.parse("10.0.0.1")));
        }

        @Test
        void equalityIncludesTheAttachment() {
            final Conntrack ct1 = Conntrack.using(RecordingBackend.honouring(Capabilities.ALL));
            final Conntrack ct2 = Conntrack.using(RecordingBackend.honouring(Capabilities.ALL));
            assertThat(ct1.flows().dport(1)).isEqualTo(ct1.flows().dport(1)).hasSameHashCodeAs(ct1.flows().dport(1));
            assertThat(ct1.flows().dport(1)).isNotEqualTo(ct2.flows().dport(1));
            assertThat(ct1.flows().dport(1)).isNotEqualTo(FlowQuery.flows().dport(1));
            assertThat(FlowQuery.flows().dport(1).on(ct1)).isEqualTo(ct1.flows().dport(1));
            assertThat(ct1.flows().dport(1).filter()).isEqualTo(FlowQuery.flows().dport(1).filter());
        }

        @Test
        void toStringShowsTheCriteria() {
            assertThat(FlowQuery.flows()).hasToString("flows{} (detached)");
            assertThat(FlowQuery.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8"))
                .hasToString("flows{proto=tcp, src=10.0.0.0/8, dport=443} (detached)");
            assertThat(FlowQuery.flows().family(Family.IPV6).mark(0x10, 0xf0).assured().zone(3).labels(2, 70))
                .hasToString("flows{family=ipv6, status=ASSURED, mark=0x10/0xf0, zone=3, labels={2,70}} (detached)");
            assertThat(FlowQuery.flows().snat("10.0.0.9", 99).unreplied())
                .hasToString("flows{status-unset=SEEN_REPLY, src-nat=10.0.0.9:99} (detached)");
            assertThat(FlowQuery.flows().table(FlowTable.DYING)).hasToString("dying{} (detached)");
            assertThat(FlowQuery.flows().zeroingCounters()).hasToString("flows{} zeroing counters (detached)");
            final Conntrack ct = Conntrack.using(RecordingBackend.honouring(Capabilities.ALL));
            assertThat(ct.flows().dport(1)).hasToString("flows{dport=1}");
            assertThat(ct.dying()).hasToString("dying{}");
            assertThat(ct.unconfirmed()).hasToString("unconfirmed{}");
        }

        @Test
        void whereMergesAnotherFilter() {
            final FlowFilter https = FlowQuery.flows().proto(Protocol.TCP).dport(443).filter();
            final FlowQuery q = FlowQuery.flows().src("10.0.0.0/8").dport(80).where(https);
            assertThat(q).isEqualTo(FlowQuery.flows().src("10.0.0.0/8").proto(Protocol.TCP).dport(443));
            assertThatThrownBy(() -> FlowQuery.flows().proto(Protocol.ICMP).where(FlowQuery.flows().dport(1)
                .filter())).isInstanceOf(InvalidValueException.class);
            assertThat(FlowQuery.flows().dport(1).where(FlowFilter.ALL)).isEqualTo(FlowQuery.flows().dport(1));
        }

        @Test
        void filterValueAccess() {
            final FlowFilter f = FlowQuery.flows().src("10.0.0.0/8").dport(443).filter();
            assertThat(f.family()).contains(Family.IPV4);
            assertThat(f.<Integer>get(Criterion.ORIG_DPORT)).contains(443);
            assertThat(f.get(Criterion.ORIG_SPORT)).isEmpty();
            assertThat(f.without(java.util.Set.of(Criterion.ORIG_DPORT)).criteria()).containsExactly(
                Criterion.ORIG_SRC);
            assertThat(f.criteria()).containsExactly(Criterion.ORIG_SRC, Criterion.ORIG_DPORT);
            assertThat(FlowFilter.ALL.family()).isEmpty();
            assertThat(FlowFilter.ALL.test(WEB)).isTrue();
        }

        @Test
        void theQueryPredicate() {
            assertThat(FlowQuery.flows().dport(443).test(WEB)).isTrue();
            assertThat(FlowQuery.flows().dport(443).test(SSH)).isFalse();
            assertThat(FlowQuery.flows().src("10.0.0.0/8").test(DNS6)).isFalse();
            assertThat(FlowQuery.flows().replySrc("192.0.2.1").test(WEB)).isTrue();
            assertThat(FlowQuery.flows().replyDport(40000).test(WEB)).isTrue();
            assertThat(FlowQuery.flows().replyDport(40000).test(Flow.builder(WEB.original()).build()))
                .as("no reply tuple").isFalse();
            assertThat(FlowQuery.flows().state(TcpState.ESTABLISHED).test(WEB)).isTrue();
            assertThat(FlowQuery.flows().state(TcpState.SYN_SENT).test(WEB)).isFalse();
            assertThat(FlowQuery.flows().unreplied().test(DNS)).isTrue();
            assertThat(FlowQuery.flows().unreplied().test(WEB)).isFalse();
            assertThat(FlowQuery.flows().unreplied().test(Flow.builder(WEB.original()).build()))
                .as("unknown status counts as no bit set").isTrue();
            assertThat(FlowQuery.flows().mark(0).test(Flow.builder(WEB.original()).build()))
                .as("an absent mark is 0").isTrue();
            assertThat(FlowQuery.flows().mark(0x02, 0x0f).test(WEB.toBuilder().mark(0x12L).build())).isTrue();
            assertThat(FlowQuery.flows().mark(0x12, 0x0f).test(WEB.toBuilder().mark(0x12L).build())).isFalse();
            assertThat(FlowQuery.flows().zone(0).test(WEB)).isTrue();
            assertThat(FlowQuery.flows().zone(4).test(WEB.toBuilder().zone(4).build())).isTrue();
            assertThat(FlowQuery.flows().labels(3).test(WEB.toBuilder().labels(Labels.of(3, 4)).build())).isTrue();
            assertThat(FlowQuery.flows().labels(3, 5).test(WEB.toBuilder().labels(Labels.of(3, 4)).build()))
                .isFalse();
        }

        @Test
        void natCriteria() {
            final Flow snat = WEB.toBuilder()
                .reply(io.conntrack4j.model.Tuple.tcp("192.0.2.1", "203.0.113.7", 443, 61000))
                .status(Status.SEEN_REPLY, Status.CONFIRMED, Status.SRC_NAT, Status.SRC_NAT_DONE).build();
            final Flow dnat = WEB.toBuilder()
                .reply(io.conntrack4j.model.Tuple.tcp("10.9.9.9", "10.0.0.1", 8443, 40000))
                .status(Status.SEEN_REPLY, Status.CONFIRMED, Status.DST_NAT, Status.DST_NAT_DONE).build();
            assertThat(FlowQuery.flows().snat().test(snat)).isTrue();
            assertThat(FlowQuery.flows().snat("203.0.113.7").test(snat)).isTrue();
            assertThat(FlowQuery.flows().snat("203.0.113.7", 61000).test(snat)).isTrue();
            assertThat(FlowQuery.flows().snat("203.0.113.7", 40000).test(snat)).isFalse();
            assertThat(FlowQuery.flows().snat("203.0.113.8").test(snat)).isFalse();
            assertThat(FlowQuery.flows().dnat().test(snat)).isFalse();
            assertThat(FlowQuery.flows().anyNat().test(snat)).isTrue();
            assertThat(FlowQuery.flows().anyNat("203.0.113.7").test(snat)).isTrue();
            assertThat(FlowQuery.flows().dnat().test(dnat)).isTrue();
            assertThat(FlowQuery.flows().dnat("10.9.9.9", 8443).test(dnat)).isTrue();
            assertThat(FlowQuery.flows().dnat("10.9.9.9", 443).test(dnat)).isFalse();
            assertThat(FlowQuery.flows().anyNat("10.9.9.9").test(dnat)).isTrue();
            assertThat(FlowQuery.flows().snat().test(dnat)).isFalse();
            assertThat(FlowQuery.flows().anyNat().test(WEB)).isFalse();
        }
    }

    @Nested
    class Detached {
        @Test
        void terminalOperationsRefuseWithAClearMessage() {
            final FlowQuery q = FlowQuery.flows().dport(443);
            final List<Executable> terminals = List.of(q::list, q::count, q::first, () -> q.stream().close(),
                q::delete, () -> q.update(FlowUpdate.none().mark(1)), () -> q.explain());
            for (final Executable t : terminals) {
                final IllegalStateException e = catchThrowableOfType(IllegalStateException.class, t::execute);
                assertThat(e).isNotNull();
                assertThat(e.getMessage()).contains("not attached").contains("ct.flows()").contains("on(ct)");
            }
        }

        @Test
        void explainWithCapabilitiesNeedsNoConnection() {
            assertThat(FlowQuery.flows().dport(443).explain(Capabilities.ALL).residual())
                .isEqualTo(FlowQuery.flows().dport(443).filter());
        }

        @Test
        void attachingRuns() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final FlowQuery detached = FlowQuery.flows().dport(443);
            assertThat(detached.on(Conntrack.using(b)).count()).isEqualTo(3);
        }
    }

    @Nested
    class Terminals {
        @Test
        void nothingTouchesTheBackendBeforeATerminalCall() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            final FlowQuery q = ct.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8").assured().mark(0)
                .zone(0).labels(1).snat().table(FlowTable.CONNTRACK);
            final FlowQuery other = q.dport(80).zeroingCounters();
            q.explain(Capabilities.FAMILY_ONLY);
            assertThat(q.toString()).isNotEmpty();
            assertThat(q.equals(other)).isFalse();
            q.hashCode();
            ct.events().dport(443).types(io.conntrack4j.model.EventType.NEW);
            assertThat(b.requests()).isEmpty();
            assertThat(b.capabilityCalls()).isZero();
            assertThat(b.dumpsOpened()).isZero();
        }

        @Test
        void listCountFirst() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            final FlowQuery https = ct.flows().proto(Protocol.TCP).dport(443);
            assertThat(https.list()).containsExactlyInAnyOrder(WEB, WEB2, OTHER);
            assertThat(https.src("10.0.0.0/8").list()).containsExactlyInAnyOrder(WEB, WEB2);
            assertThat(https.count()).isEqualTo(3);
            assertThat(https.first()).isNotEmpty();
            assertThat(https.dport(9).first()).isEmpty();
            assertThat(ct.flows().list()).hasSize(6);
            assertThat(ct.flows().family(Family.IPV6).list()).containsExactly(DNS6);
            assertThat(b.dumpsClosed()).as("every dump closed").isEqualTo(b.dumpsOpened()).isEqualTo(7);
            assertThat(b.requests()).allMatch(r -> r instanceof DumpFlows);
        }

        @Test
        void theDumpCarriesTheKernelPartAndJavaFiltersTheRest() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            assertThat(ct.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8").list()).hasSize(2);
            final DumpFlows dump = b.requests(DumpFlows.class).get(0);
            assertThat(dump.table()).isEqualTo(FlowTable.CONNTRACK);
            assertThat(dump.zeroCounters()).isFalse();
            assertThat(dump.filter().family()).contains(Family.IPV4);
            assertThat(dump.filter().original().get().protocol()).contains(Protocol.TCP);
            assertThat(dump.filter().original().get().destinationPort()).contains(443);
            assertThat(dump.filter().original().get().source()).as("a /8 is not a kernel filter").isEmpty();
        }

        @Test
        void zeroingCountersAndOtherLists() {
            final Flow dying = TestFlows.udp("10.0.0.5", 1, "10.0.0.6", 2);
            final RecordingBackend b = backend(Capabilities.ALL).withDying(dying);
            final Conntrack ct = Conntrack.using(b);
            ct.flows().zeroingCounters().count();
            assertThat(b.requests(DumpFlows.class).get(0).zeroCounters()).isTrue();
            assertThat(ct.dying().list()).containsExactly(dying);
            assertThat(b.requests(DumpFlows.class).get(1).table()).isEqualTo(FlowTable.DYING);
            assertThat(ct.unconfirmed().list()).isEmpty();
            assertThat(b.requests(DumpFlows.class).get(2).table()).isEqualTo(FlowTable.UNCONFIRMED);
            assertThat(ct.flows().zeroingCounters().table(FlowTable.DYING).table(FlowTable.CONNTRACK))
                .as("leaving the table drops the zeroing").isEqualTo(ct.flows());
            assertThatThrownBy(() -> ct.dying().dport(1).delete()).isInstanceOf(InvalidValueException.class);
        }

        @Test
        void streamHoldsTheDumpUntilClosed() {
            final RecordingBackend b = backend(Capabilities.FAMILY_ONLY);
            final Conntrack ct = Conntrack.using(b);
            try (Stream<Flow> s = ct.flows().dport(443).stream()) {
                assertThat(b.dumpsOpened()).isEqualTo(1);
                assertThat(b.dumpsClosed()).isZero();
                assertThat(s.count()).isEqualTo(3);
            }
            assertThat(b.dumpsClosed()).isEqualTo(1);
            // without a residual, the dump stream itself is handed out; it must close too
            try (Stream<Flow> s = ct.flows().stream()) {
                assertThat(s.iterator().next()).isNotNull();
            }
            assertThat(b.dumpsClosed()).isEqualTo(2);
        }

        @Test
        void firstClosesTheDumpEarly() {
            final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(TestFlows.manyTcp(100, 80));
            final Conntrack ct = Conntrack.using(b);
            assertThat(ct.flows().dport(80).first()).isNotEmpty();
            assertThat(b.dumpsClosed()).isEqualTo(1);
        }
    }

    @Nested
    class Explain {
        @Test
        void withEveryCapabilityTheKernelFiltersWhatItCan() {
            final FlowQuery q = FlowQuery.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8");
            final Plan plan = q.explain(Capabilities.ALL);
            assertThat(plan.toString().lines()).containsExactly(
                "kernel: family=ipv4, orig={proto=tcp dport=443}",
                "java:   {src=10.0.0.0/8}");
            assertThat(plan.capabilities()).isEqualTo(Capabilities.ALL);
        }

        @Test
        void withTheFamilyOnlyJavaFiltersTheRest() {
            final FlowQuery q = FlowQuery.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8");
            assertThat(q.explain(Capabilities.FAMILY_ONLY).toString().lines()).containsExactly(
                "kernel: family=ipv4",
                "java:   {proto=tcp, src=10.0.0.0/8, dport=443}");
        }

        @Test
        void moreExplanations() {
            final FlowQuery q = FlowQuery.flows().src("10.0.0.1").replyDst("203.0.113.7").mark(0x10, 0xf0)
                .assured().unreplied().zone(4).labels(1);
            assertThat(q.explain(Capabilities.ALL).toString().lines()).containsExactly(
                "kernel: family=ipv4, mark=0x10/0xf0, status=ASSURED/SEEN_REPLY|ASSURED, zone=4, "
                    + "orig={src=10.0.0.1}, reply={dst=203.0.113.7}",
                "java:   {labels={1}}");
            assertThat(q.explain(Capabilities.ofKernel(5, 10)).toString().lines()).containsExactly(
                "kernel: family=ipv4, mark=0x10/0xf0, orig={src=10.0.0.1}, reply={dst=203.0.113.7}",
                "java:   {status=ASSURED, status-unset=SEEN_REPLY, zone=4, labels={1}}");
            assertThat(q.explain(Capabilities.of()).toString().lines()).containsExactly(
                "kernel: nothing",
                "java:   {src=10.0.0.1, reply-dst=203.0.113.7, status=ASSURED, status-unset=SEEN_REPLY, "
                    + "mark=0x10/0xf0, zone=4, labels={1}}");
            assertThat(FlowQuery.flows().family(Family.IPV6).explain(Capabilities.ALL).toString().lines())
                .containsExactly("kernel: family=ipv6", "java:   nothing");
            assertThat(FlowQuery.flows().zone(0).explain(Capabilities.ALL).toString().lines())
                .as("the kernel ignores a zone-0 filter: Java checks it").containsExactly("kernel: nothing",
                    "java:   {zone=0}");
            assertThat(FlowQuery.flows().proto(Protocol.SCTP).family(Family.IPV4).dport(80)
                .explain(Capabilities.ALL).toString().lines())
                .as("the kernel compares ports of TCP and UDP only")
                .containsExactly("kernel: family=ipv4, orig={proto=sctp}", "java:   {dport=80}");
            assertThat(FlowQuery.flows().proto(Protocol.ICMP).icmpType(8).icmpId(3).family(Family.IPV4)
                .explain(Capabilities.ALL).toString().lines())
                .containsExactly("kernel: family=ipv4, orig={proto=icmp type=8 id=3}", "java:   nothing");
        }

        @Test
        void explainAgainstTheAttachedBackend() {
            final Conntrack ct = Conntrack.using(RecordingBackend.honouring(Capabilities.FAMILY_ONLY));
            assertThat(ct.flows().dport(443).src("10.0.0.1").explain().toString().lines())
                .containsExactly("kernel: family=ipv4", "java:   {src=10.0.0.1, dport=443}");
            assertThat(ct.capabilities()).isEqualTo(Capabilities.FAMILY_ONLY);
        }
    }

    @Nested
    class Delete {
        @Test
        void anEmptyQueryIsRefusedAndNothingIsSent() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
                () -> ct.flows().delete());
            assertThat(e).isNotNull();
            assertThat(e.field()).isEqualTo("query");
            assertThat(e.getMessage()).contains("flushAll()");
            assertThat(b.requests()).isEmpty();
            assertThat(b.flows()).hasSize(6);
        }

        @Test
        void criteriaThatSelectEverythingAreRefusedToo() {
            // a step without arguments adds no condition: it must not turn delete() into a flush in disguise
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            final List<Executable> vacuous = List.of(() -> ct.flows().status().delete(),
                () -> ct.flows().notStatus().delete(), () -> ct.flows().labels().delete(),
                () -> ct.flows().mark(0, 0).delete());
            for (final Executable v : vacuous) {
                assertThat(catchThrowableOfType(InvalidValueException.class, v::execute)).isNotNull();
            }
            assertThat(b.requests(BatchItem.class)).isEmpty();
            assertThat(b.flows()).hasSize(6);
        }

        @Test
        void deletesTheSelectedFlowsByTupleZoneAndId() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            final BulkResult r = ct.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8").delete();
            assertThat(r.matched()).isEqualTo(2);
            assertThat(r.succeeded()).isEqualTo(2);
            assertThat(r.alreadyGone()).isZero();
            assertThat(r.isComplete()).isTrue();
            assertThat(r).hasToString("matched=2 succeeded=2 alreadyGone=0 failed=0");
            assertThat(b.flows()).containsExactlyInAnyOrder(SSH, DNS, DNS6, OTHER);
            final List<DeleteFlow> deletes = b.requests(DeleteFlow.class);
            assertThat(deletes).extracting(DeleteFlow::id).containsExactlyInAnyOrder(WEB.id(), WEB2.id());
            assertThat(deletes).allMatch(d -> d.id().isDefined());
            assertThat(deletes).extracting(DeleteFlow::tuple).containsExactlyInAnyOrder(WEB.original(),
                WEB2.original());
            assertThat(b.requests(FlushFlows.class)).isEmpty();
            assertThat(b.requests(FlushAll.class)).isEmpty();
            assertThat(b.dumpsClosed()).isEqualTo(b.dumpsOpened());
        }

        @Test
        void deleteCarriesTheZone() {
            final Flow zoned = TestFlows.tcp("10.0.0.7", 1, "10.0.0.8", 2).toBuilder().zone(5).build();
            final RecordingBackend b = backend(Capabilities.ALL).with(zoned);
            final BulkResult r = Conntrack.using(b).flows().zone(5).delete();
            assertThat(r.succeeded()).isEqualTo(1);
            assertThat(b.requests(DeleteFlow.class)).singleElement().satisfies(d -> assertThat(d.zone()).isEqualTo(5));
        }

        @Test
        void theWholeQueryIsRecheckedWhenTheKernelIgnoresAFilter() {
            // an old kernel ignores unknown filter attributes and dumps everything: nothing else may be deleted
            for (final Capabilities caps : List.of(Capabilities.ALL, Capabilities.ofKernel(5, 10),
                Capabilities.FAMILY_ONLY)) {
                final Flow marked = WEB.toBuilder().mark(7L).id(new FlowId(1)).build();
                final Flow zoned = WEB2.toBuilder().zone(3).build();
                final Flow assured6 = DNS6.toBuilder().status(Status.ASSURED, Status.CONFIRMED).build();
                final RecordingBackend b = RecordingBackend.ignoringFilters(caps)
                    .with(marked, zoned, SSH, DNS, assured6, OTHER);
                final Conntrack ct = Conntrack.using(b);
                assertThat(ct.flows().mark(7).delete().succeeded()).as("%s", caps).isEqualTo(1);
                assertThat(ct.flows().zone(3).delete().succeeded()).isEqualTo(1);
                assertThat(ct.flows().family(Family.IPV6).assured().delete().succeeded()).isEqualTo(1);
                assertThat(ct.flows().proto(Protocol.TCP).dport(22).src("10.0.0.1").delete().succeeded())
                    .isEqualTo(1);
                assertThat(b.flows()).containsExactlyInAnyOrder(DNS, OTHER);
                assertThat(ct.flows().dport(9).delete().matched()).isZero();
                assertThat(b.flows()).containsExactlyInAnyOrder(DNS, OTHER);
            }
        }

        @Test
        void flowsThatDiedInBetweenAreAlreadyGone() {
            final Flow reused = WEB2.toBuilder().id(new FlowId(999_999)).build();
            final RecordingBackend b = backend(Capabilities.ALL).afterDumpSnapshot(be -> {
                be.removeSilently(f -> f.equals(WEB));
                // WEB2 died and its tuple was reused by a new flow with another id: it must survive
                be.removeSilently(f -> f.equals(WEB2));
                be.addSilently(reused);
            });
            final Conntrack ct = Conntrack.using(b);
            final BulkResult r = ct.flows().dport(443).delete();
            assertThat(r.matched()).isEqualTo(3);
            assertThat(r.succeeded()).isEqualTo(1);
            assertThat(r.alreadyGone()).isEqualTo(2);
            assertThat(r.failures()).isEmpty();
            assertThat(r.isComplete()).isTrue();
            assertThat(b.flows()).contains(reused).doesNotContain(OTHER);
        }

        @Test
        void otherErrorsAreFailures() {
            final RecordingBackend b = backend(Capabilities.ALL).failing(WEB.original(), Errno.EPERM)
                .failing(WEB2.original(), Errno.EPERM);
            final BulkResult r = Conntrack.using(b).flows().dport(443).delete();
            assertThat(r.matched()).isEqualTo(3);
            assertThat(r.succeeded()).isEqualTo(1);
            assertThat(r.alreadyGone()).isZero();
            assertThat(r.failures()).hasSize(2);
            assertThat(r.failures()).allMatch(f -> f.error().contains(Errno.EPERM));
            assertThat(r.isComplete()).isFalse();
            assertThat(r).hasToString("matched=3 succeeded=1 alreadyGone=0 failed=2 {EPERM=2}");
        }

        @Test
        void batchesHoldAtMost512Items() {
            final List<Flow> many = TestFlows.manyTcp(1300, 8080);
            final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(many).with(WEB, SSH);
            final BulkResult r = Conntrack.using(b).flows().dport(8080).delete();
            assertThat(r.matched()).isEqualTo(1300);
            assertThat(r.succeeded()).isEqualTo(1300);
            assertThat(b.batches()).extracting(batch -> batch.items().size()).containsExactly(512, 512, 276);
            assertThat(b.flows()).containsExactlyInAnyOrder(WEB, SSH);
            assertThat(b.requests(DeleteFlow.class)).hasSize(1300);
            assertThat(b.requests(DeleteFlow.class).stream().map(DeleteFlow::id).distinct().count())
                .as("each flow once").isEqualTo(1300);
        }

        @Test
        void exactlyOneBatchOf512() {
            final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(TestFlows.manyTcp(512, 1));
            assertThat(Conntrack.using(b).flows().dport(1).delete().succeeded()).isEqualTo(512);
            assertThat(b.batches()).extracting(batch -> batch.items().size()).containsExactly(512);
        }

        @Test
        void nothingSelectedSendsNoBatch() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final BulkResult r = Conntrack.using(b).flows().dport(9999).delete();
            assertThat(r.matched()).isZero();
            assertThat(b.batches()).isEmpty();
        }
    }

    @Nested
    class Update {
        @Test
        void aTcpStateChangeNeedsATcpQuery() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final Conntrack ct = Conntrack.using(b);
            final FlowUpdate toClose = FlowUpdate.none().tcpState(TcpState.CLOSE);
            final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
                () -> ct.flows().dport(443).update(toClose));
            assertThat(e).isNotNull();
            assertThat(e.field()).isEqualTo("tcp state");
            assertThat(catchThrowableOfType(InvalidValueException.class,
                () -> ct.flows().proto(Protocol.UDP).update(toClose))).isNotNull();
            assertThat(b.requests()).isEmpty();
            assertThat(ct.flows().proto(Protocol.TCP).dport(22).update(toClose).succeeded()).isEqualTo(1);
            assertThat(ct.flows().state(TcpState.ESTABLISHED).dport(443).src("10.0.0.1").update(toClose)
                .succeeded()).as("state() implies proto tcp").isEqualTo(1);
            assertThat(b.flows().stream().filter(f -> f.tcpState().contains(TcpState.CLOSE)).count()).isEqualTo(2);
        }

        @Test
        void anEmptyUpdateIsRefused() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
                () -> Conntrack.using(b).flows().dport(443).update(FlowUpdate.none()));
            assertThat(e).isNotNull();
            assertThat(e.field()).isEqualTo("update");
            assertThat(catchThrowableOfType(InvalidValueException.class,
                () -> Conntrack.using(b).flows().dport(443).update(null))).isNotNull();
            assertThat(b.requests()).isEmpty();
        }

        @Test
        void updatesEverySelectedFlow() {
            final Flow m9 = WEB.toBuilder().mark(9L).build();
            final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(m9, WEB2, SSH);
            final Conntrack ct = Conntrack.using(b);
            final BulkResult r = ct.flows().dport(443).update(FlowUpdate.none().mark(0xf0, 0xf0).timeout(600)
                .addLabels(4));
            assertThat(r.matched()).isEqualTo(2);
            assertThat(r.succeeded()).isEqualTo(2);
            final Map<Long, Flow> byId = b.flows().stream().collect(Collectors.toMap(f -> f.id().get().unsigned(),
                f -> f));
            final Flow updated = byId.get(m9.id().get().unsigned());
            assertThat(updated.mark()).contains(0xf9L);
            assertThat(updated.timeout()).contains(600L);
            assertThat(updated.labels()).isEqualTo(Labels.of(4));
            assertThat(byId.get(WEB2.id().get().unsigned()).mark()).contains(0xf0L);
            assertThat(byId.get(SSH.id().get().unsigned())).isEqualTo(SSH);
            assertThat(b.requests(UpdateFlow.class)).extracting(UpdateFlow::tuple)
                .containsExactlyInAnyOrder(WEB.original(), WEB2.original());
            assertThat(b.requests(UpdateFlow.class)).allMatch(u -> u.changes().timeout().contains(600L));
        }

        @Test
        void anEmptyQueryRefusesToUpdateEverythingButUpdateAllDoes() {
            final RecordingBackend b = backend(Capabilities.ALL);
            final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
                () -> Conntrack.using(b).flows().update(FlowUpdate.none().setStatus(Status.ASSURED)));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("updateAll");
            assertThat(b.requests(UpdateFlow.class)).isEmpty();
            assertThat(Conntrack.using(b).updateAll(FlowUpdate.none().setStatus(Status.ASSURED)).succeeded())
                .isEqualTo(6);
            assertThat(b.flows()).allMatch(f -> f.hasStatus(Status.ASSURED));
        }

        @Test
        void updatesAreRecheckedAndBatched() {
            final RecordingBackend b = RecordingBackend.ignoringFilters(Capabilities.ALL)
                .with(TestFlows.manyTcp(600, 7)).with(WEB);
            final BulkResult r = Conntrack.using(b).flows().proto(Protocol.TCP).dport(7)
                .update(FlowUpdate.none().mark(1));
            assertThat(r.succeeded()).isEqualTo(600);
            assertThat(b.batches()).extracting(batch -> batch.items().size()).containsExactly(512, 88);
            assertThat(b.flows()).filteredOn(f -> f.original().equals(WEB.original())).singleElement()
                .satisfies(f -> assertThat(f.markValue()).isZero());
        }

        @Test
        void alreadyGoneOnUpdate() {
            final RecordingBackend b = backend(Capabilities.ALL)
                .afterDumpSnapshot(be -> be.removeSilently(f -> f.equals(WEB)));
            final BulkResult r = Conntrack.using(b).flows().dport(443).update(FlowUpdate.none().mark(3));
            assertThat(r.matched()).isEqualTo(3);
            assertThat(r.alreadyGone()).isEqualTo(1);
            assertThat(r.succeeded()).isEqualTo(2);
        }

        @Test
        void onlyTheTableCanBeChanged() {
            final RecordingBackend b = backend(Capabilities.ALL);
            assertThat(catchThrowableOfType(InvalidValueException.class,
                () -> Conntrack.using(b).dying().dport(1).update(FlowUpdate.none().mark(1)))).isNotNull();
            assertThat(b.requests()).isEmpty();
        }
    }

    @Test
    void bulkResultChecksItsCounts() {
        assertThatThrownBy(() -> new BulkResult(3, 1, 1, io.vavr.collection.Vector.empty()))
            .isInstanceOf(IllegalArgumentException.class);
        final Seq<io.conntrack4j.spi.ItemResult> none = io.vavr.collection.Vector.empty();
        assertThat(new BulkResult(2, 1, 1, none).isComplete()).isTrue();
    }

    @Test
    void aBatchIsNeverSentWithMoreThan512Items() {
        // the constant itself, so that a change is a conscious one
        assertThat(FlowQuery.BATCH_SIZE).isEqualTo(512);
        final List<Batch> seen = new ArrayList<>();
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.of(KernelFeature.FAMILY_FILTER))
            .with(TestFlows.manyTcp(2000, 5));
        Conntrack.using(b).flows().dport(5).delete();
        seen.addAll(b.batches());
        assertThat(seen).allMatch(batch -> batch.items().size() <= 512);
        assertThat(seen.stream().mapToInt(batch -> batch.items().size()).sum()).isEqualTo(2000);
        final Iterator<Batch> it = seen.iterator();
        assertThat(it.next().items()).allMatch(item -> item instanceof DeleteFlow);
    }
}
