package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * An expectation event: a helper (or a program) created an expectation (NEW), or it went away (DESTROY: deleted,
 * flushed, timed out, fulfilled by its connection or dropped with its master). The kernel sends no UPDATE for
 * expectations. The expectation is as the event carries it (its timeout is the one it had when the event was sent).
 *
 * @param type        NEW or DESTROY
 * @param expectation the expectation's attributes as sent with the event
 */
public record ExpectationEvent(EventType type, Expectation expectation) implements EventSignal {
    /** Validates the fields. */
    public ExpectationEvent {
        Check.notNull("type", type);
        Check.notNull("expectation", expectation);
    }
}
