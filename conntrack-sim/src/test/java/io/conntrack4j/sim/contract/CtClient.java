package io.conntrack4j.sim.contract;

import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.NetlinkWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * A raw ctnetlink client for the contract tests: it writes exactly the attributes a statement names (including ones
 * the library never sends, such as a status without CONFIRMED) and reports the kernel's answer as it came: the
 * errno, the extended-ACK text, and every data message with its flags. Works on any {@link NetlinkSocket}.
 */
public final class CtClient implements AutoCloseable {
    /** AF_INET. */
    public static final int INET = 2;
    /** AF_INET6. */
    public static final int INET6 = 10;
    /** NLM_F_CREATE | NLM_F_EXCL: the contract's "create". */
    public static final int CREATE_EXCL = NLM_F_CREATE | NLM_F_EXCL;
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final NetlinkSocket socket;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.nativeOrder());
    private final NetlinkWriter writer = new NetlinkWriter();
    private int seq = 1000;

    /** @param socket the socket (closed with this client) */
    public CtClient(final NetlinkSocket socket) {
        this.socket = socket;
    }

    /** @return the socket's port id (events caused by this client carry it) */
    public int portId() {
        return socket.portId();
    }

    /**
     * One data message of a reply.
     *
     * @param type  nlmsg_type
     * @param flags nlmsg_flags
     * @param flow  the decoded conntrack entry, or null for other messages
     */
    public record Message(int type, int flags, Flow flow) {
    }

    /**
     * The kernel's whole answer to one request.
     *
     * @param errno    0 for success (ACK or DONE), else the positive errno
     * @param extAck   the extended-ACK message, or null
     * @param messages the data messages before the ACK/DONE/error
     * @param done     true if the answer ended with NLMSG_DONE
     * @param doneFlags the DONE message's flags (0 without DONE)
     */
    public record Reply(int errno, String extAck, List<Message> messages, boolean done, int doneFlags) {
        /** @return the conntrack entries in the answer */
        public List<Flow> flows() {
            final List<Flow> flows = new ArrayList<>();
            messages.forEach(m -> {
                if (m.flow() != null) {
                    flows.add(m.flow());
                }
            });
            return flows;
        }

        /** @return the only entry of a GET answer */
        public Flow flow() {
            if (flows().size() != 1) {
                throw new AssertionError("expected one entry, got " + this);
            }
            return flows().get(0);
        }
    }

    /**
     * Sends one request with NLM_F_REQUEST|NLM_F_ACK plus {@code flags} and reads the whole answer.
     *
     * @param type    nlmsg_type
     * @param flags   extra nlmsg_flags (NLM_F_CREATE, NLM_F_EXCL, NLM_F_DUMP, ...)
     * @param family  nfgen_family
     * @param version nfgen version
     * @param attrs   writes the attributes
     * @return the answer
     */
    public Reply request(final int type, final int flags, final int family, final int version,
                         final Consumer<NetlinkWriter> attrs) {
        final int mySeq = ++seq;
        out.clear();
        writer.wrap(out);
        writer.begin(type, NLM_F_REQUEST | NLM_F_ACK | flags, mySeq, family, version, 0);
        attrs.accept(writer);
        writer.end();
        out.limit(writer.position()).position(0);
        socket.send(out);
        return read(mySeq, (flags & NLM_F_DUMP) == NLM_F_DUMP);
    }

    private Reply read(final int mySeq, final boolean dump) {
        final List<Message> messages = new ArrayList<>();
        final Reply[] reply = new Reply[1];
        receiveFor(mySeq, r -> {
            if (r.isError()) {
                final int errno = r.errno();
                if (errno != 0 || !dump) {
                    reply[0] = new Reply(errno, r.extAckMessage().getOrNull(), messages, false, 0);
                }
            } else if (r.isDone()) {
                reply[0] = new Reply(0, null, messages, true, r.flags());
            } else {
                final boolean ct = r.type() >> 8 == SUBSYS_CTNETLINK
                    && (r.type() == CT_NEW || r.type() == CT_DELETE);
                messages.add(new Message(r.type(), r.flags(), ct ? r.flow() : null));
            }
            return reply[0] != null;
        }, () -> "request " + mySeq + "; got " + messages);
        return reply[0];
    }

    /**
     * Reads datagrams until {@code onMessage} says the answer to {@code mySeq} is complete; other messages are
     * skipped. Fails after 10 s instead of hanging.
     */
    private void receiveFor(final int mySeq, final java.util.function.Predicate<MessageReader> onMessage,
                            final java.util.function.Supplier<String> what) {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        final MessageReader r = new MessageReader();
        while (true) {
            in.clear();
            if (socket.tryReceive(in) < 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no complete answer to " + what.get() + " within 10 s");
                }
                Thread.onSpinWait();
                continue;
            }
            r.wrap(in);
            while (r.next()) {
                if (r.seq() == mySeq && onMessage.test(r)) {
                    return;
                }
            }
        }
    }

    private int send(final int type, final int flags) {
        final int mySeq = ++seq;
        out.clear();
        writer.wrap(out);
        writer.begin(type, flags, mySeq, 0, 0, 0);
        writer.end();
        out.limit(writer.position()).position(0);
        socket.send(out);
        return mySeq;
    }

    /**
     * The contract's create: NEW with CREATE|EXCL, both tuples, CTA_TIMEOUT, CTA_STATUS.
     *
     * @param orig    the original tuple
     * @param reply   the reply tuple
     * @param timeout CTA_TIMEOUT
     * @param status  CTA_STATUS
     * @param more    further attributes
     * @return the answer
     */
    public Reply create(final Tuple orig, final Tuple reply, final long timeout, final long status,
                        final Consumer<NetlinkWriter> more) {
        return request(CT_NEW, CREATE_EXCL, family(orig), 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, orig);
            w.tuple(CTA_TUPLE_REPLY, reply);
            w.u32(CTA_TIMEOUT, timeout);
            w.u32(CTA_STATUS, status);
            more.accept(w);
        });
    }

    /** @return the answer to the contract's create with nothing more */
    public Reply create(final Tuple orig, final Tuple reply, final long timeout, final long status) {
        return create(orig, reply, timeout, status, w -> { });
    }

    /**
     * An update: NEW without flags, the original tuple, then {@code attrs}.
     *
     * @param tuple the lookup tuple (as CTA_TUPLE_ORIG)
     * @param attrs the changes
     * @return the answer
     */
    public Reply update(final Tuple tuple, final Consumer<NetlinkWriter> attrs) {
        return request(CT_NEW, 0, family(tuple), 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, tuple);
            attrs.accept(w);
        });
    }

    /**
     * @param tuple a tuple (as CTA_TUPLE_ORIG)
     * @param more  further attributes (CTA_ZONE, ...)
     * @return the GET answer
     */
    public Reply get(final Tuple tuple, final Consumer<NetlinkWriter> more) {
        return request(CT_GET, 0, family(tuple), 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, tuple);
            more.accept(w);
        });
    }

    /** @return the GET answer for a tuple */
    public Reply get(final Tuple tuple) {
        return get(tuple, w -> { });
    }

    /**
     * @param tuple a tuple (as CTA_TUPLE_ORIG)
     * @param more  further attributes (CTA_ID, CTA_ZONE, ...)
     * @return the DELETE answer
     */
    public Reply delete(final Tuple tuple, final Consumer<NetlinkWriter> more) {
        return request(CT_DELETE, 0, family(tuple), 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, tuple);
            more.accept(w);
        });
    }

    /**
     * @param family nfgen_family
     * @param attrs  filter attributes
     * @return the dump answer
     */
    public Reply dump(final int family, final Consumer<NetlinkWriter> attrs) {
        return request(CT_GET, NLM_F_DUMP, family, 0, attrs);
    }

    /** @return every entry of the table (family 0, no filter) */
    public List<Flow> dumpAll() {
        final Reply r = dump(0, w -> { });
        if (r.errno() != 0) {
            throw new AssertionError("dump failed: " + r);
        }
        return r.flows();
    }

    /**
     * @param family  nfgen_family
     * @param version nfgen version
     * @param attrs   filter attributes
     * @return the flush answer (DELETE without a tuple)
     */
    public Reply flush(final int family, final int version, final Consumer<NetlinkWriter> attrs) {
        return request(CT_DELETE, 0, family, version, attrs);
    }

    /** @return the global statistics (GET_STATS reply, read up to the ACK) */
    public GlobalStats globalStats() {
        final GlobalStats[] stats = new GlobalStats[1];
        receiveFor(send(CT_GET_STATS, NLM_F_REQUEST | NLM_F_ACK), r -> {
            if (!r.isError()) {
                stats[0] = r.globalStats();
                return false;
            }
            if (r.errno() != 0 || stats[0] == null) {
                throw new AssertionError("GET_STATS failed with errno " + r.errno());
            }
            return true;
        }, () -> "GET_STATS");
        return stats[0];
    }

    /**
     * @param counter a per-CPU counter
     * @return its sum over CPUs
     */
    public long cpuSum(final CpuCounter counter) {
        final long[] sum = new long[1];
        receiveFor(send(CT_GET_STATS_CPU, NLM_F_REQUEST | NLM_F_DUMP), r -> {
            if (r.isDone()) {
                return true;
            }
            if (r.isError()) {
                throw new AssertionError("GET_STATS_CPU failed with errno " + r.errno());
            }
            final CpuStats s = r.cpuStats();
            sum[0] += s.get(counter).getOrElse(0L);
            return false;
        }, () -> "GET_STATS_CPU");
        return sum[0];
    }

    private static int family(final Tuple t) {
        return t.source().isV4() ? INET : INET6;
    }

    @Override
    public void close() {
        socket.close();
    }
}
