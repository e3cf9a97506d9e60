package io.conntrack4j.sim;

import io.conntrack4j.error.InvalidValueException;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated kernel's time: a monotonic clock for timeouts (nanoseconds since the kernel started) and a wall
 * clock for timestamps. A manual clock moves only when a test calls {@link #advance(Duration)}; a
 * {@link #system() system} clock follows real time. Thread-safe.
 */
public final class VirtualClock {
    private final boolean followsRealTime;
    private final long wallEpochNanos;
    private final long realStartNanos;
    /** Written only under the lock ({@link #advance}); volatile so that reading the clock takes no lock. */
    private volatile long manualNanos;
    private final java.util.List<Runnable> onAdvance = new java.util.concurrent.CopyOnWriteArrayList<>();

    private VirtualClock(final boolean followsRealTime, final long wallEpochNanos) {
        this.followsRealTime = followsRealTime;
        this.wallEpochNanos = wallEpochNanos;
        this.realStartNanos = System.nanoTime();
    }

    /**
     * @param wallStart the wall-clock instant at which the simulated kernel starts
     * @return a clock that moves only when advanced
     */
    public static VirtualClock manual(final Instant wallStart) {
        return new VirtualClock(false, wallStart.getEpochSecond() * 1_000_000_000L + wallStart.getNano());
    }

    /** @return a manual clock starting at 2026-01-01T00:00:00Z (deterministic timestamps) */
    public static VirtualClock manual() {
        return manual(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** @return a clock that follows real time (System.nanoTime), with the wall clock starting now */
    public static VirtualClock system() {
        final Instant now = Instant.now();
        return new VirtualClock(true, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /** @return true if the clock follows real time */
    public boolean followsRealTime() {
        return followsRealTime;
    }

    /** @return nanoseconds since the simulated kernel started (monotonic) */
    public long nanos() {
        return followsRealTime ? System.nanoTime() - realStartNanos + manualNanos : manualNanos;
    }

    /** @return the wall clock in nanoseconds since the epoch (CLOCK_REALTIME) */
    public long wallNanos() {
        return wallEpochNanos + nanos();
    }

    /**
     * Moves time forward. On a system clock this adds to real time (a jump, as after a suspend).
     *
     * @param amount how far; must not be negative
     */
    public synchronized void advance(final Duration amount) {
        if (amount.isNegative()) {
            throw new InvalidValueException("amount", amount, "time cannot go backwards");
        }
        manualNanos += amount.toNanos();
        onAdvance.forEach(Runnable::run);
    }

    /** @param action run after every {@link #advance(Duration)} (the kernel's timers: garbage collection) */
    void onAdvance(final Runnable action) {
        onAdvance.add(action);
    }

    /** @param seconds how many seconds to move forward */
    public void advanceSeconds(final long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    @Override
    public String toString() {
        return (followsRealTime ? "system" : "manual") + " clock at " + Duration.ofNanos(nanos());
    }
}
