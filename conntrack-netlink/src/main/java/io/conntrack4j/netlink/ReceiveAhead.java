package io.conntrack4j.netlink;

import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Receives a dump's datagrams on a thread of its own while the caller decodes the previous ones: the kernel builds
 * each datagram inside {@code recv()}, so without this, receiving and decoding never overlap. A small fixed pool of
 * buffers bounds memory (it does not grow with the table). The thread owns the socket and closes it after the
 * dump's last datagram; if the caller stops early, the thread drains the rest of the dump into the pool and exits.
 */
final class ReceiveAhead implements AutoCloseable {
    private static final int BUFFERS = 4;
    private static final Object END = new Object();

    private final NetlinkSocket socket;
    private final int seq;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Object> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private volatile boolean abandoned;

    ReceiveAhead(final NetlinkSocket socket, final int seq) {
        this.socket = socket;
        this.seq = seq;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocateDirect(Exchange.RECEIVE_BUFFER).order(ByteOrder.nativeOrder()));
        }
        final Thread thread = new Thread(this::run, "conntrack4j-dump-" + Integer.toUnsignedString(socket.portId()));
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        final MessageReader scan = new MessageReader();
        try {
            boolean last = false;
            while (!last) {
                final ByteBuffer buffer = free.take();
                buffer.clear();
                socket.receive(buffer);
                last = endsTheDump(scan.wrap(buffer));
                if (abandoned) {
                    free.add(buffer);
                } else {
                    full.add(buffer);
                }
            }
        } catch (final RuntimeException e) {
            if (!abandoned) {
                full.add(e);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
            full.offer(END);
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
     * @return the next received datagram (position 0, limit its end), or null if the receiving thread ended
     */
    ByteBuffer take() {
        final Object next;
        try {
            next = full.take();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the kernel's dump", e);
        }
        if (next instanceof RuntimeException) {
            throw (RuntimeException) next;
        }
        return next == END ? null : (ByteBuffer) next;
    }

    /** @param buffer a datagram the caller has decoded; its buffer goes back to the pool */
    void release(final ByteBuffer buffer) {
        free.offer(buffer);
    }

    /** Stops delivering: the thread drains the rest of the dump, if any, and closes the socket. */
    @Override
    public void close() {
        abandoned = true;
        Object o;
        while ((o = full.poll()) != null) {
            if (o instanceof ByteBuffer) {
                free.offer((ByteBuffer) o);
            } else if (o == END) {
                full.offer(END);
                return;
            }
        }
    }
}
