package io.conntrack4j.sim.internal;

import io.conntrack4j.error.Errno;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.FlowEvent;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One event subscriber of the simulated kernel: a bounded queue like a netlink socket's receive buffer. When the
 * queue is full, further events are lost and the next read reports ENOBUFS once, as a real socket does. Thread-safe.
 */
public final class EventListener implements AutoCloseable {
    /** Receive-buffer bytes one queued event is charged (about an event skb's truesize): sizes queues from buffers. */
    public static final int BYTES_PER_EVENT = 768;
    private final ArrayDeque<EventSignal> queue = new ArrayDeque<>();
    private final Consumer<EventListener> onClose;
    private int capacity;
    private volatile int groups;
    private boolean overrun;
    private boolean reportOverruns = true;
    private long lost;
    private boolean closed;
    private java.util.function.Predicate<FlowEvent> admit = e -> true;

    EventListener(final int capacity, final Consumer<EventListener> onClose) {
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /**
     * @return the joined groups as a bit mask (bit 0: NEW, bit 1: UPDATE, bit 2: DESTROY; bits 3 to 5: the same for
     *         expectations)
     */
    public int groups() {
        return groups;
    }

    /** @param group a multicast group number (1 NEW, 2 UPDATE, 3 DESTROY; 4 to 6 for expectations) to join */
    public synchronized void join(final int group) {
        groups |= 1 << (group - 1);
    }

    /** @param group a multicast group number to leave */
    public synchronized void leave(final int group) {
        groups &= ~(1 << (group - 1));
    }

    /** @param events how many events the queue holds before it overruns */
    public synchronized void capacity(final int events) {
        capacity = Math.max(1, events);
    }

    /** @param enabled false to lose events silently (NETLINK_NO_ENOBUFS) */
    public synchronized void reportOverruns(final boolean enabled) {
        reportOverruns = enabled;
    }

    /** Makes the next read report an overrun, as if the buffer had been full (fault injection). */
    public synchronized void injectOverrun() {
        overrun = true;
        notifyAll();
    }

    /**
     * @param filter decides, before a flow event is queued, whether this listener takes it (a socket filter):
     *               rejected events use no queue space
     */
    public synchronized void admit(final java.util.function.Predicate<FlowEvent> filter) {
        admit = filter;
    }

    synchronized void offer(final EventSignal event) {
        if (closed || event instanceof FlowEvent && !admit.test((FlowEvent) event)) {
            return;
        }
        if (queue.size() >= capacity) {
            overrun = true;
            lost++;
        } else {
            queue.add(event);
        }
        notifyAll();
    }

    /** @return events lost to overruns so far */
    public synchronized long lost() {
        return lost;
    }

    /**
     * @return the next event, or null if none is queued
     * @throws Refusal ENOBUFS once after an overrun (when reporting is on)
     */
    public synchronized EventSignal poll() {
        checkOverrun();
        return queue.poll();
    }

    /**
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the next event (a {@link FlowEvent} or an {@link io.conntrack4j.model.ExpectationEvent}), or null if
     *         none arrived in time or the listener was closed
     * @throws InterruptedException if interrupted while waiting
     * @throws Refusal ENOBUFS once after an overrun
     */
    public synchronized EventSignal take(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (queue.isEmpty() && !closed && !(overrun && reportOverruns)) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return poll();
    }

    private void checkOverrun() {
        if (overrun) {
            overrun = false;
            if (reportOverruns) {
                throw new Refusal(Errno.ENOBUFS, "the listener's queue overran; events were lost");
            }
        }
    }

    /** @return how many queued events were dropped (a resync follows an overrun) */
    public synchronized int discardQueued() {
        final int n = queue.size();
        queue.clear();
        return n;
    }

    /** @return the number of queued events */
    public synchronized int queued() {
        return queue.size();
    }

    /** @return true once closed */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            groups = 0;
            queue.clear();
            notifyAll();
            onClose.accept(this);
        }
    }
}
