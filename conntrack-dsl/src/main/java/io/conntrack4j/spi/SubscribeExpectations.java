package io.conntrack4j.spi;

import io.conntrack4j.model.EventType;

import java.util.Set;

/**
 * Subscribe to expectation events: join the {@code NFNLGRP_CONNTRACK_EXP_*} multicast groups of the given types.
 *
 * @param types         the event types to receive, not empty (the kernel sends NEW and DESTROY)
 * @param receiveBuffer the socket receive buffer to ask for, in bytes (0: the backend's default)
 */
public record SubscribeExpectations(Set<EventType> types, int receiveBuffer) implements Request {
    /** Copies and validates the set. */
    public SubscribeExpectations {
        types = Subscribe.eventTypes(types);
        Subscribe.checkReceiveBuffer(receiveBuffer);
    }

    /** @param types the event types to receive; the receive buffer is {@link Subscribe#DEFAULT_RECEIVE_BUFFER} */
    public SubscribeExpectations(final Set<EventType> types) {
        this(types, Subscribe.DEFAULT_RECEIVE_BUFFER);
    }
}
