package io.conntrack4j.netlink;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.GetExpectationStats;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.UpdateFlow;
import io.conntrack4j.testkit.RealKernel;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The errno cases of the kernel (kernel-semantics.md §6.6) as typed {@link KernelException}s through the netlink
 * backend, and the inputs the library rejects before sending anything ({@link InvalidValueException}).
 */
@RealKernel
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetlinkErrorsIT {
    private static NetlinkBackend backend;
    private static Conntrack ct;

    private static final Tuple TCP = Tuple.tcp("192.0.2.1", "192.0.2.2", 1000, 80);
    private static final Tuple UDP = Tuple.udp("192.0.2.1", "192.0.2.2", 1000, 53);

    @BeforeAll
    static void open() {
        backend = NetlinkBackend.open();
        ct = Conntrack.using(backend);
    }

    @AfterAll
    static void close() {
        if (ct != null) {
            ct.flushAll();
            ct.close();
        }
    }

    @BeforeEach
    @AfterEach
    void emptyTable() {
        ct.expectations().flushAll();
        ct.flushAll();
    }

    private static Flow.Builder flow(final Tuple t) {
        return Flow.builder(t).timeout(300L);
    }

    private static void kernelRefuses(final ThrowingCallable call, final Operation operation, final Errno errno,
                                      final boolean withHint) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KernelException.class, e -> {
            assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno);
            assertThat(e.operation()).as(e.getMessage()).isEqualTo(operation);
            assertThat(e.getMessage()).contains(errno.name());
            if (withHint) {
                assertThat(e.hint()).as("hint of %s", e.getMessage()).isNotEmpty();
                assertThat(e.hint().get()).isNotBlank();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------- create

    @Test
    void createOfAnExistingFlowIsEexist() {
        ct.create(flow(TCP).protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).build());
        kernelRefuses(() -> ct.create(flow(TCP).build()), Operation.CREATE, Errno.EEXIST, false);
        // either tuple in use counts: the reply tuple as a new original
        kernelRefuses(() -> ct.create(flow(TCP.inverse()).build()), Operation.CREATE, Errno.EEXIST, false);
        assertThatThrownBy(() -> ct.create(flow(TCP).build())).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.subject().get()).contains("192.0.2.1"));
        // the same tuple in another zone is another flow
        ct.create(flow(TCP).zone(3).build());
        assertThat(ct.count()).isEqualTo(2);
        // create-or-update does not fail: it updates
        ct.create(CreateFlow.of(flow(TCP).mark(5L).build()).orUpdate());
        assertThat(ct.get(TCP).get().markValue()).isEqualTo(5);
        assertThat(ct.count()).isEqualTo(2);
    }

    @Test
    void createWithAnUnknownHelperIsEopnotsupp() {
        kernelRefuses(() -> ct.create(flow(TCP).helper("nosuchhelper").build()), Operation.CREATE, Errno.EOPNOTSUPP,
            true);
        assertThat(ct.get(TCP)).isEmpty();
    }

    @Test
    void createWithAMissingMasterIsEnoent() {
        final Tuple master = Tuple.tcp("192.0.2.9", "192.0.2.2", 5, 21);
        kernelRefuses(() -> ct.create(flow(UDP).master(master).build()), Operation.CREATE, Errno.ENOENT, false);
        assertThat(ct.count()).isZero();
    }

    @Test
    void createOfAnIcmpTypeTheKernelCannotInvertIsEinval() {
        // with an explicit reply tuple the library sends it; the kernel refuses type 3 (no reply type)
        final Tuple unreachable = Tuple.icmp("192.0.2.1", "192.0.2.2", 3, 1, 0);
        kernelRefuses(() -> ct.create(flow(unreachable).reply(Tuple.icmp("192.0.2.2", "192.0.2.1", 3, 1, 0)).build()),
            Operation.CREATE, Errno.EINVAL, false);
        assertThat(ct.count()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------- update

    @Test
    void updateOfAMissingFlowIsEnoent() {
        kernelRefuses(() -> backend.update(new UpdateFlow(TCP, 0, FlowUpdate.none().mark(1))), Operation.UPDATE,
            Errno.ENOENT, false);
        // in another zone it is missing too
        ct.create(flow(TCP).build());
        kernelRefuses(() -> backend.update(new UpdateFlow(TCP, 4, FlowUpdate.none().mark(1))), Operation.UPDATE,
            Errno.ENOENT, false);
        backend.update(new UpdateFlow(TCP, 0, FlowUpdate.none().mark(1)));
        assertThat(ct.get(TCP).get().markValue()).isOne();
    }

    @Test
    void timeoutUpdateOfAFixedTimeoutFlowIsEperm() {
        ct.create(flow(UDP).timeout(100L).status(Status.FIXED_TIMEOUT).mark(1L).build());
        kernelRefuses(() -> backend.update(new UpdateFlow(UDP, 0, FlowUpdate.none().timeout(1000))), Operation.UPDATE,
            Errno.EPERM, true);
        assertThat(ct.get(UDP).get().timeout().get()).isLessThanOrEqualTo(100L);

        // the kernel applies timeout before mark and stops at the first error: the mark is not changed either
        kernelRefuses(() -> backend.update(new UpdateFlow(UDP, 0, FlowUpdate.none().timeout(1000).mark(2))),
            Operation.UPDATE, Errno.EPERM, true);
        assertThat(ct.get(UDP).get().markValue()).isOne();

        // through the DSL it is a per-flow failure of the bulk result
        final BulkResult r = ct.flows().src("192.0.2.1").update(FlowUpdate.none().timeout(1000));
        assertThat(r.matched()).isOne();
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0).error()).contains(Errno.EPERM);
        assertThat(r.isComplete()).isFalse();

        // a mark alone still works on it
        assertThat(ct.flows().src("192.0.2.1").update(FlowUpdate.none().mark(3)).isComplete()).isTrue();
        assertThat(ct.get(UDP).get().markValue()).isEqualTo(3);
    }

    @Test
    void labelUpdateWithoutLabelSpaceIsEnospc() {
        ct.create(flow(UDP).build());
        kernelRefuses(() -> backend.update(new UpdateFlow(UDP, 0, FlowUpdate.none().addLabels(1))), Operation.UPDATE,
            Errno.ENOSPC, true);
        kernelRefuses(() -> backend.update(new UpdateFlow(UDP, 0, FlowUpdate.none().removeLabels(100))),
            Operation.UPDATE, Errno.ENOSPC, true);
        // labels at create are silently dropped without label space
        final Tuple other = Tuple.udp("192.0.2.3", "192.0.2.4", 1, 2);
        ct.create(flow(other).labels(io.conntrack4j.model.Labels.of(5)).build());
        assertThat(ct.get(other).get().labels().isEmpty()).isTrue();
    }

    @Test
    void tcpStatesAboveNineAreRejectedByTheLibrary() {
        assertThatThrownBy(() -> TcpState.of(10)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TcpState.of(-1)).isInstanceOf(InvalidValueException.class);
        assertThat(TcpState.of(9)).isEqualTo(TcpState.SYN_SENT2);
        ct.create(flow(TCP).protoInfo(ProtoInfo.Tcp.of(TcpState.SYN_SENT)).build());
        // a state change needs a query restricted to TCP
        assertThatThrownBy(() -> ct.flows().src("192.0.2.1").update(FlowUpdate.none().tcpState(TcpState.CLOSE)))
            .isInstanceOf(InvalidValueException.class);
        assertThat(ct.get(TCP).get().tcpState()).contains(TcpState.SYN_SENT);
        // the highest state the kernel accepts
        assertThat(ct.flows().proto(Protocol.TCP).update(FlowUpdate.none().tcpState(TcpState.SYN_SENT2))
            .isComplete()).isTrue();
        assertThat(ct.get(TCP).get().tcpState()).contains(TcpState.SYN_SENT2);
    }

    // ------------------------------------------------------------------------------------------------ get/delete

    @Test
    void getOfAMissingFlowIsNone() {
        assertThat(ct.get(TCP)).isEmpty();
        assertThat(ct.getByReply(TCP.inverse(), 0)).isEmpty();
        ct.create(flow(TCP).build());
        assertThat(ct.get(TCP, 1)).isEmpty();
        assertThat(ct.get(TCP)).isNotEmpty();
    }

    @Test
    void deleteOfAMissingFlowOrWithAWrongIdIsEnoent() {
        kernelRefuses(() -> backend.delete(new DeleteFlow(TCP, TupleDirection.ORIGINAL, 0, Option.none())),
            Operation.DELETE, Errno.ENOENT, false);
        ct.create(flow(TCP).build());
        final FlowId id = ct.get(TCP).get().id().get();
        final FlowId wrong = new FlowId(id.bits() == 12345 ? 12346 : 12345);
        kernelRefuses(() -> backend.delete(new DeleteFlow(TCP, TupleDirection.ORIGINAL, 0, Option.some(wrong))),
            Operation.DELETE, Errno.ENOENT, false);
        assertThat(ct.get(TCP)).as("a delete with a wrong id leaves the flow alone").isNotEmpty();
        kernelRefuses(() -> backend.delete(new DeleteFlow(TCP, TupleDirection.ORIGINAL, 2, Option.some(id))),
            Operation.DELETE, Errno.ENOENT, false);
        backend.delete(new DeleteFlow(TCP, TupleDirection.ORIGINAL, 0, Option.some(id)));
        assertThat(ct.get(TCP)).isEmpty();
        kernelRefuses(() -> backend.delete(new DeleteFlow(TCP, TupleDirection.ORIGINAL, 0, Option.some(id))),
            Operation.DELETE, Errno.ENOENT, false);
    }

    @Test
    void batchItemsThatFailAreResultsNotExceptions() {
        ct.create(flow(TCP).build());
        final FlowId id = ct.get(TCP).get().id().get();
        final Seq<ItemResult> results = backend.execute(new Batch(Vector.of(
            new DeleteFlow(TCP, TupleDirection.ORIGINAL, 0, Option.some(new FlowId(~id.bits()))),
            new UpdateFlow(UDP, 0, FlowUpdate.none().mark(1)),
            CreateFlow.of(flow(TCP).build()),
            new UpdateFlow(TCP, 0, FlowUpdate.none().addLabels(2)),
            CreateFlow.of(flow(UDP).helper("nosuchhelper").build()),
            new UpdateFlow(TCP, 0, FlowUpdate.none().mark(7)),
            DeleteFlow.of(ct.get(TCP).get()))));
        assertThat(results.map(ItemResult::error)).containsExactly(Option.some(Errno.ENOENT),
            Option.some(Errno.ENOENT), Option.some(Errno.EEXIST), Option.some(Errno.ENOSPC),
            Option.some(Errno.EOPNOTSUPP), Option.none(), Option.none());
        assertThat(ct.count()).isZero();
    }

    /**
     * Flows that die between the dump and the delete are counted as already gone, not as failures: a backend that
     * deletes every other selected flow just before each batch runs makes that race deterministic.
     */
    @Test
    void bulkDeleteCountsFlowsAlreadyGone() {
        for (int i = 0; i < 10; i++) {
            ct.create(flow(Tuple.udp("192.0.2.10", "192.0.2.11", 2000 + i, 53)).build());
        }
        ct.create(flow(Tuple.udp("192.0.2.12", "192.0.2.11", 2000, 53)).build());
        try (Conntrack racing = Conntrack.using(new Racing(NetlinkBackend.open()))) {
            final BulkResult deleted = racing.flows().src("192.0.2.10").delete();
            assertThat(deleted).isEqualTo(new BulkResult(10, 5, 5, Vector.empty()));
            assertThat(deleted.isComplete()).isTrue();
        }
        assertThat(ct.flows().src("192.0.2.10").count()).isZero();
        assertThat(ct.count()).isOne();

        // updates likewise
        for (int i = 0; i < 4; i++) {
            ct.create(flow(Tuple.udp("192.0.2.20", "192.0.2.11", 2000 + i, 53)).build());
        }
        try (Conntrack racing = Conntrack.using(new Racing(NetlinkBackend.open()))) {
            final BulkResult updated = racing.flows().src("192.0.2.20").update(FlowUpdate.none().mark(9));
            assertThat(updated).isEqualTo(new BulkResult(4, 2, 2, Vector.empty()));
        }
        assertThat(ct.flows().mark(9).count()).isEqualTo(2);
    }

    /**
     * A bulk delete carries each flow's id: when a selected flow dies and its tuple is reused by a new flow before the
     * delete arrives, the new flow survives and the old one counts as already gone.
     */
    @Test
    void bulkDeleteNeverHitsANewFlowThatReusedATuple() {
        final Tuple t = Tuple.udp("192.0.2.30", "192.0.2.31", 7, 8);
        ct.create(flow(t).mark(1L).build());
        final FlowId oldId = ct.get(t).get().id().get();
        final Racing recreating = new Racing(NetlinkBackend.open(), true);
        try (Conntrack racing = Conntrack.using(recreating)) {
            final BulkResult r = racing.flows().src("192.0.2.30").delete();
            final Flow reborn = ct.get(t).getOrNull();
            assertThat(reborn).as("the new flow with the reused tuple").isNotNull();
            assertThat(reborn.markValue()).isEqualTo(2);
            org.junit.jupiter.api.Assumptions.assumeFalse(reborn.id().contains(oldId),
                "the kernel gave the new flow the old id (same object address): the id cannot tell them apart");
            assertThat(r).isEqualTo(new BulkResult(1, 0, 1, Vector.empty()));
        }
    }

    /**
     * When the ACKs of a pipelined batch overflow the socket's receive buffer, the kernel drops them and reports
     * ENOBUFS: the batch fails with that errno, and the backend must stay usable afterwards (a later request must not
     * wait forever for an ACK the congested socket dropped).
     */
    @Test
    void aBatchWhoseAcksOverflowTheReceiveBufferFailsAndTheBackendRecovers() {
        final java.util.function.Supplier<NetlinkSocket> small = () -> {
            final NetlinkSocket s = io.conntrack4j.netlink.jna.JnaNetlinkSocket.open();
            s.setReceiveBufferSize(4096, false);
            return s;
        };
        try (NetlinkBackend tiny = NetlinkBackend.over(small, backend.capabilities());
             Conntrack c = Conntrack.using(tiny)) {
            final List<Flow> flows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                flows.add(flow(Tuple.udp("192.0.2.40", "192.0.2.41", 3000 + i, 53)).build());
            }
            assertThatThrownBy(() -> c.createAll(flows)).isInstanceOfSatisfying(KernelException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOBUFS));
            // the kernel created them all; only the ACKs were lost
            assertThat(ct.flows().src("192.0.2.40").count()).isEqualTo(100);
            final long count = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration
                .ofSeconds(10), c::count, "a request after the overrun must be answered");
            assertThat(count).isEqualTo(100);
            c.create(flow(Tuple.udp("192.0.2.42", "192.0.2.41", 1, 53)).build());
            assertThat(c.flows().src("192.0.2.42").count()).isOne();
        }
    }

    // ------------------------------------------------------------------------------------------------- expectations

    @Test
    void expectationErrors() {
        final Tuple expected = Tuple.tcp("192.0.2.2", "192.0.2.1", 0, 50000);
        final Tuple mask = Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 0xffff);
        final Expectation x = new Expectation(expected, mask, TCP, Option.some(60L), 0, 0, Option.none(),
            Option.none(), Option.none(), Option.none(), Option.none());
        // no master
        kernelRefuses(() -> ct.expectations().create(x), Operation.EXPECTATION, Errno.ENOENT, false);
        // a master without a helper
        ct.create(flow(TCP).protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).build());
        kernelRefuses(() -> ct.expectations().create(x), Operation.EXPECTATION, Errno.EOPNOTSUPP, true);
        assertThat(ct.expectations().get(expected)).isEmpty();
        kernelRefuses(() -> ct.expectations().delete(expected), Operation.EXPECTATION, Errno.ENOENT, false);
        assertThat(ct.expectations().list()).isEmpty();
    }

    // ------------------------------------------------------------------------------------ rejected before sending

    @Test
    void invalidInputsAreRejectedBeforeAnythingIsSent() {
        ct.create(flow(TCP).build());
        final List<ThrowingCallable> invalid = new ArrayList<>();
        invalid.add(() -> ct.flows().delete());
        invalid.add(() -> ct.flows().mark(1, 0));
        invalid.add(() -> ct.flows().update(FlowUpdate.none()));
        invalid.add(() -> ct.flows().status());
        invalid.add(() -> ct.flows().dport(70000));
        invalid.add(() -> ct.flows().zone(65536));
        invalid.add(() -> ct.flows().src("10.0.0.0/33"));
        invalid.add(() -> ct.flows().src("10.0.0.1").dst("2001:db8::1"));
        invalid.add(() -> ct.dying().delete());
        invalid.add(() -> ct.dying().zeroingCounters());
        invalid.add(() -> ct.create(Flow.builder(UDP).build()));
        invalid.add(() -> ct.create(flow(UDP).status(Status.EXPECTED).build()));
        invalid.add(() -> ct.create(flow(UDP).status(Status.DYING).build()));
        invalid.add(() -> ct.create(flow(Tuple.icmp("192.0.2.1", "192.0.2.2", 3, 0, 0)).build()));
        invalid.add(() -> ct.create(CreateFlow.of(flow(UDP).build()).withSourceNat(NatRange.to(
            IpAddress.parse("2001:db8::1")))));
        invalid.add(() -> flow(UDP).reply(TCP.inverse()).build());
        invalid.add(() -> FlowUpdate.none().setStatus(Status.CONFIRMED));
        invalid.add(() -> FlowUpdate.none().setStatus(Status.SRC_NAT));
        invalid.add(() -> FlowUpdate.none().addLabels(3).removeLabels(3));
        invalid.add(() -> FlowUpdate.none().addLabels(128));
        invalid.add(() -> Tuple.tcp("192.0.2.1", "2001:db8::1", 1, 2));
        invalid.add(() -> Tuple.icmp("192.0.2.1", "192.0.2.2", 8, 0, 70000));
        invalid.add(() -> IpAddress.parse("192.0.2.01"));
        invalid.add(() -> new UpdateFlow(TCP, 70000, FlowUpdate.none().mark(1)));
        final long before = ct.count();
        for (final ThrowingCallable call : invalid) {
            assertThatThrownBy(call).isInstanceOf(InvalidValueException.class);
        }
        assertThat(ct.count()).isEqualTo(before);
        assertThat(ct.get(TCP).get().markValue()).isZero();
        assertThat(ct.get(UDP)).isEmpty();
    }

    /** A backend that, before each batch, deletes every other flow of the batch: the race of a bulk change. */
    private static final class Racing implements Backend {
        private final NetlinkBackend delegate;
        private final boolean recreate;

        Racing(final NetlinkBackend delegate) {
            this(delegate, false);
        }

        /** @param recreate delete every flow of the batch and create a new one with the same tuple (mark 2) */
        Racing(final NetlinkBackend delegate, final boolean recreate) {
            this.delegate = delegate;
            this.recreate = recreate;
        }

        @Override
        public Seq<ItemResult> execute(final Batch batch) {
            if (recreate) {
                for (final BatchItem item : batch.items()) {
                    final DeleteFlow d = (DeleteFlow) item;
                    delegate.delete(new DeleteFlow(d.tuple(), d.direction(), d.zone(), Option.none()));
                    // a filler first, so the new flow is unlikely to reuse the old one's memory (and id)
                    delegate.create(CreateFlow.of(Flow.builder(Tuple.udp("192.0.2.99", "192.0.2.98", 1, 1))
                        .timeout(60L).build()));
                    delegate.create(CreateFlow.of(Flow.builder(d.tuple()).timeout(300L).mark(2L).zone(d.zone())
                        .build()));
                }
                return delegate.execute(batch);
            }
            for (int i = 0; i < batch.items().size(); i += 2) {
                final BatchItem item = batch.items().get(i);
                if (item instanceof DeleteFlow) {
                    delegate.delete((DeleteFlow) item);
                } else if (item instanceof UpdateFlow) {
                    final UpdateFlow u = (UpdateFlow) item;
                    delegate.delete(new DeleteFlow(u.tuple(), TupleDirection.ORIGINAL, u.zone(), Option.none()));
                }
            }
            return delegate.execute(batch);
        }

        @Override
        public Capabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public Stream<Flow> dump(final DumpFlows request) {
            return delegate.dump(request);
        }

        @Override
        public Option<Flow> get(final GetFlow request) {
            return delegate.get(request);
        }

        @Override
        public void create(final CreateFlow request) {
            delegate.create(request);
        }

        @Override
        public void update(final UpdateFlow request) {
            delegate.update(request);
        }

        @Override
        public void delete(final DeleteFlow request) {
            delegate.delete(request);
        }

        @Override
        public void flush(final FlushFlows request) {
            delegate.flush(request);
        }

        @Override
        public void flushAll(final FlushAll request) {
            delegate.flushAll(request);
        }

        @Override
        public GlobalStats globalStats(final GetGlobalStats request) {
            return delegate.globalStats(request);
        }

        @Override
        public Seq<CpuStats> cpuStats(final GetCpuStats request) {
            return delegate.cpuStats(request);
        }

        @Override
        public Stream<Expectation> dumpExpectations(final DumpExpectations request) {
            return delegate.dumpExpectations(request);
        }

        @Override
        public Option<Expectation> getExpectation(final GetExpectation request) {
            return delegate.getExpectation(request);
        }

        @Override
        public void createExpectation(final CreateExpectation request) {
            delegate.createExpectation(request);
        }

        @Override
        public void deleteExpectation(final DeleteExpectation request) {
            delegate.deleteExpectation(request);
        }

        @Override
        public void flushExpectations(final FlushExpectations request) {
            delegate.flushExpectations(request);
        }

        @Override
        public Seq<ExpectationStats> expectationStats(final GetExpectationStats request) {
            return delegate.expectationStats(request);
        }

        @Override
        public Stream<io.conntrack4j.model.EventSignal> subscribe(final Subscribe request) {
            return delegate.subscribe(request);
        }

        @Override
        public Stream<io.conntrack4j.model.EventSignal> subscribeExpectations(
            final io.conntrack4j.spi.SubscribeExpectations request) {
            return delegate.subscribeExpectations(request);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
