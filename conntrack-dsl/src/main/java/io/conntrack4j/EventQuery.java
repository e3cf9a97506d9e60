package io.conntrack4j;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.spi.Subscribe;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A subscription to flow events, as an immutable value: which event types, and the same filter vocabulary as
 * {@link FlowQuery}. Nothing is subscribed until {@link #stream()}.
 */
public final class EventQuery extends FilterSteps<EventQuery> {
    private final Set<EventType> types;
    private final Conntrack target;

    EventQuery(final FlowFilter filter, final Set<EventType> types, final Conntrack target) {
        super(filter);
        this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
        this.target = Check.notNull("conntrack", target);
    }

    @Override
    EventQuery withFilter(final FlowFilter newFilter) {
        return new EventQuery(newFilter, types, target);
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
        return new EventQuery(filter(), set, target);
    }

    /** @return the event types received */
    public Set<EventType> eventTypes() {
        return types;
    }

    /**
     * Subscribes and streams the matching events until the stream is closed.
     *
     * @return an endless stream of events; close it to unsubscribe
     */
    public Stream<FlowEvent> stream() {
        final Stream<FlowEvent> events = target.backend().subscribe(new Subscribe(types));
        final FlowFilter filter = filter();
        return filter.isEmpty() ? events : events.filter(e -> filter.test(e.flow()));
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof EventQuery && ((EventQuery) o).types.equals(types)
            && ((EventQuery) o).filter().equals(filter()) && ((EventQuery) o).target == target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(types, filter(), System.identityHashCode(target));
    }

    @Override
    public String toString() {
        return "events" + types + filter();
    }
}
