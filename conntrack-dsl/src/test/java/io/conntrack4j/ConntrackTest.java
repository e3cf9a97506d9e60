package io.conntrack4j;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.SubscribeExpectations;
import io.conntrack4j.spi.TupleDirection;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The entry point: single-flow operations, statistics, and the one path that deletes everything. */
class ConntrackTest {
    private static final Flow WEB = TestFlows.tcp("10.0.0.1", 40000, "192.0.2.1", 443);
    private static final Flow DNS = TestFlows.udp("10.0.0.1", 5353, "192.0.2.53", 53);
    private static final Flow DNS6 = TestFlows.udp("2001:db8::1", 5353, "2001:db8::53", 53);

    @Test
    void flushAllIsTheOnlyPathThatProducesAFlushAll() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(WEB, DNS, DNS6);
        final Conntrack ct = Conntrack.using(b);
        // everything else a user can do with queries
        ct.flows().list();
        ct.flows().count();
        ct.flows().first();
        ct.flows().dport(443).delete();
        ct.updateAll(FlowUpdate.none().mark(1));
        ct.flows().family(Family.IPV6).update(FlowUpdate.none().timeout(9));
        ct.flows().proto(Protocol.UDP).dport(53).delete();
        catchThrowableOfType(io.conntrack4j.error.InvalidValueException.class, () -> ct.flows().delete());
        ct.dying().list();
        ct.count();
        ct.get(WEB.original());
        try (var events = ct.events().stream()) {
            events.count();
        }
        ct.expectations().list();
        ct.expectations().flushAll();
        assertThat(b.requests(FlushAll.class)).isEmpty();
        assertThat(b.requests(FlushFlows.class)).isEmpty();
        assertThat(b.requests(FlushExpectations.class)).hasSize(1);

        b.addSilently(WEB);
        ct.flushAll(Family.IPV6);
        assertThat(b.requests(FlushAll.class)).containsExactly(new FlushAll(Option.some(Family.IPV6)));
        assertThat(b.flows()).containsExactly(WEB);
        ct.flushAll();
        assertThat(b.requests(FlushAll.class)).containsExactly(new FlushAll(Option.some(Family.IPV6)),
            new FlushAll(Option.none()));
        assertThat(b.flows()).isEmpty();
        assertThat(b.requests(FlushFlows.class)).isEmpty();
    }

    @Test
    void aFamilyFlushOnAnOldKernelDeletesOnlyThatFamily() {
        // before 5.2 the kernel ignores the family of a flush and empties the whole table (ctnetlink-and-cli §4.8)
        for (final Capabilities old : List.of(Capabilities.ofKernel(5, 1), Capabilities.ofKernel(4, 19),
            Capabilities.FAMILY_ONLY, Capabilities.of())) {
            final Flow dns6b = TestFlows.udp("2001:db8::2", 5353, "2001:db8::53", 53);
            final RecordingBackend b = RecordingBackend.honouring(old).with(WEB, DNS, DNS6, dns6b);
            Conntrack.using(b).flushAll(Family.IPV6);
            assertThat(b.requests(FlushAll.class)).as("%s", old).isEmpty();
            assertThat(b.flows()).containsExactlyInAnyOrder(WEB, DNS);
            assertThat(b.requests(io.conntrack4j.spi.DeleteFlow.class)).hasSize(2)
                .allMatch(d -> d.id().isDefined() && d.tuple().family() == Family.IPV6);
        }
        final RecordingBackend modern = RecordingBackend.honouring(Capabilities.ofKernel(5, 2)).with(WEB, DNS6);
        Conntrack.using(modern).flushAll(Family.IPV6);
        assertThat(modern.requests()).containsExactly(new FlushAll(Option.some(Family.IPV6)));
        assertThat(modern.flows()).containsExactly(WEB);
    }

    @Test
    void aFamilyFlushOneByOneReportsFailures() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.FAMILY_ONLY).with(WEB, DNS6)
            .failing(DNS6.original(), Errno.EPERM);
        final KernelException e = catchThrowableOfType(KernelException.class,
            () -> Conntrack.using(b).flushAll(Family.IPV6));
        assertThat(e).isNotNull();
        assertThat(e.operation()).isEqualTo(io.conntrack4j.error.Operation.FLUSH);
        assertThat(e.errno()).isEqualTo(Errno.EPERM);
        assertThat(e.getMessage()).contains("flush").contains("EPERM").contains("family ipv6")
            .contains("CAP_NET_ADMIN");
        // the whole-table flush needs no capability and is never emulated
        Conntrack.using(b).flushAll();
        assertThat(b.requests(FlushAll.class)).containsExactly(new FlushAll(Option.none()));
    }

    @Test
    void createCompletesTheFlow() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL);
        final Conntrack ct = Conntrack.using(b);
        final Tuple t = Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53);
        ct.create(Flow.builder(t).timeout(120L).mark(0x2aL).status(Status.ASSURED).build());
        final CreateFlow sent = b.requests(CreateFlow.class).get(0);
        assertThat(sent.flow().reply()).contains(t.inverse());
        assertThat(sent.flow().status()).contains(io.conntrack4j.model.StatusBits.of(Status.ASSURED,
            Status.CONFIRMED));
        assertThat(sent.replaceExisting()).isFalse();
        assertThat(ct.get(t)).isNotEmpty();
        final KernelException e = catchThrowableOfType(KernelException.class,
            () -> ct.create(Flow.builder(t).timeout(1L).build()));
        assertThat(e.errno()).isEqualTo(Errno.EEXIST);
        ct.create(CreateFlow.of(Flow.builder(t).timeout(5L).build()).orUpdate());
        assertThat(ct.get(t).get().timeout()).contains(5L);
    }

    @Test
    void createAllPipelinesInBatchesAndReportsEachFlow() {
        final List<Flow> flows = TestFlows.manyTcp(1100, 80).stream()
            .map(f -> Flow.builder(f.original()).timeout(60L).build()).collect(java.util.stream.Collectors.toList());
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL)
            .with(Flow.builder(flows.get(7).original()).timeout(5L).build())
            .failing(flows.get(9).original(), Errno.ENOMEM);
        final BulkResult r = Conntrack.using(b).createAll(flows);
        assertThat(r.matched()).isEqualTo(1100);
        assertThat(r.succeeded()).isEqualTo(1098);
        assertThat(r.failures()).extracting(f -> f.error().get()).containsExactlyInAnyOrder(Errno.EEXIST,
            Errno.ENOMEM);
        assertThat(r.isComplete()).isFalse();
        assertThat(b.batches()).extracting(batch -> batch.items().size()).containsExactly(512, 512, 76);
        assertThat(b.requests(CreateFlow.class)).hasSize(1100)
            .allMatch(c -> c.flow().reply().isDefined() && !c.replaceExisting());
        assertThat(b.flows()).hasSize(1099);
        assertThat(Conntrack.using(b).createAll(List.of()).matched()).isZero();
        assertThat(b.batches()).hasSize(3);
    }

    @Test
    void getByEitherTupleAndZone() {
        final Flow zoned = WEB.toBuilder().zone(4).build();
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(DNS, zoned);
        final Conntrack ct = Conntrack.using(b);
        assertThat(ct.get(DNS.original())).contains(DNS);
        assertThat(ct.get(WEB.original())).as("zone 0").isEmpty();
        assertThat(ct.get(WEB.original(), 4)).contains(zoned);
        assertThat(ct.getByReply(DNS.reply().get(), 0)).contains(DNS);
        assertThat(ct.getByReply(DNS.original(), 0)).isEmpty();
        assertThat(b.requests(GetFlow.class)).containsExactly(
            new GetFlow(DNS.original(), TupleDirection.ORIGINAL, 0),
            new GetFlow(WEB.original(), TupleDirection.ORIGINAL, 0),
            new GetFlow(WEB.original(), TupleDirection.ORIGINAL, 4),
            new GetFlow(DNS.reply().get(), TupleDirection.REPLY, 0),
            new GetFlow(DNS.original(), TupleDirection.REPLY, 0));
    }

    @Test
    void countAndStatistics() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(WEB, DNS, DNS6);
        final Conntrack ct = Conntrack.using(b);
        assertThat(ct.count()).isEqualTo(3);
        assertThat(ct.globalStats().maxEntries()).isEqualTo(262144);
        assertThat(ct.stats()).isEmpty();
        assertThat(b.requests(GetGlobalStats.class)).hasSize(2);
        assertThat(ct.capabilities()).isEqualTo(Capabilities.ALL);
    }

    @Test
    void expectations() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL);
        final Conntrack ct = Conntrack.using(b);
        ct.expectations().list(Family.IPV4);
        ct.expectations().ofMaster(WEB.original());
        ct.expectations().flush("ftp");
        assertThat(b.requests(DumpExpectations.class)).containsExactly(
            new DumpExpectations(Option.some(Family.IPV4), Option.none()),
            new DumpExpectations(Option.some(Family.IPV4), Option.some(WEB.original())));
        assertThat(b.requests(FlushExpectations.class)).containsExactly(new FlushExpectations(Option.some("ftp")));
    }

    @Test
    void expectationEventsSubscribeToTheAskedTypesAndDeliverOnlyExpectationEvents() {
        final Expectation x = new Expectation(Tuple.tcp("10.0.0.2", "10.0.0.1", 0, 50000),
            Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 0xffff), WEB.original(), Option.some(300L), 0, 0,
            Option.none(), Option.some("ftp"), Option.none(), Option.none(), Option.none());
        final ExpectationEvent created = new ExpectationEvent(EventType.NEW, x);
        final ExpectationEvent destroyed = new ExpectationEvent(EventType.DESTROY, x);
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL)
            .withEvents(created, new FlowEvent(EventType.NEW, WEB, 0, Option.none()), destroyed);
        final Conntrack ct = Conntrack.using(b);
        try (var events = ct.expectations().events(EventType.DESTROY)) {
            assertThat(events).containsExactly(destroyed);
        }
        assertThat(b.requests(SubscribeExpectations.class))
            .containsExactly(new SubscribeExpectations(java.util.Set.of(EventType.DESTROY)));
        assertThatThrownBy(() -> ct.expectations().events()).isInstanceOf(InvalidValueException.class)
            .hasMessageContaining("at least one event type");
        assertThatThrownBy(() -> new SubscribeExpectations(java.util.Set.of(EventType.NEW), -1))
            .isInstanceOf(InvalidValueException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void closeClosesTheBackend() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL);
        try (Conntrack ct = Conntrack.using(b)) {
            assertThat(ct.flows().list()).isEmpty();
            assertThat(b.isClosed()).isFalse();
        }
        assertThat(b.isClosed()).isTrue();
        assertThat(catchThrowableOfType(io.conntrack4j.error.InvalidValueException.class,
            () -> Conntrack.using(null))).isNotNull();
    }

    @Test
    void kernelErrorsReachTheCallerWithContext() {
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).with(WEB);
        final Conntrack ct = Conntrack.using(b);
        final KernelException e = catchThrowableOfType(KernelException.class,
            () -> ct.create(Flow.builder(WEB.original()).timeout(1L).build()));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("create failed: EEXIST").contains(WEB.original().toString());
        final List<Request> sent = b.requests();
        assertThat(sent).hasSize(1);
    }
}
