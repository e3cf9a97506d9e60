package io.conntrack4j.spi;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.EventType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Subscribe to flow events: join the multicast groups of the given event types. The backend may drop events that
 * fail {@code filter} before they reach Java (a socket filter in the kernel); what it lets through is still checked
 * by the caller, so a backend that filters less is correct, only slower.
 *
 * @param types         the event types to receive, not empty
 * @param filter        what the backend may filter on its side
 * @param receiveBuffer the socket receive buffer to ask for, in bytes (0: the backend's default)
 * @param discardQueuedOnOverrun on an overrun, drop the events still queued from before it (a resync follows, and
 *                      those events are older than its dump: applied after it they would make the view stale)
 */
public record Subscribe(Set<EventType> types, KernelFilter filter, int receiveBuffer, boolean discardQueuedOnOverrun)
    implements Request {
    /** The receive buffer a subscription asks for unless told otherwise: 32 MiB, room for ~40,000 events. */
    public static final int DEFAULT_RECEIVE_BUFFER = 32 << 20;

    /** Copies and validates the set. */
    public Subscribe {
        types = eventTypes(types);
        if (filter == null) {
            throw new InvalidValueException("filter", null, "use KernelFilter.NONE for no filter");
        }
        checkReceiveBuffer(receiveBuffer);
    }

    /** @return an unmodifiable copy of a subscription's event types, which must not be empty */
    static Set<EventType> eventTypes(final Set<EventType> types) {
        if (types.isEmpty()) {
            throw new InvalidValueException("event types", "none", "subscribe to at least one event type");
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(types));
    }

    /** Rejects a negative receive buffer size. */
    static void checkReceiveBuffer(final int receiveBuffer) {
        if (receiveBuffer < 0) {
            throw new InvalidValueException("receive buffer", receiveBuffer, "must not be negative");
        }
    }

    /**
     * @param types the event types to receive
     * @return a subscription without a kernel-side filter and with the default receive buffer
     */
    public Subscribe(final Set<EventType> types) {
        this(types, KernelFilter.NONE, DEFAULT_RECEIVE_BUFFER, false);
    }

    /**
     * @param types         the event types to receive
     * @param filter        what the backend may filter on its side
     * @param receiveBuffer the socket receive buffer to ask for
     */
    public Subscribe(final Set<EventType> types, final KernelFilter filter, final int receiveBuffer) {
        this(types, filter, receiveBuffer, false);
    }
}
