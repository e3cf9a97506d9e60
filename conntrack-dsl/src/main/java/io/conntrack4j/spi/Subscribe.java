package io.conntrack4j.spi;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.EventType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Subscribe to flow events: join the multicast groups of the given event types.
 *
 * @param types the event types to receive, not empty
 */
public record Subscribe(Set<EventType> types) implements Request {
    /** Copies and validates the set. */
    public Subscribe {
        if (types.isEmpty()) {
            throw new InvalidValueException("event types", "none", "subscribe to at least one event type");
        }
        types = Collections.unmodifiableSet(EnumSet.copyOf(types));
    }
}
