package io.conntrack4j.sim;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.netlink.codec.KernelMessages;
import io.conntrack4j.netlink.codec.SocketFilter;
import io.conntrack4j.sim.internal.CtnetlinkHandler;
import io.conntrack4j.sim.internal.EventListener;
import io.conntrack4j.sim.internal.KernelNamespace;
import io.conntrack4j.sim.internal.Refusal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A NETLINK_NETFILTER socket into a {@link SimulatedNamespace}: requests are decoded with the codec and answered with
 * the bytes the kernel would send, and joined multicast groups receive events as the kernel multicasts them. The
 * real {@link io.conntrack4j.netlink.NetlinkBackend} runs on it unchanged
 * ({@code NetlinkBackend.over(ns::openSocket, caps)}).
 *
 * <p>Replies to a request are queued before {@link #send(ByteBuffer)} returns, and so are the events it caused on
 * every listener, as in the kernel. A blocking {@link #receive(ByteBuffer)} with nothing queued waits for events if
 * the socket joined a group; otherwise it would wait forever and fails instead.
 */
public final class SimulatedNetlinkSocket implements NetlinkSocket {
    /** The kernel's default receive buffer (rmem_default) and its cap without SO_RCVBUFFORCE (rmem_max). */
    private static final int DEFAULT_RCVBUF = 212_992;
    /** The last ctnetlink multicast group: NFNLGRP_CONNTRACK_EXP_DESTROY (1 to 3 flows, 4 to 6 expectations). */
    private static final int LAST_GROUP = 6;

    private final KernelNamespace ns;
    private final int portId;
    private final CtnetlinkHandler handler;
    private final ArrayDeque<ByteBuffer> replies = new ArrayDeque<>();
    private final KernelMessages events = new KernelMessages();
    private final ByteBuffer eventScratch = ByteBuffer.allocate(8192).order(ByteOrder.nativeOrder());
    private EventListener listener;
    private int receiveBuffer = DEFAULT_RCVBUF * 2;
    private boolean reportOverruns = true;
    private byte[] filter;
    private volatile boolean closed;

    SimulatedNetlinkSocket(final KernelNamespace ns, final int portId) {
        this.ns = ns;
        this.portId = portId;
        this.handler = new CtnetlinkHandler(ns, portId);
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(final ByteBuffer messages) {
        checkOpen();
        final ByteBuffer copy = ByteBuffer.allocate(messages.remaining()).order(ByteOrder.nativeOrder());
        copy.put(messages.duplicate()).flip();
        messages.position(messages.limit());
        synchronized (this) {
            handler.handle(copy, replies::add);
        }
    }

    @Override
    public int receive(final ByteBuffer into) {
        while (true) {
            synchronized (this) {
                if (listener == null || listener.groups() == 0) {
                    final int n = tryReceive(into);
                    if (n >= 0) {
                        return n;
                    }
                    throw new IllegalStateException("receive() on a simulated socket with nothing queued and no "
                        + "multicast group joined would block forever");
                }
            }
            final int n = receive(into, 100);
            if (n >= 0) {
                return n;
            }
            checkOpen();
        }
    }

    @Override
    public int receive(final ByteBuffer into, final int timeoutMillis) {
        final int n = tryReceive(into);
        if (n >= 0) {
            return n;
        }
        final EventListener l;
        synchronized (this) {
            l = listener;
        }
        try {
            if (l == null) {
                Thread.sleep(timeoutMillis);
                return tryReceive(into);
            }
            final EventSignal e = l.take(timeoutMillis, TimeUnit.MILLISECONDS);
            return e == null ? tryReceive(into) : copy(encode(e), into);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KernelException(Operation.SOCKET, Errno.EINTR, "recv", null);
        } catch (final Refusal overrun) {
            throw overrun(overrun);
        }
    }

    /**
     * Runs the program on every event before it is queued, as the kernel does with SO_ATTACH_FILTER.
     *
     * @param program packed classic BPF instructions ({@link SocketFilter})
     */
    @Override
    public synchronized void attachFilter(final byte[] program) {
        checkOpen();
        filter = program.clone();
        if (listener != null) {
            installFilter();
        }
    }

    private void installFilter() {
        final byte[] program = filter;
        final KernelMessages writer = new KernelMessages();
        final ByteBuffer scratch = ByteBuffer.allocate(8192).order(ByteOrder.nativeOrder());
        listener.admit(e -> {
            synchronized (scratch) {
                scratch.clear();
                final int length = writer.wrap(scratch).event(e);
                return SocketFilter.run(program, scratch, 0, length);
            }
        });
    }

    @Override
    public synchronized int tryReceive(final ByteBuffer into) {
        checkOpen();
        final ByteBuffer next = replies.poll();
        if (next != null) {
            return copy(next, into);
        }
        if (listener != null) {
            ns.tick();
            try {
                final EventSignal e = listener.poll();
                if (e != null) {
                    return copy(encode(e), into);
                }
            } catch (final Refusal overrun) {
                throw overrun(overrun);
            }
        }
        return -1;
    }

    private static KernelException overrun(final Refusal r) {
        return new KernelException(Operation.SOCKET, r.errno(), "recv", r.reason());
    }

    private synchronized ByteBuffer encode(final EventSignal e) {
        eventScratch.clear();
        if (e instanceof FlowEvent) {
            events.wrap(eventScratch).event((FlowEvent) e);
        } else {
            events.wrap(eventScratch).expectationEvent((ExpectationEvent) e);
        }
        return eventScratch.limit(events.position()).position(0);
    }

    private static int copy(final ByteBuffer datagram, final ByteBuffer into) {
        final int length = datagram.remaining();
        if (length > into.remaining()) {
            throw new KernelException(Operation.SOCKET, Errno.EMSGSIZE, "a " + length + "-byte datagram did not fit a "
                + into.remaining() + "-byte buffer (it is lost)", null);
        }
        into.put(into.position(), datagram, datagram.position(), length);
        into.limit(into.position() + length);
        return length;
    }

    @Override
    public synchronized void joinGroup(final int group) {
        checkOpen();
        if (group < 1 || group > LAST_GROUP) {
            return;
        }
        if (listener == null) {
            listener = ns.openListener(capacity());
            listener.reportOverruns(reportOverruns);
            if (filter != null) {
                installFilter();
            }
        }
        listener.join(group);
    }

    @Override
    public synchronized void leaveGroup(final int group) {
        if (listener != null && group >= 1 && group <= LAST_GROUP) {
            listener.leave(group);
        }
    }

    /** SO_RCVBUF doubles the value and caps it at twice rmem_max; SO_RCVBUFFORCE only doubles it. */
    @Override
    public synchronized void setReceiveBufferSize(final int bytes, final boolean force) {
        receiveBuffer = 2 * (force ? bytes : Math.min(bytes, DEFAULT_RCVBUF));
        if (listener != null) {
            listener.capacity(capacity());
        }
    }

    private int capacity() {
        return Math.max(1, receiveBuffer / EventListener.BYTES_PER_EVENT);
    }

    @Override
    public synchronized void reportOverruns(final boolean enabled) {
        reportOverruns = enabled;
        if (listener != null) {
            listener.reportOverruns(enabled);
        }
    }

    /** Makes the next read report ENOBUFS, as after a real overrun (fault injection for event consumers). */
    public synchronized void injectOverrun() {
        if (listener != null) {
            listener.injectOverrun();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new KernelException(Operation.SOCKET, Errno.of(9), "the socket is closed", null);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (listener != null) {
                listener.close();
            }
            replies.clear();
        }
    }

    @Override
    public String toString() {
        return "simulated netlink socket port=" + Integer.toUnsignedString(portId) + " in " + ns;
    }
}
