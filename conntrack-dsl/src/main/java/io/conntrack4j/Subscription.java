package io.conntrack4j;

import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.FlowEvent;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A running event subscription ({@link EventQuery#subscribe(Consumer)}): a reader thread takes signals from the
 * kernel and hands them to the handler on one or more worker threads; the events of one flow always reach the same
 * worker, in order. A handler that throws stops the subscription ({@link #failure()}). Closing stops every thread
 * and releases the socket.
 */
public final class Subscription implements AutoCloseable {
    private static final int QUEUE = 4096;
    private static final EventSignal STOP = new EventSignal.Resynced(-1, -1, -1, -1);

    private final Stream<EventSignal> signals;
    private final Consumer<? super EventSignal> handler;
    private final List<BlockingQueue<EventSignal>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closing;

    private Subscription(final Stream<EventSignal> signals, final Consumer<? super EventSignal> handler,
                         final int workers, final String name) {
        this.signals = signals;
        this.handler = handler;
        if (workers > 1) {
            for (int i = 0; i < workers; i++) {
                final BlockingQueue<EventSignal> q = new ArrayBlockingQueue<>(QUEUE);
                queues.add(q);
                threads.add(thread(() -> work(q), name + " worker " + i));
            }
        }
        threads.add(thread(this::read, name + " reader"));
        threads.forEach(Thread::start);
    }

    static Subscription start(final Stream<EventSignal> signals, final Consumer<? super EventSignal> handler,
                              final int workers, final String name) {
        return new Subscription(signals, handler, workers, name);
    }

    private static Thread thread(final Runnable body, final String name) {
        final Thread t = new Thread(body, "conntrack4j " + name);
        t.setDaemon(true);
        return t;
    }

    private void read() {
        try {
            final Iterator<EventSignal> it = signals.iterator();
            while (!closing && it.hasNext()) {
                final EventSignal s = it.next();
                if (queues.isEmpty()) {
                    handler.accept(s);
                } else {
                    dispatch(s);
                }
            }
        } catch (final RuntimeException | Error e) {
            if (!closing) {
                failure.compareAndSet(null, e);
            }
        } finally {
            for (final BlockingQueue<EventSignal> q : queues) {
                q.offer(STOP);
            }
        }
    }

    private void dispatch(final EventSignal s) {
        if (s instanceof FlowEvent) {
            final int worker = Math.floorMod(((FlowEvent) s).flow().original().hashCode(), queues.size());
            put(queues.get(worker), s);
        } else {
            for (final BlockingQueue<EventSignal> q : queues) {
                put(q, s);
            }
        }
    }

    private void put(final BlockingQueue<EventSignal> q, final EventSignal s) {
        try {
            while (!closing && failure.get() == null && !q.offer(s, 100, TimeUnit.MILLISECONDS)) {
                continue;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedExceptionWrapper(e);
        }
    }

    private void work(final BlockingQueue<EventSignal> q) {
        try {
            while (true) {
                final EventSignal s = q.take();
                if (s == STOP || closing) {
                    return;
                }
                handler.accept(s);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            closing = true;
        }
    }

    /** @return true while the reader runs */
    public boolean isRunning() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** @return what stopped the subscription: the handler's exception or a kernel failure */
    public Option<Throwable> failure() {
        return Option.of(failure.get());
    }

    /**
     * Stops reading, releases the socket and waits for every thread to end.
     *
     * @throws IllegalStateException if a thread did not stop within 5 s (the handler is stuck)
     */
    @Override
    public void close() {
        closing = true;
        signals.close();
        for (final BlockingQueue<EventSignal> q : queues) {
            q.clear();
            q.offer(STOP);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (final Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 5 s (is the handler stuck?)");
            }
        }
    }

    /** An interrupt while handing a signal to a worker. */
    private static final class InterruptedExceptionWrapper extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InterruptedExceptionWrapper(final InterruptedException cause) {
            super(cause);
        }
    }
}
