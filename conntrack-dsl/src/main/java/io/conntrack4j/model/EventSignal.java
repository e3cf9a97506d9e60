package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * What an event subscription delivers: the kernel's {@link FlowEvent}s (or {@link ExpectationEvent}s, for a
 * subscription to the expectation table) and, when the kernel could not deliver some (its socket buffer
 * overflowed), an explicit {@link Overrun}; with resync on, the overrun is followed by {@link Resync} events (the
 * difference between what the consumer had seen and the table) and a {@link Resynced} marker, after which the
 * consumer's view of the table is exact again.
 */
public sealed interface EventSignal permits FlowEvent, ExpectationEvent, EventSignal.Overrun, EventSignal.Resync,
    EventSignal.Resynced {

    /**
     * The kernel dropped events for this subscriber (ENOBUFS): the socket's receive buffer was full. The kernel does
     * not say how many or which; from here on the consumer's view may be wrong until a resync.
     *
     * @param receivedBefore events received since the subscription started (or since the previous overrun)
     * @param discarded      events still queued from before the overrun and dropped on purpose because a resync
     *                       follows (0 without resync)
     * @param detail         what the socket reported
     */
    record Overrun(long receivedBefore, long discarded, String detail) implements EventSignal {
        /** Validates the fields. */
        public Overrun {
            Check.notNull("detail", detail);
        }
    }

    /**
     * One difference found by a resync: a flow that appeared (NEW), changed (UPDATE) or disappeared (DESTROY) while
     * events were lost. Not a kernel event: the flow is as the table dump showed it (as the consumer last saw it,
     * for DESTROY).
     *
     * @param type the kind of difference
     * @param flow the flow
     */
    record Resync(EventType type, Flow flow) implements EventSignal {
        /** Validates the fields. */
        public Resync {
            Check.notNull("type", type);
            Check.notNull("flow", flow);
        }
    }

    /**
     * The end of a resync: the consumer's view now equals the table (as of the dump).
     *
     * @param created   flows that appeared
     * @param updated   flows that changed
     * @param destroyed flows that disappeared
     * @param tableSize flows matching the subscription's filter in the dump
     */
    record Resynced(long created, long updated, long destroyed, long tableSize) implements EventSignal {
    }
}
