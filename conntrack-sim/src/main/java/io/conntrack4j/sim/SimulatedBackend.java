package io.conntrack4j.sim;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.DumpInterruptedException;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.sim.internal.EventListener;
import io.conntrack4j.sim.internal.KernelNamespace;
import io.conntrack4j.sim.internal.NewRequest;
import io.conntrack4j.sim.internal.Refusal;
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
import io.conntrack4j.spi.FlowTable;
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
import io.conntrack4j.spi.SubscribeExpectations;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The simulated kernel as a {@link Backend}: every request is answered directly by a {@link SimulatedNamespace}'s
 * table, with the errnos, events and statistics the real kernel produces for the same ctnetlink request. Obtain one
 * from {@link SimulatedNamespace#backend()}. Thread-safe.
 */
public final class SimulatedBackend implements Backend {
    /** The filters Linux 6.18 honours (the kernel the simulator copies); IPv6 tuple-filter addresses excluded. */
    private static final Capabilities CAPABILITIES = Capabilities.ofKernel(6, 18);

    private final KernelNamespace ns;
    private final int portId;
    private volatile boolean closed;

    SimulatedBackend(final KernelNamespace ns, final int portId) {
        this.ns = ns;
        this.portId = portId;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    private <T> T call(final Operation operation, final Object subject, final Supplier<T> work) {
        if (closed) {
            throw new IllegalStateException("the simulated backend is closed");
        }
        try {
            return work.get();
        } catch (final Refusal r) {
            throw new KernelException(operation, r.errno(), subject, r.reason());
        }
    }

    @Override
    public Stream<Flow> dump(final DumpFlows request) {
        final boolean interrupted = ns.takeDumpInterruption();
        final java.util.List<Flow> flows = request.table() == FlowTable.CONNTRACK
            ? call(Operation.DUMP, request.filter(), () -> ns.dump(request.filter()::test, request.zeroCounters()))
            : java.util.List.of();
        if (!interrupted) {
            return flows.stream();
        }
        final Iterator<Flow> it = flows.iterator();
        final Iterator<Flow> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (!it.hasNext()) {
                    throw new DumpInterruptedException(request.filter(), 1);
                }
                return true;
            }

            @Override
            public Flow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return it.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(failing, Spliterator.ORDERED), false);
    }

    @Override
    public Option<Flow> get(final GetFlow request) {
        try {
            return Option.some(call(Operation.GET, request.tuple(), () -> ns.get(request.tuple(),
                request.direction() == TupleDirection.REPLY, request.zone(), false)));
        } catch (final KernelException e) {
            if (e.errno().equals(Errno.ENOENT)) {
                return Option.none();
            }
            throw e;
        }
    }

    @Override
    public void create(final CreateFlow request) {
        call(Operation.CREATE, request.flow(), () -> {
            ns.newFlow(newRequest(request));
            return null;
        });
    }

    private NewRequest newRequest(final CreateFlow r) {
        final Flow f = r.flow();
        final Labels labels = f.labels();
        return new NewRequest(Option.some(f.original()), f.reply(), f.zone(), true, !r.replaceExisting(),
            f.timeout(), f.status().map(s -> Integer.toUnsignedLong(s.value())), f.protoInfo(), false, f.mark(),
            Option.none(), labels.isEmpty() ? Option.none()
            : Option.some(new NewRequest.LabelChange(labels, labels, null)), f.helper(), r.sourceNat(),
            r.destinationNat(), f.master(), f.seqAdjOriginal(), f.seqAdjReply(), f.synproxy(), portId);
    }

    @Override
    public void update(final UpdateFlow request) {
        call(Operation.UPDATE, request.tuple(), () -> {
            ns.newFlow(newRequest(request));
            return null;
        });
    }

    /** The update the netlink encoder sends: a status change repeats the bits the kernel refuses to clear. */
    private NewRequest newRequest(final UpdateFlow r) {
        final FlowUpdate u = r.changes();
        final Option<Long> status = r.statusToSend().map(b -> Integer.toUnsignedLong(b.value()));
        Option<NewRequest.LabelChange> labels = Option.none();
        if (!u.labelsToAdd().isEmpty() || !u.labelsToRemove().isEmpty()) {
            labels = Option.some(new NewRequest.LabelChange(u.labelsToAdd(), u.labelsMask(), null));
        }
        return new NewRequest(Option.some(r.tuple()), Option.none(), r.zone(), false, false, u.timeout(), status,
            u.tcpState().map(ProtoInfo.Tcp::of), false, u.mark().map(m -> m.value()),
            u.mark().map(m -> m.mask()), labels, Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.none(), portId);
    }

    @Override
    public void delete(final DeleteFlow request) {
        call(Operation.DELETE, request.tuple(), () -> {
            ns.delete(request.tuple(), request.direction() == TupleDirection.REPLY, request.zone(), request.id(),
                portId);
            return null;
        });
    }

    @Override
    public Seq<ItemResult> execute(final Batch batch) {
        return Vector.ofAll(batch.items().map(this::executeOne));
    }

    private ItemResult executeOne(final BatchItem item) {
        try {
            if (item instanceof CreateFlow) {
                create((CreateFlow) item);
            } else if (item instanceof UpdateFlow) {
                update((UpdateFlow) item);
            } else {
                delete((DeleteFlow) item);
            }
            return new ItemResult(item, Option.none());
        } catch (final KernelException e) {
            return new ItemResult(item, Option.some(e.errno()));
        }
    }

    @Override
    public void flush(final FlushFlows request) {
        call(Operation.FLUSH, request.filter(), () -> ns.flush(request.filter()::test, portId));
    }

    @Override
    public void flushAll(final FlushAll request) {
        call(Operation.FLUSH, "all", () -> ns.flush(f -> request.family().forAll(x -> f.family() == x), portId));
    }

    @Override
    public GlobalStats globalStats(final GetGlobalStats request) {
        return call(Operation.COUNT, null, ns::globalStats);
    }

    @Override
    public Seq<CpuStats> cpuStats(final GetCpuStats request) {
        return call(Operation.STATS, null, ns::cpuStats);
    }

    @Override
    public Stream<Expectation> dumpExpectations(final DumpExpectations request) {
        return call(Operation.EXPECTATION, null,
            () -> ns.expectations().dump(ns, request.family(), request.master())).stream();
    }

    @Override
    public Option<Expectation> getExpectation(final GetExpectation request) {
        try {
            return Option.some(call(Operation.EXPECTATION, request.expected(),
                () -> ns.expectations().get(ns, request.expected(), request.zone())));
        } catch (final KernelException e) {
            if (e.errno().equals(Errno.ENOENT)) {
                return Option.none();
            }
            throw e;
        }
    }

    @Override
    public void createExpectation(final CreateExpectation request) {
        call(Operation.EXPECTATION, request.expectation().expected(), () -> {
            ns.expectations().create(ns, request.expectation());
            return null;
        });
    }

    @Override
    public void deleteExpectation(final DeleteExpectation request) {
        call(Operation.EXPECTATION, request.expected(), () -> {
            ns.expectations().delete(ns, request.expected(), request.zone());
            return null;
        });
    }

    @Override
    public void flushExpectations(final FlushExpectations request) {
        call(Operation.EXPECTATION, null, () -> {
            ns.expectations().flush(ns, request.helper());
            return null;
        });
    }

    @Override
    public Seq<ExpectationStats> expectationStats(final GetExpectationStats request) {
        return List.of(new ExpectationStats(0, Option.some(0L), Option.some(0L), Option.some(0L)));
    }

    /**
     * Subscribes a new listener to the requested groups, with a queue as deep as the requested receive buffer would
     * hold. The stream blocks until an event arrives; an overrun of the queue becomes an
     * {@link EventSignal.Overrun} and the stream goes on. Closing the stream (from any thread) leaves the groups.
     * This face applies no kernel-side filter (the caller filters).
     */
    @Override
    public Stream<EventSignal> subscribe(final Subscribe request) {
        final EventListener listener = listener(request.receiveBuffer());
        for (final EventType t : request.types()) {
            listener.join(t.group());
        }
        return signals(listener, request.discardQueuedOnOverrun());
    }

    /**
     * Subscribes a new listener to the requested expectation groups, as {@link #subscribe(Subscribe)} does for
     * flows: each expectation created is a NEW event, each one deleted, flushed, expired or removed with its master a
     * DESTROY event (when its master has the event extension, as in the kernel).
     */
    @Override
    public Stream<EventSignal> subscribeExpectations(final SubscribeExpectations request) {
        final EventListener listener = listener(request.receiveBuffer());
        for (final EventType t : request.types()) {
            listener.join(t.expectationGroup());
        }
        return signals(listener, false);
    }

    private EventListener listener(final int receiveBuffer) {
        final int bytes = receiveBuffer > 0 ? receiveBuffer : Subscribe.DEFAULT_RECEIVE_BUFFER;
        return ns.openListener(Math.max(1, bytes / EventListener.BYTES_PER_EVENT));
    }

    private Stream<EventSignal> signals(final EventListener listener, final boolean discardQueuedOnOverrun) {
        final Spliterator<EventSignal> signals = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
            Spliterator.ORDERED | Spliterator.NONNULL) {
            private long received;

            @Override
            public boolean tryAdvance(final java.util.function.Consumer<? super EventSignal> action) {
                while (!listener.isClosed()) {
                    final EventSignal e;
                    try {
                        ns.tick();
                        e = listener.take(100, TimeUnit.MILLISECONDS);
                    } catch (final InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return false;
                    } catch (final Refusal overrun) {
                        final long discarded = discardQueuedOnOverrun ? listener.discardQueued() : 0;
                        action.accept(new EventSignal.Overrun(received, discarded, overrun.reason()));
                        received = 0;
                        return true;
                    }
                    if (e != null) {
                        received++;
                        action.accept(e);
                        return true;
                    }
                }
                return false;
            }
        };
        return StreamSupport.stream(signals, false).onClose(listener::close);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "simulated backend on " + ns;
    }
}
