package io.conntrack4j.netlink;

import io.conntrack4j.netlink.codec.MessageReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A netlink socket for unit tests: every message sent is handed to a script that answers with datagrams, delivered
 * one per receive. Lets the backend's receive loops be tested byte for byte without a kernel.
 */
final class ScriptedSocket extends OptionlessSocket {
    /** Answers one request message: (the request's reader, our port id) → datagrams. */
    interface Script extends BiFunction<MessageReader, Integer, List<ByteBuffer>> {
    }

    private final Script script;
    private final int portId;
    private final Deque<ByteBuffer> inbox = new ArrayDeque<>();
    final List<Integer> sentTypes = new ArrayList<>();
    boolean closed;

    ScriptedSocket(final Script script, final int portId) {
        this.script = script;
        this.portId = portId;
    }

    static ByteBuffer datagram(final int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(final ByteBuffer messages) {
        final MessageReader r = new MessageReader().wrap(messages);
        while (r.next()) {
            sentTypes.add(r.type());
            inbox.addAll(script.apply(r, portId));
        }
        messages.position(messages.limit());
    }

    @Override
    public int receive(final ByteBuffer into) {
        final ByteBuffer next = inbox.poll();
        if (next == null) {
            throw new IllegalStateException("the backend waits for a reply the script never sends (it would hang)");
        }
        final int length = next.remaining();
        into.put(into.position(), next, next.position(), length);
        into.limit(into.position() + length);
        return length;
    }

    @Override
    public int receive(final ByteBuffer into, final int timeoutMillis) {
        return tryReceive(into);
    }

    @Override
    public int tryReceive(final ByteBuffer into) {
        return inbox.isEmpty() ? -1 : receive(into);
    }






    @Override
    public void close() {
        closed = true;
    }
}
