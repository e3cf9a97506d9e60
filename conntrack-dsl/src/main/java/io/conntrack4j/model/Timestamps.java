package io.conntrack4j.model;

import io.vavr.control.Option;

/**
 * A flow's start and stop time ({@code CTA_TIMESTAMP}), in nanoseconds since the epoch (realtime clock). The stop
 * time exists only once the flow has died.
 *
 * @param startNanos when the flow was created
 * @param stopNanos  when it died
 */
public record Timestamps(Option<Long> startNanos, Option<Long> stopNanos) {
    /**
     * @param startNanos the start time in nanoseconds since the epoch
     * @return timestamps of a live flow
     */
    public static Timestamps started(final long startNanos) {
        return new Timestamps(Option.some(startNanos), Option.none());
    }
}
