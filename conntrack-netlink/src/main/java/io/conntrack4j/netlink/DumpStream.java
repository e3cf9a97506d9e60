package io.conntrack4j.netlink;

import io.conntrack4j.error.DumpInterruptedException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.spi.Request;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A dump as a lazy stream: one datagram is received at a time and decoded message by message, so memory does not
 * grow with the table. The dump owns its socket; closing the stream (or reaching NLMSG_DONE) closes it.
 *
 * @param <T> what each message decodes to
 */
final class DumpStream<T> extends Spliterators.AbstractSpliterator<T> {
    private final Exchange exchange;
    private final int seq;
    private final Operation operation;
    private final Request request;
    private final Function<MessageReader, T> decode;
    private MessageReader current;
    private boolean done;

    private DumpStream(final Exchange exchange, final Request request, final Operation operation,
                       final Function<MessageReader, T> decode) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.exchange = exchange;
        this.request = request;
        this.operation = operation;
        this.decode = decode;
        this.seq = exchange.send(request);
    }

    static <T> Stream<T> open(final NetlinkSocket socket, final Request request, final Operation operation,
                              final Function<MessageReader, T> decode) {
        final Exchange exchange = new Exchange(socket);
        try {
            final DumpStream<T> dump = new DumpStream<>(exchange, request, operation, decode);
            return StreamSupport.stream(dump, false).onClose(exchange::close);
        } catch (final RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    @Override
    public boolean tryAdvance(final Consumer<? super T> action) {
        while (!done) {
            if (current == null) {
                current = exchange.receive();
            }
            while (current.next()) {
                if (!exchange.ours(current, seq) || !NetlinkBackend.isData(current)) {
                    continue;
                }
                if ((current.flags() & Ctnetlink.NLM_F_DUMP_INTR) != 0) {
                    done = true;
                    exchange.close();
                    throw new DumpInterruptedException(request, 1);
                }
                if (Exchange.endsDump(current, operation, request)) {
                    done = true;
                    exchange.close();
                    return false;
                }
                action.accept(decode.apply(current));
                return true;
            }
            current = null;
        }
        return false;
    }
}
