package io.conntrack4j.sim;

import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.sim.internal.EventListener;
import io.conntrack4j.sim.internal.Refusal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records the events of one {@link SimulatedNamespace} from the moment it is opened, for assertions in tests. It is
 * a listener of all three groups, so with {@code nf_conntrack_events=2} entries created while it is open produce
 * events, as on the real kernel.
 */
public final class EventRecorder implements AutoCloseable {
    private static final int CAPACITY = 1 << 20;

    private final EventListener listener;
    private final List<FlowEvent> recorded = new ArrayList<>();

    EventRecorder(final EventListener listener) {
        this.listener = listener;
        for (int group = 1; group <= 3; group++) {
            listener.join(group);
        }
    }

    static int capacity() {
        return CAPACITY;
    }

    /**
     * @return every event recorded so far, in order (an immutable copy)
     * @throws KernelException ENOBUFS if more than a million events were queued and some were lost
     */
    public synchronized List<FlowEvent> events() {
        try {
            for (EventSignal e = listener.poll(); e != null; e = listener.poll()) {
                if (e instanceof FlowEvent) {
                    recorded.add((FlowEvent) e);
                }
            }
        } catch (final Refusal overrun) {
            throw new KernelException(Operation.SUBSCRIBE, overrun.errno(), "event recorder", overrun.reason());
        }
        return Collections.unmodifiableList(new ArrayList<>(recorded));
    }

    /** @return the events recorded since the last call of this method */
    public synchronized List<FlowEvent> drain() {
        final List<FlowEvent> all = events();
        recorded.clear();
        return all;
    }

    /** Stops recording. */
    @Override
    public void close() {
        listener.close();
    }
}
