package io.conntrack4j.netlink;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The events received on a socket that joined the conntrack (or the expectation) multicast groups, as an endless
 * lazy stream. An overrun (ENOBUFS) becomes an {@link EventSignal.Overrun} and the stream goes on. Closing the
 * stream, from any thread, ends it within {@link #POLL_MILLIS} and closes the socket exactly once, never while a
 * receive is using it.
 */
final class EventStream extends Spliterators.AbstractSpliterator<EventSignal> {
    /** How long a receive waits before checking whether the stream was closed. */
    static final int POLL_MILLIS = 100;

    private final NetlinkSocket socket;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(Exchange.RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final MessageReader reader = new MessageReader();
    private final Object lock = new Object();
    private boolean hasDatagram;
    private boolean reading;
    private boolean closed;
    private boolean socketClosed;
    private final boolean discardOnOverrun;
    /** True for expectation events (EXP_NEW, EXP_DELETE), false for flow events (CT_NEW, CT_DELETE). */
    private final boolean expectations;
    private final int newType;
    private final int deleteType;
    private long received;

    private EventStream(final NetlinkSocket socket, final boolean discardOnOverrun, final boolean expectations) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.socket = socket;
        this.discardOnOverrun = discardOnOverrun;
        this.expectations = expectations;
        this.newType = expectations ? Ctnetlink.EXP_NEW : Ctnetlink.CT_NEW;
        this.deleteType = expectations ? Ctnetlink.EXP_DELETE : Ctnetlink.CT_DELETE;
    }

    /**
     * @param socket           a socket that joined the conntrack groups
     * @param discardOnOverrun drop the events queued before an overrun (a resync follows)
     * @return the stream of flow events; closing it closes the socket
     */
    static Stream<EventSignal> open(final NetlinkSocket socket, final boolean discardOnOverrun) {
        return stream(new EventStream(socket, discardOnOverrun, false));
    }

    /**
     * @param socket a socket that joined the expectation groups
     * @return the stream of expectation events; closing it closes the socket
     */
    static Stream<EventSignal> openExpectations(final NetlinkSocket socket) {
        return stream(new EventStream(socket, false, true));
    }

    private static Stream<EventSignal> stream(final EventStream events) {
        return StreamSupport.stream(events, false).onClose(events::close);
    }

    @Override
    public boolean tryAdvance(final Consumer<? super EventSignal> action) {
        while (true) {
            if (hasDatagram) {
                while (reader.next()) {
                    final int type = reader.type();
                    if (type == newType || type == deleteType) {
                        received++;
                        action.accept(expectations ? reader.expectationEvent() : reader.event());
                        return true;
                    }
                }
                hasDatagram = false;
            }
            if (!startReceive()) {
                return false;
            }
            try {
                buffer.clear();
                if (socket.receive(buffer, POLL_MILLIS) >= 0) {
                    reader.wrap(buffer);
                    hasDatagram = true;
                }
            } catch (final KernelException e) {
                if (!e.errno().equals(Errno.ENOBUFS)) {
                    throw e;
                }
                hasDatagram = false;
                final long discarded = discardOnOverrun ? discardQueued() : 0;
                action.accept(new EventSignal.Overrun(received, discarded, e.getMessage()));
                received = 0;
                return true;
            } finally {
                endReceive();
            }
        }
    }

    /** Reads and drops what is queued now; a further ENOBUFS meanwhile belongs to the same overrun. */
    private long discardQueued() {
        long dropped = 0;
        while (true) {
            try {
                buffer.clear();
                if (socket.tryReceive(buffer) < 0) {
                    return dropped;
                }
                reader.wrap(buffer);
                while (reader.next()) {
                    dropped++;
                }
            } catch (final KernelException again) {
                if (!again.errno().equals(Errno.ENOBUFS)) {
                    throw again;
                }
            }
        }
    }

    private boolean startReceive() {
        synchronized (lock) {
            if (closed) {
                closeSocket();
                return false;
            }
            reading = true;
            return true;
        }
    }

    private void endReceive() {
        synchronized (lock) {
            reading = false;
            if (closed) {
                closeSocket();
            }
        }
    }

    private void close() {
        synchronized (lock) {
            closed = true;
            if (!reading) {
                closeSocket();
            }
        }
    }

    private void closeSocket() {
        if (!socketClosed) {
            socketClosed = true;
            socket.close();
        }
    }
}
