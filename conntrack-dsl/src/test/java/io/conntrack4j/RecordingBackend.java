package io.conntrack4j;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.StatusBits;
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
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.SubscribeExpectations;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An in-memory {@link Backend} for tests of the DSL: a list of flows, a dump that honours the {@link
 * io.conntrack4j.spi.KernelFilter} exactly (via {@code KernelFilter.test}), batches of deletes (by tuple, zone and
 * id; ENOENT when absent or the id differs), updates and creates, and a log of every request received. Not thread-safe beyond what the tests need.
 */
public final class RecordingBackend implements Backend {
    private final Capabilities capabilities;
    private final boolean dumpIgnoresFilter;
    private final List<Flow> table = new ArrayList<>();
    private final List<Flow> dying = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Batch> batches = new ArrayList<>();
    private final List<EventSignal> events = new ArrayList<>();
    private final Map<Tuple, Errno> failures = new HashMap<>();
    private final AtomicInteger dumpsOpened = new AtomicInteger();
    private final AtomicInteger dumpsClosed = new AtomicInteger();
    private final AtomicInteger subscriptionsClosed = new AtomicInteger();
    private final AtomicInteger capabilityCalls = new AtomicInteger();
    private Consumer<RecordingBackend> afterDumpSnapshot = b -> { };
    private boolean closed;

    private RecordingBackend(final Capabilities capabilities, final boolean dumpIgnoresFilter) {
        this.capabilities = capabilities;
        this.dumpIgnoresFilter = dumpIgnoresFilter;
    }

    /**
     * @param capabilities what the backend claims
     * @return a backend whose dump honours every kernel filter it receives
     */
    public static RecordingBackend honouring(final Capabilities capabilities) {
        return new RecordingBackend(capabilities, false);
    }

    /**
     * @param capabilities what the backend claims
     * @return a backend that claims capabilities but whose dump ignores the kernel filter (an old kernel that
     *     silently skips unknown attributes)
     */
    public static RecordingBackend ignoringFilters(final Capabilities capabilities) {
        return new RecordingBackend(capabilities, true);
    }

    /** @param flows flows to put in the table @return this backend */
    public RecordingBackend with(final Flow... flows) {
        for (final Flow f : flows) {
            table.add(f);
        }
        return this;
    }

    /** @param flows flows to put in the table @return this backend */
    public RecordingBackend with(final Iterable<Flow> flows) {
        flows.forEach(table::add);
        return this;
    }

    /** @param flows flows to put on the dying list @return this backend */
    public RecordingBackend withDying(final Flow... flows) {
        for (final Flow f : flows) {
            dying.add(f);
        }
        return this;
    }

    /** @param newEvents events a subscription delivers @return this backend */
    public RecordingBackend withEvents(final EventSignal... newEvents) {
        for (final EventSignal e : newEvents) {
            events.add(e);
        }
        return this;
    }

    /**
     * @param tuple a flow's original tuple
     * @param errno the errno every batch item on it fails with
     * @return this backend
     */
    public RecordingBackend failing(final Tuple tuple, final Errno errno) {
        failures.put(tuple, errno);
        return this;
    }

    /** @param hook run once per dump, after the dump's snapshot was taken (to simulate races) @return this */
    public RecordingBackend afterDumpSnapshot(final Consumer<RecordingBackend> hook) {
        afterDumpSnapshot = hook;
        return this;
    }

    /** @return the flows currently in the table */
    public synchronized List<Flow> flows() {
        return List.copyOf(table);
    }

    /** @param predicate flows to drop from the table (without a request) */
    public synchronized void removeSilently(final java.util.function.Predicate<Flow> predicate) {
        table.removeIf(predicate);
    }

    /** @param flow a flow to add to the table (without a request) */
    public synchronized void addSilently(final Flow flow) {
        table.add(flow);
    }

    /** @return every request received, in order (batches as their items, each item once) */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * @param type a request type
     * @param <R>  the type
     * @return the requests of that type, in order
     */
    public synchronized <R extends Request> List<R> requests(final Class<R> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** @return every batch received, in order */
    public synchronized List<Batch> batches() {
        return List.copyOf(batches);
    }

    /** @return dumps opened */
    public int dumpsOpened() {
        return dumpsOpened.get();
    }

    /** @return dump streams closed */
    public int dumpsClosed() {
        return dumpsClosed.get();
    }

    /** @return event streams closed */
    public int subscriptionsClosed() {
        return subscriptionsClosed.get();
    }

    /** @return how often {@link #capabilities()} was called */
    public int capabilityCalls() {
        return capabilityCalls.get();
    }

    /** @return true once {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    private synchronized void record(final Request request) {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
        requests.add(request);
    }

    @Override
    public Capabilities capabilities() {
        capabilityCalls.incrementAndGet();
        return capabilities;
    }

    @Override
    public Stream<Flow> dump(final DumpFlows request) {
        record(request);
        final List<Flow> snapshot;
        synchronized (this) {
            final List<Flow> source = request.table() == FlowTable.CONNTRACK ? table
                : request.table() == FlowTable.DYING ? dying : List.of();
            snapshot = source.stream().filter(f -> dumpIgnoresFilter || request.filter().test(f))
                .collect(Collectors.toList());
        }
        afterDumpSnapshot.accept(this);
        dumpsOpened.incrementAndGet();
        return snapshot.stream().onClose(dumpsClosed::incrementAndGet);
    }

    @Override
    public synchronized Option<Flow> get(final GetFlow request) {
        record(request);
        return Option.ofOptional(table.stream().filter(f -> matches(f, request.tuple(), request.direction(),
            request.zone())).findFirst());
    }

    @Override
    public synchronized void create(final CreateFlow request) {
        record(request);
        apply(request).forEach(e -> {
            throw new KernelException(Operation.CREATE, e, request.flow().original(), null);
        });
    }

    private Option<Errno> apply(final CreateFlow request) {
        final Flow flow = request.flow();
        final Errno injected = failures.get(flow.original());
        if (injected != null) {
            return Option.some(injected);
        }
        if (table.stream().anyMatch(f -> matches(f, flow.original(), TupleDirection.ORIGINAL, flow.zone()))) {
            if (!request.replaceExisting()) {
                return Option.some(Errno.EEXIST);
            }
            table.removeIf(f -> matches(f, flow.original(), TupleDirection.ORIGINAL, flow.zone()));
        }
        table.add(flow);
        return Option.none();
    }

    @Override
    public synchronized void update(final UpdateFlow request) {
        record(request);
        apply(request).forEach(e -> {
            throw new KernelException(Operation.UPDATE, e, request.tuple(), null);
        });
    }

    @Override
    public synchronized void delete(final DeleteFlow request) {
        record(request);
        apply(request).forEach(e -> {
            throw new KernelException(Operation.DELETE, e, request.tuple(), null);
        });
    }

    @Override
    public synchronized Seq<ItemResult> execute(final Batch batch) {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
        batches.add(batch);
        Vector<ItemResult> results = Vector.empty();
        for (final BatchItem item : batch.items()) {
            requests.add(item);
            final Option<Errno> failure;
            if (item instanceof DeleteFlow) {
                failure = apply((DeleteFlow) item);
            } else if (item instanceof UpdateFlow) {
                failure = apply((UpdateFlow) item);
            } else {
                failure = apply((CreateFlow) item);
            }
            results = results.append(new ItemResult(item, failure));
        }
        return results;
    }

    private Option<Errno> apply(final DeleteFlow d) {
        final Option<Flow> target = find(d.tuple(), d.direction(), d.zone());
        if (target.isEmpty() || d.id().isDefined() && !d.id().equals(target.get().id())) {
            return Option.some(Errno.ENOENT);
        }
        final Errno injected = failures.get(target.get().original());
        if (injected != null) {
            return Option.some(injected);
        }
        table.remove(target.get());
        return Option.none();
    }

    private Option<Errno> apply(final UpdateFlow u) {
        final Option<Flow> target = find(u.tuple(), TupleDirection.ORIGINAL, u.zone());
        if (target.isEmpty()) {
            return Option.some(Errno.ENOENT);
        }
        final Errno injected = failures.get(target.get().original());
        if (injected != null) {
            return Option.some(injected);
        }
        final Flow old = target.get();
        final FlowUpdate c = u.changes();
        final Flow.Builder b = old.toBuilder();
        c.mark().forEach(m -> b.mark(c.applyMark(old.markValue())));
        c.timeout().forEach(b::timeout);
        if (c.statusToSet().value() != 0) {
            b.status(new StatusBits(old.status().getOrElse(StatusBits.NONE).value() | c.statusToSet().value()));
        }
        b.labels(c.applyLabels(old.labels()));
        c.tcpState().forEach(s -> b.protoInfo(ProtoInfo.Tcp.of(s)));
        table.set(table.indexOf(old), b.build());
        return Option.none();
    }

    private Option<Flow> find(final Tuple tuple, final TupleDirection direction, final int zone) {
        return Option.ofOptional(table.stream().filter(f -> matches(f, tuple, direction, zone)).findFirst());
    }

    private static boolean matches(final Flow f, final Tuple tuple, final TupleDirection direction, final int zone) {
        final Option<Tuple> mine = direction == TupleDirection.ORIGINAL ? Option.some(f.original()) : f.reply();
        return mine.contains(tuple) && f.zone() == zone;
    }

    @Override
    public synchronized void flush(final FlushFlows request) {
        record(request);
        table.removeIf(request.filter()::test);
    }

    @Override
    public synchronized void flushAll(final FlushAll request) {
        record(request);
        table.removeIf(f -> request.family().forAll(fam -> f.family() == fam));
    }

    @Override
    public synchronized GlobalStats globalStats(final GetGlobalStats request) {
        record(request);
        return new GlobalStats(table.size(), 262144);
    }

    @Override
    public synchronized Seq<CpuStats> cpuStats(final GetCpuStats request) {
        record(request);
        return Vector.empty();
    }

    @Override
    public Stream<Expectation> dumpExpectations(final DumpExpectations request) {
        record(request);
        return Stream.empty();
    }

    @Override
    public Option<Expectation> getExpectation(final GetExpectation request) {
        record(request);
        return Option.none();
    }

    @Override
    public void createExpectation(final CreateExpectation request) {
        record(request);
    }

    @Override
    public void deleteExpectation(final DeleteExpectation request) {
        record(request);
    }

    @Override
    public void flushExpectations(final FlushExpectations request) {
        record(request);
    }

    @Override
    public Seq<ExpectationStats> expectationStats(final GetExpectationStats request) {
        record(request);
        return Vector.empty();
    }

    @Override
    public Stream<EventSignal> subscribe(final Subscribe request) {
        record(request);
        final List<EventSignal> snapshot = events.stream()
            .filter(e -> !(e instanceof FlowEvent) || request.types().contains(((FlowEvent) e).type()))
            .collect(Collectors.toList());
        return snapshot.stream().onClose(subscriptionsClosed::incrementAndGet);
    }

    /** Records the request and replays the queued expectation events of the requested types. */
    @Override
    public Stream<EventSignal> subscribeExpectations(final SubscribeExpectations request) {
        record(request);
        final List<EventSignal> snapshot = events.stream()
            .filter(e -> e instanceof ExpectationEvent && request.types().contains(((ExpectationEvent) e).type()))
            .collect(Collectors.toList());
        return snapshot.stream().onClose(subscriptionsClosed::incrementAndGet);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "RecordingBackend" + Objects.toString(capabilities) + (dumpIgnoresFilter ? " (ignores filters)" : "");
    }
}
