package io.conntrack4j.netlink;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.RequestEncoder;
import io.conntrack4j.spi.Request;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request/response over one netlink socket, with the receive-loop rules of ctnetlink: replies are matched by sequence
 * number and port id; a dump ends with NLMSG_DONE or an NLMSG_ERROR; a single GET reply and the GET_STATS reply
 * carry NLM_F_MULTI but no DONE; every ACK is consumed. Not thread-safe: one exchange per socket at a time.
 */
final class Exchange implements AutoCloseable {
    /** Receive buffer: the kernel sizes dump datagrams up to 32 KiB; twice that never truncates. */
    static final int RECEIVE_BUFFER = 64 * 1024;
    private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.nanoTime() & 0x3FFF_FFFF));

    private final NetlinkSocket socket;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final RequestEncoder encoder = new RequestEncoder();
    private final MessageReader reader = new MessageReader();

    Exchange(final NetlinkSocket socket) {
        this.socket = socket;
    }

    NetlinkSocket socket() {
        return socket;
    }

    static int nextSequence() {
        return SEQUENCE.incrementAndGet();
    }

    /**
     * Reserves consecutive sequence numbers in one step, so that a batch's numbers stay consecutive even while other
     * threads send requests (a dump, a subscription's resync) on the same backend.
     *
     * @param count how many
     * @return the first of them
     */
    static int reserveSequences(final int count) {
        return SEQUENCE.getAndAdd(count) + 1;
    }

    /**
     * Sends one request.
     *
     * @return its sequence number
     */
    int send(final Request request) {
        final int seq = nextSequence();
        sendBuffer.clear();
        encoder.encode(request, seq, sendBuffer);
        sendBuffer.flip();
        socket.send(sendBuffer);
        return seq;
    }

    /** @return the encoder and send buffer for batching: the caller encodes many messages, then {@link #flush()} */
    ByteBuffer batchBuffer() {
        return sendBuffer;
    }

    RequestEncoder encoder() {
        return encoder;
    }

    void flush() {
        sendBuffer.flip();
        socket.send(sendBuffer);
    }

    /**
     * Receives the next datagram and positions the reader before its first message.
     *
     * @return the reader over the datagram
     */
    MessageReader receive() {
        receiveBuffer.clear();
        socket.receive(receiveBuffer);
        return reader.wrap(receiveBuffer);
    }

    /** @return the last datagram received, from position 0 to its end (valid until the next receive) */
    ByteBuffer lastDatagram() {
        return receiveBuffer.duplicate().position(0);
    }

    /**
     * @param r   a reader positioned on a message
     * @param seq the expected sequence number
     * @return true if the message answers our request
     */
    boolean ours(final MessageReader r, final int seq) {
        return r.seq() == seq && r.portId() == socket.portId();
    }

    /**
     * @param seq    a request's sequence number
     * @param resume continue in the datagram the reader is on (false: start with a new datagram)
     * @return the reader positioned on the next message answering that request (other messages are skipped)
     */
    private MessageReader nextAnswer(final int seq, final boolean resume) {
        MessageReader r = resume ? reader : receive();
        while (true) {
            while (r.next()) {
                if (ours(r, seq)) {
                    return r;
                }
            }
            r = receive();
        }
    }

    /**
     * Waits for the ACK or error of one request.
     *
     * @param seq       the request's sequence number
     * @param operation for the error
     * @param subject   for the error
     */
    void awaitAck(final int seq, final Operation operation, final Object subject) {
        MessageReader r = nextAnswer(seq, false);
        while (!r.isError()) {
            r = nextAnswer(seq, true);
        }
        final int errno = r.errno();
        if (errno != 0) {
            throw new KernelException(operation, Errno.of(errno), subject, r.extAckMessage().getOrNull());
        }
    }

    /**
     * Waits for a single reply message (GET, GET_STATS: NLM_F_MULTI without DONE), or an error.
     *
     * @return the reader positioned on the reply, or null if the kernel answered ENOENT
     */
    MessageReader awaitSingle(final int seq, final Operation operation, final Object subject) {
        final MessageReader r = nextAnswer(seq, false);
        if (!r.isError()) {
            return r;
        }
        final int errno = r.errno();
        if (errno == Errno.ENOENT.number()) {
            return null;
        }
        throw new KernelException(operation, Errno.of(errno == 0 ? Errno.EINVAL.number() : errno), subject,
            errno == 0 ? "ACK without a reply" : r.extAckMessage().getOrNull());
    }

    /** @return true if the message ends a dump (DONE); throws if it is an error */
    static boolean endsDump(final MessageReader r, final Operation operation, final Object subject) {
        if (r.isDone()) {
            final int status = r.length() >= Ctnetlink.NLMSG_HDRLEN + 4 ? r.errno() : 0;
            if (status != 0) {
                throw new KernelException(operation, Errno.of(status), subject, null);
            }
            return true;
        }
        if (r.isError()) {
            final int errno = r.errno();
            if (errno == 0) {
                return true;
            }
            throw new KernelException(operation, Errno.of(errno), subject, r.extAckMessage().getOrNull());
        }
        return false;
    }

    @Override
    public void close() {
        socket.close();
    }
}
