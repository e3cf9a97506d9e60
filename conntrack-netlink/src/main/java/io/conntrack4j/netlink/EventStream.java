package io.conntrack4j.netlink;

import io.conntrack4j.model.FlowEvent;
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
 * The events received on a socket that joined the conntrack multicast groups, as an endless lazy stream. Closing
 * the stream closes the socket. An overrun (ENOBUFS) surfaces as a {@link io.conntrack4j.error.KernelException}.
 */
final class EventStream extends Spliterators.AbstractSpliterator<FlowEvent> {
    private final NetlinkSocket socket;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(Exchange.RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final MessageReader reader = new MessageReader();
    private boolean hasDatagram;

    private EventStream(final NetlinkSocket socket) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.socket = socket;
    }

    static Stream<FlowEvent> open(final NetlinkSocket socket) {
        return StreamSupport.stream(new EventStream(socket), false).onClose(socket::close);
    }

    @Override
    public boolean tryAdvance(final Consumer<? super FlowEvent> action) {
        while (true) {
            if (!hasDatagram) {
                buffer.clear();
                socket.receive(buffer);
                reader.wrap(buffer);
                hasDatagram = true;
            }
            while (reader.next()) {
                final int type = reader.type();
                if (type == Ctnetlink.CT_NEW || type == Ctnetlink.CT_DELETE) {
                    action.accept(reader.event());
                    return true;
                }
            }
            hasDatagram = false;
        }
    }
}
