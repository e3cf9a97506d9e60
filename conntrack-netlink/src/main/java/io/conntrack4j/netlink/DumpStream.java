package io.conntrack4j.netlink;

import io.conntrack4j.error.DumpInterruptedException;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.spi.Request;

import java.nio.ByteBuffer;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A dump as a lazy stream: datagrams are received ahead on a thread of their own ({@link ReceiveAhead}) into a small
 * pool of buffers and decoded message by message on the caller's thread, so memory does not grow with the table.
 * The dump owns its socket; it is closed after NLMSG_DONE, or after the rest of the dump once the stream is closed.
 *
 * @param <T> what each message decodes to
 */
final class DumpStream<T> extends Spliterators.AbstractSpliterator<T> {
    private final Exchange exchange;
    private final ReceiveAhead ahead;
    private final MessageReader reader = new MessageReader();
    private ByteBuffer datagram;
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
        this.ahead = new ReceiveAhead(exchange.socket(), seq);
    }

    static <T> Stream<T> open(final NetlinkSocket socket, final Request request, final Operation operation,
                              final Function<MessageReader, T> decode) {
        final Exchange exchange = new Exchange(socket);
        try {
            final DumpStream<T> dump = new DumpStream<>(exchange, request, operation, decode);
            return StreamSupport.stream(dump, false).onClose(dump.ahead::close);
        } catch (final RuntimeException | Error e) {
            exchange.close();
            throw e;
        }
    }

    private void finish() {
        done = true;
        ahead.close();
    }

    @Override
    public boolean tryAdvance(final Consumer<? super T> action) {
        while (!done) {
            if (current == null) {
                datagram = ahead.take();
                if (datagram == null) {
                    done = true;
                    throw new KernelException(operation, Errno.EIO, request, "the dump ended without NLMSG_DONE");
                }
                current = reader.wrap(datagram);
            }
            while (current.next()) {
                if (!exchange.ours(current, seq) || !NetlinkBackend.isData(current)) {
                    continue;
                }
                if ((current.flags() & Ctnetlink.NLM_F_DUMP_INTR) != 0) {
                    finish();
                    throw new DumpInterruptedException(request, 1);
                }
                final boolean end;
                try {
                    end = Exchange.endsDump(current, operation, request);
                } catch (final RuntimeException e) {
                    finish();
                    throw e;
                }
                if (end) {
                    finish();
                    return false;
                }
                action.accept(decode.apply(current));
                return true;
            }
            current = null;
            ahead.release(datagram);
        }
        return false;
    }
}
