package io.conntrack4j.netlink;

import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * Receives a dump's datagrams on a thread of its own while the caller decodes the previous ones: the kernel builds
 * each datagram inside {@code recv()}, so without this, receiving and decoding never overlap.
 *
 * <p>The datagrams go through a ring of {@value #SLOTS} buffers with one writer (the receiving thread) and one reader
 * (the caller), so memory does not grow with the table. Handing a datagram over takes no lock: each side publishes a
 * volatile counter.
 *
 * <p>A caller that has decoded everything waits for the next datagram by spinning for up to the spin budget (see
 * {@link #SPIN_PROPERTY}) before it parks. Decoding is several times faster than the kernel's dump, so a parking caller
 * would park and be woken once per datagram, and that slows the receiving thread: on the 2-CPU VMs we measure on, a
 * dump of 100k flows to objects took 7-22% longer than the same dump received with nothing decoded, and 1-3% with
 * spinning (paired runs in one JVM, BENCHMARKS.md). The price is that the caller's CPU stays busy while the dump
 * lasts.
 *
 * <p>The thread owns the socket and closes it after the dump's last datagram; if the caller stops early, the thread
 * drains the rest of the dump without handing it over, and exits.
 */
final class ReceiveAhead implements AutoCloseable {
    /** Buffers in the ring: a power of two. */
    static final int SLOTS = 4;
    /** Free buffers there must be before a receiving thread that waits for one is woken. */
    static final int WAKE_BATCH = SLOTS / 2;
    /**
     * The system property with the caller's spin budget, in microseconds: how long a caller waiting for the next
     * datagram spins before it parks. Default {@value #DEFAULT_SPIN_MICROS}; 0 never spins. On a machine with one
     * CPU the caller never spins (it would only delay the receiving thread).
     */
    static final String SPIN_PROPERTY = "io.conntrack4j.dumpSpinMicros";
    static final long DEFAULT_SPIN_MICROS = 1000;
    private static final long MAX_SPIN_MICROS = 1_000_000;
    private static final int MASK = SLOTS - 1;

    private final NetlinkSocket socket;
    private final int seq;
    private final ByteBuffer[] ring = new ByteBuffer[SLOTS];
    private final Thread receiver;
    private final long spinNanos;

    /** Datagrams received and handed over; written by the receiving thread only. */
    private volatile long published;
    /** Datagrams the caller has finished with; written by the caller only. */
    private volatile long released;
    /** Datagrams the caller has taken; the caller's own. */
    private long taken;

    private volatile Thread parkedCaller;
    private volatile boolean receiverParked;
    private volatile boolean abandoned;
    /** Set after the last publication: no datagram follows. */
    private volatile boolean finished;
    /** Why the receiving thread stopped early, handed to the caller after the datagrams received before it. */
    private volatile Throwable failure;

    ReceiveAhead(final NetlinkSocket socket, final int seq) {
        this(socket, seq, spinNanos(System.getProperty(SPIN_PROPERTY), Runtime.getRuntime().availableProcessors()));
    }

    /** @param spinNanos how long a waiting caller spins before it parks; 0 parks at once */
    ReceiveAhead(final NetlinkSocket socket, final int seq, final long spinNanos) {
        this.socket = socket;
        this.seq = seq;
        this.spinNanos = spinNanos;
        final ByteBuffer block = ByteBuffer.allocateDirect(SLOTS * Exchange.RECEIVE_BUFFER);
        for (int i = 0; i < SLOTS; i++) {
            ring[i] = block.slice(i * Exchange.RECEIVE_BUFFER, Exchange.RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
        }
        receiver = new Thread(this::run, "conntrack4j-dump-" + Integer.toUnsignedString(socket.portId()));
        receiver.setDaemon(true);
        receiver.start();
    }

    private void run() {
        try {
            final MessageReader scan = new MessageReader();
            boolean last = false;
            long next = 0;
            while (!last) {
                awaitFreeSlot(next);
                if (abandoned) {
                    drainRest(scan);
                    return;
                }
                final ByteBuffer buffer = ring[(int) (next & MASK)];
                buffer.clear();
                socket.receive(buffer);
                last = endsTheDump(scan.wrap(buffer));
                published = ++next;
                wakeCaller();
            }
        } catch (final RuntimeException | Error e) {
            failure = e;
        } finally {
            try {
                socket.close();
            } finally {
                finished = true;
                wakeCaller();
            }
        }
    }

    /**
     * Reads the rest of a dump the caller closed early into a buffer of its own, never into the ring: the caller may
     * still be reading the datagram it holds.
     */
    private void drainRest(final MessageReader scan) {
        final ByteBuffer drain = ByteBuffer.allocateDirect(Exchange.RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
        boolean last = false;
        while (!last) {
            drain.clear();
            socket.receive(drain);
            last = endsTheDump(scan.wrap(drain));
        }
    }

    /** Waits until the caller has released the buffer that slot {@code next} last held (not after it closed). */
    private void awaitFreeSlot(final long next) {
        while (next - released >= SLOTS && !abandoned) {
            receiverParked = true;
            if (next - released >= SLOTS && !abandoned) {
                LockSupport.park(this);
            }
            receiverParked = false;
        }
    }

    private void wakeCaller() {
        final Thread caller = parkedCaller;
        if (caller != null) {
            LockSupport.unpark(caller);
        }
    }

    /** @return true if the datagram holds the dump's DONE or an error answering it */
    private boolean endsTheDump(final MessageReader r) {
        while (r.next()) {
            if (r.seq() == seq && r.portId() == socket.portId()
                && (r.type() == Ctnetlink.NLMSG_DONE || r.type() == Ctnetlink.NLMSG_ERROR)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param property the value of {@link #SPIN_PROPERTY}, or null
     * @param cpus     the CPUs this JVM may use
     * @return the spin budget in nanoseconds
     * @throws IllegalArgumentException if the property is not a whole number of microseconds from 0 to 1,000,000
     */
    static long spinNanos(final String property, final int cpus) {
        long micros = DEFAULT_SPIN_MICROS;
        if (property != null) {
            try {
                micros = Long.parseLong(property.trim());
            } catch (final NumberFormatException e) {
                micros = -1;
            }
            if (micros < 0 || micros > MAX_SPIN_MICROS) {
                throw new IllegalArgumentException(SPIN_PROPERTY + " must be a whole number of microseconds from 0 to "
                    + MAX_SPIN_MICROS + ", not '" + property + "'");
            }
        }
        return cpus > 1 ? micros * 1000 : 0;
    }

    /**
     * Waits for the next datagram. The caller must {@link #release} each datagram before it takes the next.
     *
     * @return the next received datagram (position 0, limit its end), or null if the receiving thread ended
     * @throws RuntimeException what stopped the receiving thread (an {@link Error} as it is), once the datagrams
     *                          before it are taken
     * @throws IllegalStateException if the datagram taken before was not released, or after {@link #close()}
     */
    ByteBuffer take() {
        if (released != taken) {
            throw new IllegalStateException("release the datagram taken before taking the next");
        }
        while (true) {
            if (abandoned) {
                throw new IllegalStateException("the dump was closed");
            }
            final boolean ended = finished;
            if (taken < published) {
                return ring[(int) (taken++ & MASK)];
            }
            if (ended) {
                final Throwable e = failure;
                if (e instanceof Error) {
                    throw (Error) e;
                }
                if (e != null) {
                    throw (RuntimeException) e;
                }
                return null;
            }
            awaitPublication();
        }
    }

    private void awaitPublication() {
        if (spinNanos > 0) {
            final long start = System.nanoTime();
            do {
                for (int i = 0; i < 64; i++) {
                    Thread.onSpinWait();
                }
                if (taken < published || finished) {
                    return;
                }
            } while (System.nanoTime() - start < spinNanos);
        }
        parkedCaller = Thread.currentThread();
        if (taken >= published && !finished) {
            LockSupport.park(this);
        }
        parkedCaller = null;
        if (Thread.currentThread().isInterrupted() && taken >= published && !finished && !abandoned) {
            throw new IllegalStateException("interrupted while waiting for the kernel's dump");
        }
    }

    /** @param buffer the datagram the caller has decoded (the last one taken); its buffer goes back to the ring */
    void release(final ByteBuffer buffer) {
        if (released == taken || buffer != ring[(int) ((taken - 1) & MASK)]) {
            throw new IllegalStateException("release the datagram last taken, once");
        }
        released = taken;
        if (receiverParked && SLOTS - (published - taken) >= WAKE_BATCH) {
            LockSupport.unpark(receiver);
        }
    }

    /** Stops delivering: the thread drains the rest of the dump, if any, and closes the socket. */
    @Override
    public void close() {
        abandoned = true;
        LockSupport.unpark(receiver);
    }
}
