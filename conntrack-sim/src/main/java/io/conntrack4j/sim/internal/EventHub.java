package io.conntrack4j.sim.internal;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.FlowEvent;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The conntrack multicast groups of one namespace: delivers each event to the listeners that joined its group, in
 * order, and overruns a listener whose queue is full as the kernel overruns a socket's receive buffer.
 */
final class EventHub {
    private final CopyOnWriteArrayList<EventListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param capacity events the listener's queue holds before it overruns
     * @return a new listener that has joined no group yet
     */
    EventListener open(final int capacity) {
        final EventListener l = new EventListener(capacity, listeners::remove);
        listeners.add(l);
        return l;
    }

    /**
     * @return true if some listener joined a ctnetlink group (what nf_conntrack_events=2 asks at creation); an
     *         expectation group counts too: on 6.18, a master created while only an expectation listener existed
     *         still sends its expectations' events
     */
    boolean hasListeners() {
        for (final EventListener l : listeners) {
            if (l.groups() != 0) {
                return true;
            }
        }
        return false;
    }

    void publish(final FlowEvent event) {
        publish(event, event.type().group());
    }

    void publish(final ExpectationEvent event) {
        publish(event, event.type().expectationGroup());
    }

    private void publish(final EventSignal event, final int group) {
        final int bit = 1 << (group - 1);
        for (final EventListener l : listeners) {
            if ((l.groups() & bit) != 0) {
                l.offer(event);
            }
        }
    }

    /** @param type an event type @return the group bit of its multicast group */
    static int groupBit(final EventType type) {
        return 1 << (type.group() - 1);
    }
}
