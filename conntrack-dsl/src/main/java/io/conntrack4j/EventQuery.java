package io.conntrack4j;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.internal.Check;
import io.conntrack4j.internal.Planner;
import io.conntrack4j.internal.Resyncer;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.Subscribe;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A subscription to flow events, as an immutable value: which event types, the same filter vocabulary as
 * {@link FlowQuery}, and how to receive (buffer size, resync after overruns). Nothing is subscribed until a terminal
 * call: {@link #stream()}, {@link #signals()} or {@link #subscribe(Consumer)}.
 *
 * <p>Events are never lost silently. When the kernel drops events for this subscriber (its socket buffer was
 * full), {@link #stream()} fails with ENOBUFS, and {@link #signals()} delivers an {@link EventSignal.Overrun} and
 * goes on. With {@link #withResync()}, the subscription starts by reporting the current table and, after every
 * overrun, dumps the table again and reports the difference, so the consumer's view becomes exact again:
 *
 * <pre>{@code
 * try (Stream<EventSignal> s = ct.events().proto(TCP).dport(443).withResync().signals()) { ... }
 * }</pre>
 */
public final class EventQuery extends FilterSteps<EventQuery> {
    private final Set<EventType> types;
    private final Conntrack target;
    private final int receiveBuffer;
    private final boolean resync;
    private final int workers;

    EventQuery(final FlowFilter filter, final Set<EventType> types, final Conntrack target) {
        this(filter, types, target, Subscribe.DEFAULT_RECEIVE_BUFFER, false, 1);
    }

    private EventQuery(final FlowFilter filter, final Set<EventType> types, final Conntrack target,
                       final int receiveBuffer, final boolean resync, final int workers) {
        super(filter);
        this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
        this.target = Check.notNull("conntrack", target);
        this.receiveBuffer = receiveBuffer;
        this.resync = resync;
        this.workers = workers;
    }

    @Override
    EventQuery withFilter(final FlowFilter newFilter) {
        return new EventQuery(newFilter, types, target, receiveBuffer, resync, workers);
    }

    /**
     * @param eventTypes the event types to receive
     * @return this subscription restricted to them
     */
    public EventQuery types(final EventType... eventTypes) {
        if (eventTypes.length == 0) {
            throw new InvalidValueException("event types", "none", "give at least one event type");
        }
        final EnumSet<EventType> set = EnumSet.noneOf(EventType.class);
        Collections.addAll(set, eventTypes);
        return new EventQuery(filter(), set, target, receiveBuffer, resync, workers);
    }

    /**
     * @param bytes the socket receive buffer to ask for (as root it may exceed the system maximum); bigger buffers
     *              survive longer bursts. Default {@link Subscribe#DEFAULT_RECEIVE_BUFFER}.
     * @return this subscription with that buffer
     */
    public EventQuery receiveBuffer(final int bytes) {
        Check.range("receive buffer", bytes, 4096, Integer.MAX_VALUE / 2);
        return new EventQuery(filter(), types, target, bytes, resync, workers);
    }

    /**
     * @return this subscription, starting with the current table (as {@link EventSignal.Resync} NEW signals) and
     *     dumping the table again after every overrun to report what changed meanwhile
     */
    public EventQuery withResync() {
        return new EventQuery(filter(), types, target, receiveBuffer, true, workers);
    }

    /**
     * @param count threads that run the handler of {@link #subscribe(Consumer)}; events of one flow always go to
     *              the same thread, in order
     * @return this subscription with that many workers
     */
    public EventQuery workers(final int count) {
        Check.range("workers", count, 1, 256);
        return new EventQuery(filter(), types, target, receiveBuffer, resync, count);
    }

    /** @return the event types received */
    public Set<EventType> eventTypes() {
        return types;
    }

    /** @return true if overruns are followed by a resync */
    public boolean resyncs() {
        return resync;
    }

    /** @return the subscription request the backend receives: groups, kernel-side filter, buffer */
    public Subscribe request() {
        return new Subscribe(types, Planner.plan(filter(), Capabilities.ALL).kernel(), receiveBuffer, resync);
    }

    /**
     * Subscribes and streams the matching events until the stream is closed.
     *
     * @return an endless stream of events; close it to unsubscribe
     * @throws KernelException ENOBUFS (from the stream) when the kernel dropped events: use {@link #signals()} to
     *                         go on after an overrun
     */
    public Stream<FlowEvent> stream() {
        return signals().map(s -> {
            if (s instanceof EventSignal.Overrun) {
                throw new KernelException(Operation.SUBSCRIBE, Errno.ENOBUFS, this,
                    "events were lost after " + ((EventSignal.Overrun) s).receivedBefore() + " received");
            }
            return s;
        }).filter(FlowEvent.class::isInstance).map(FlowEvent.class::cast);
    }

    /**
     * Subscribes and streams the matching events, the overruns and, with {@link #withResync()}, the resyncs.
     *
     * @return an endless stream of signals; close it to unsubscribe
     */
    public Stream<EventSignal> signals() {
        final Stream<EventSignal> raw = target.backend().subscribe(request());
        final FlowFilter filter = filter();
        final Stream<EventSignal> filtered = filter.isEmpty() ? raw
            : raw.filter(s -> !(s instanceof FlowEvent) || filter.test(((FlowEvent) s).flow()));
        return resync ? Resyncer.around(filtered, () -> target.flows().where(filter).list()) : filtered;
    }

    /**
     * Subscribes and runs {@code handler} for every signal on background threads (one reader, {@link #workers(int)}
     * workers) until the returned subscription is closed or the handler throws.
     *
     * @param handler receives every signal
     * @return the running subscription
     */
    public Subscription subscribe(final Consumer<? super EventSignal> handler) {
        Check.notNull("handler", handler);
        return Subscription.start(signals(), handler, workers, toString());
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof EventQuery)) {
            return false;
        }
        final EventQuery q = (EventQuery) o;
        return q.types.equals(types) && q.filter().equals(filter()) && q.target == target
            && q.receiveBuffer == receiveBuffer && q.resync == resync && q.workers == workers;
    }

    @Override
    public int hashCode() {
        return Objects.hash(types, filter(), System.identityHashCode(target), receiveBuffer, resync, workers);
    }

    @Override
    public String toString() {
        return "events" + types + filter() + (resync ? " with resync" : "");
    }
}
