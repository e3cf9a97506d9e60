package io.conntrack4j.sim.contract;

import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.netlink.codec.MessageReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * An event listener bound to the three conntrack groups (NEW, UPDATE, DESTROY), as the contract assumes one exists
 * before every step. Events caused by a ctnetlink request are queued before its ACK, so {@link #drain()} right after
 * a request returns exactly the events it caused.
 */
public final class EventTap implements AutoCloseable {
    private final NetlinkSocket socket;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());

    /**
     * One received event message.
     *
     * @param event the decoded event
     * @param type  nlmsg_type (IPCTNL_MSG_CT_NEW or _DELETE)
     * @param flags nlmsg_flags (0x600 for NEW)
     */
    public record Received(FlowEvent event, int type, int flags) {
    }

    /** @param socket a socket into the kernel; joined to groups 1-3 here and closed with this tap */
    public EventTap(final NetlinkSocket socket) {
        this.socket = socket;
        socket.setReceiveBufferSize(8 << 20, true);
        for (int group = 1; group <= 3; group++) {
            socket.joinGroup(group);
        }
    }

    /** @return every event queued now, in order */
    public List<Received> drain() {
        final List<Received> events = new ArrayList<>();
        final MessageReader r = new MessageReader();
        while (true) {
            in.clear();
            if (socket.tryReceive(in) < 0) {
                return events;
            }
            r.wrap(in);
            while (r.next()) {
                if (r.type() == CT_NEW || r.type() == CT_DELETE) {
                    events.add(new Received(r.event(), r.type(), r.flags()));
                }
            }
        }
    }

    /**
     * Waits for events driven by something other than a request (packets confirm asynchronously on the real
     * kernel; the garbage collector): drains until {@code count} events arrived or the time ran out.
     *
     * @param count     events to wait for
     * @param timeoutMs how long at most
     * @return what arrived
     */
    public List<Received> await(final int count, final long timeoutMs) {
        final List<Received> events = new ArrayList<>();
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (events.size() < count && System.nanoTime() < deadline) {
            final List<Received> got = drain();
            events.addAll(got);
            if (got.isEmpty()) {
                try {
                    Thread.sleep(5);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        socket.close();
    }
}
