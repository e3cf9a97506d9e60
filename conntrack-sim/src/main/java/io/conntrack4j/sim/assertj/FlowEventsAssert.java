package io.conntrack4j.sim.assertj;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * AssertJ assertions on a list of received events. Tuples match an event whose original or reply tuple equals them
 * (zone attributes ignored), as a lookup would.
 */
public final class FlowEventsAssert extends AbstractAssert<FlowEventsAssert, List<FlowEvent>> {

    FlowEventsAssert(final List<FlowEvent> actual) {
        super(actual, FlowEventsAssert.class);
    }

    private static boolean concerns(final FlowEvent e, final Tuple tuple) {
        final Tuple t = strip(tuple);
        return strip(e.flow().original()).equals(t) || e.flow().reply().map(FlowEventsAssert::strip).contains(t);
    }

    private static Tuple strip(final Tuple t) {
        return t.zone().isEmpty() ? t
            : new Tuple(t.source(), t.destination(), t.protocol(), t.layer4(), io.vavr.control.Option.none());
    }

    private FlowEventsAssert contains(final EventType type, final Tuple tuple, final Predicate<FlowEvent> more,
                                      final String what) {
        isNotNull();
        if (actual.stream().noneMatch(e -> e.type() == type && concerns(e, tuple) && more.test(e))) {
            failWithMessage("expected a %s event for %s%s among%n%s", type, tuple, what, describe());
        }
        return this;
    }

    private String describe() {
        return actual.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }

    /**
     * @param tuple either tuple of the flow
     * @return this, if a NEW event for the flow was received
     */
    public FlowEventsAssert containsNew(final Tuple tuple) {
        return contains(EventType.NEW, tuple, e -> true, "");
    }

    /**
     * @param tuple either tuple of the flow
     * @return this, if an UPDATE event for the flow was received
     */
    public FlowEventsAssert containsUpdate(final Tuple tuple) {
        return contains(EventType.UPDATE, tuple, e -> true, "");
    }

    /**
     * @param tuple either tuple of the flow
     * @param state the TCP state the update reports
     * @return this, if an UPDATE event reporting that state was received
     */
    public FlowEventsAssert containsUpdate(final Tuple tuple, final TcpState state) {
        return contains(EventType.UPDATE, tuple, e -> e.flow().tcpState().contains(state), " with state " + state);
    }

    /**
     * @param tuple either tuple of the flow
     * @return this, if a DESTROY event for the flow was received
     */
    public FlowEventsAssert containsDestroy(final Tuple tuple) {
        return contains(EventType.DESTROY, tuple, e -> true, "");
    }

    /**
     * @param tuple either tuple of the flow
     * @return this, if no event at all concerns the flow
     */
    public FlowEventsAssert containsNothingFor(final Tuple tuple) {
        isNotNull();
        if (actual.stream().anyMatch(e -> concerns(e, tuple))) {
            failWithMessage("expected no event for %s among%n%s", tuple, describe());
        }
        return this;
    }

    /**
     * @param types the expected event types, in order
     * @return this, if the events have exactly these types in this order
     */
    public FlowEventsAssert hasTypes(final EventType... types) {
        isNotNull();
        final List<EventType> got = new ArrayList<>();
        actual.forEach(e -> got.add(e.type()));
        if (!got.equals(List.of(types))) {
            failWithMessage("expected event types %s but got %s:%n%s", List.of(types), got, describe());
        }
        return this;
    }

    /** @return this, if no event was received */
    public FlowEventsAssert isEmpty() {
        return hasSize(0);
    }

    /**
     * @param count the expected number of events
     * @return this
     */
    public FlowEventsAssert hasSize(final int count) {
        isNotNull();
        if (actual.size() != count) {
            failWithMessage("expected %d events but got %d:%n%s", count, actual.size(), describe());
        }
        return this;
    }
}
