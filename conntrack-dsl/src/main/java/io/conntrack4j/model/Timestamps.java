package io.conntrack4j.model;

import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * A flow's start and stop time ({@code CTA_TIMESTAMP}), in nanoseconds since the epoch (realtime clock). The stop
 * time exists only once the flow has died. Immutable; a value (equal when both times are).
 *
 * <p>Not a record of two {@code Option<Long>}: a dump decodes one of these per flow, and the times are kept as
 * primitives (32 bytes instead of 56 with the boxes), each {@code Option} made when it is asked for.
 */
public final class Timestamps {
    private static final int START = 1;
    private static final int STOP = 2;
    private final long start;
    private final long stop;
    private final int present;

    /**
     * @param startNanos when the flow was created
     * @param stopNanos  when it died
     */
    public Timestamps(final Option<Long> startNanos, final Option<Long> stopNanos) {
        this(Check.notNull("startNanos", startNanos).getOrElse(0L), Check.notNull("stopNanos", stopNanos).getOrElse(0L),
            (startNanos.isDefined() ? START : 0) | (stopNanos.isDefined() ? STOP : 0));
    }

    private Timestamps(final long start, final long stop, final int present) {
        this.start = start;
        this.stop = stop;
        this.present = present;
    }

    /**
     * @param startNanos the start time in nanoseconds since the epoch
     * @return timestamps of a live flow
     */
    public static Timestamps started(final long startNanos) {
        return new Timestamps(startNanos, 0, START);
    }

    /**
     * @param startNanos the start time in nanoseconds since the epoch
     * @param stopNanos  the stop time in nanoseconds since the epoch
     * @return timestamps of a dead flow
     */
    public static Timestamps startedAndStopped(final long startNanos, final long stopNanos) {
        return new Timestamps(startNanos, stopNanos, START | STOP);
    }

    /** @return when the flow was created */
    public Option<Long> startNanos() {
        return (present & START) != 0 ? Option.some(start) : Option.none();
    }

    /** @return when the flow died */
    public Option<Long> stopNanos() {
        return (present & STOP) != 0 ? Option.some(stop) : Option.none();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Timestamps && ((Timestamps) o).start == start && ((Timestamps) o).stop == stop
            && ((Timestamps) o).present == present;
    }

    @Override
    public int hashCode() {
        return Objects.hash(startNanos(), stopNanos());
    }

    @Override
    public String toString() {
        return "Timestamps[startNanos=" + startNanos() + ", stopNanos=" + stopNanos() + "]";
    }
}
