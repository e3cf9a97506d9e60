package io.conntrack4j.model;

import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * A conntrack event: its type, the flow as the event carries it (events have no {@code use}, and the mark only
 * when nonzero or changed), the port id of the netlink socket that caused it (0 for packets and timeouts), and the
 * kernel's event time when timestamps are on.
 *
 * @param type           NEW, UPDATE or DESTROY
 * @param flow           the flow's attributes as sent with the event
 * @param portId         the causing socket's port id, 0 if the kernel itself caused it
 * @param timestampNanos {@code CTA_TIMESTAMP_EVENT}, nanoseconds since the epoch
 */
public record FlowEvent(EventType type, Flow flow, long portId, Option<Long> timestampNanos) implements EventSignal {
    /** Validates the fields. */
    public FlowEvent {
        Check.notNull("type", type);
        Check.notNull("flow", flow);
        Check.u32("port id", portId);
        Check.notNull("timestamp", timestampNanos);
    }

    /** @return true if a netlink socket (a program) caused the event */
    public boolean fromUserspace() {
        return portId != 0;
    }

    @Override
    public String toString() {
        return io.conntrack4j.text.ConntrackFormatter.DEFAULT.event(this);
    }
}
