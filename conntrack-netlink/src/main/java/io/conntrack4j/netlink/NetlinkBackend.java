package io.conntrack4j.netlink;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.jna.JnaNetlinkSocket;
import io.conntrack4j.netlink.jna.NamespaceSockets;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.GetExpectationStats;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.SubscribeExpectations;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@link Backend} over ctnetlink. Requests go over one socket (serialised); every dump and every subscription
 * gets a socket of its own, so deletes can run while a dump streams. Works on any {@link NetlinkSocket}: the real
 * kernel ({@link #open()}) or the simulated one.
 *
 * <p>A dump is received on a thread of its own, a few datagrams ahead of the stream's consumer. A consumer that has
 * caught up with the kernel spins for up to 1 ms before it parks, which keeps its CPU busy while the dump lasts but
 * makes large dumps about 10% faster on the 2-CPU machines we measured (BENCHMARKS.md). The system property
 * {@code io.conntrack4j.dumpSpinMicros} sets that budget in microseconds, from 0 (park at once) to 1,000,000; with one
 * CPU the consumer never spins.
 */
public final class NetlinkBackend implements Backend {
    /** Deletes per batch when a flush has to be done as dump and delete. */
    private static final int FLUSH_BATCH = 512;
    /**
     * Most messages per send in a pipelined batch. The kernel handles a whole send before we can read, queueing one
     * ACK per message, each charged about 800 bytes of receive buffer whatever its length (measured on 6.18: 260
     * ACKs fit the default 212,992 bytes, 270 overflow it with ENOBUFS and the ACKs are lost).
     */
    static final int MAX_IN_FLIGHT = 128;
    private final Supplier<NetlinkSocket> sockets;
    /** The socket of requests (not dumps); replaced when a failure leaves it in an unknown state. */
    private volatile Exchange requests;
    private final Capabilities capabilities;
    private final AutoCloseable resources;

    private NetlinkBackend(final Supplier<NetlinkSocket> sockets, final Capabilities capabilities,
                           final AutoCloseable resources) {
        this.sockets = sockets;
        this.requests = new Exchange(sockets.get());
        this.capabilities = capabilities;
        this.resources = resources;
    }

    /**
     * Opens the backend on the real kernel, in the calling thread's network namespace, and probes which dump
     * filters the kernel honours.
     *
     * @return the backend
     */
    public static NetlinkBackend open() {
        final Supplier<NetlinkSocket> sockets = JnaNetlinkSocket::open;
        return new NetlinkBackend(sockets, CapabilityProbe.probe(sockets, KernelVersion.running()), null);
    }

    /**
     * Opens the backend inside another network namespace, without moving the calling thread there.
     *
     * @param namespace a namespace file: {@code /var/run/netns/NAME} (see {@code ip netns}) or
     *                  {@code /proc/PID/ns/net}
     * @return the backend; closing it releases the namespace's helper thread
     */
    public static NetlinkBackend openIn(final java.nio.file.Path namespace) {
        final NamespaceSockets inNamespace = NamespaceSockets.of(namespace);
        try {
            final Supplier<NetlinkSocket> sockets = inNamespace::get;
            return new NetlinkBackend(sockets, CapabilityProbe.probe(sockets, KernelVersion.running()), inNamespace);
        } catch (final RuntimeException e) {
            inNamespace.close();
            throw e;
        }
    }

    /**
     * @param name a namespace created with {@code ip netns add NAME}
     * @return the backend inside {@code /var/run/netns/NAME}
     */
    public static NetlinkBackend openInNamespace(final String name) {
        return openIn(java.nio.file.Path.of("/var/run/netns", name));
    }

    /**
     * @param sockets      opens a new socket to the same kernel on each call
     * @param capabilities what that kernel filters
     * @return a backend over those sockets
     */
    public static NetlinkBackend over(final Supplier<NetlinkSocket> sockets, final Capabilities capabilities) {
        return new NetlinkBackend(sockets, capabilities, null);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /**
     * Streams a dump. Filter parts the kernel gets wrong ({@link KernelQuirks}) are not sent; the whole requested
     * filter is then checked here, so the stream holds exactly what {@link io.conntrack4j.spi.KernelFilter#test}
     * accepts. (A counter-zeroing dump then zeroes the counters of every flow the narrower kernel filter lets
     * through, as it does for flows a query's residual rejects.)
     */
    @Override
    public Stream<Flow> dump(final DumpFlows request) {
        final io.conntrack4j.spi.KernelFilter sendable = KernelQuirks.sendable(request.filter());
        if (sendable.equals(request.filter())) {
            return DumpStream.open(sockets.get(), request, Operation.DUMP, MessageReader::flow);
        }
        return DumpStream.open(sockets.get(), new DumpFlows(request.table(), sendable, request.zeroCounters()),
            Operation.DUMP, MessageReader::flow).filter(request.filter()::test);
    }

    @Override
    public synchronized Option<Flow> get(final GetFlow request) {
        return exchange(x -> {
            final MessageReader r = x.awaitSingle(x.send(request), Operation.GET, request.tuple());
            return r == null ? Option.none() : Option.some(r.flow());
        });
    }

    @Override
    public synchronized void create(final CreateFlow request) {
        ack(request, Operation.CREATE, request.flow().original());
    }

    @Override
    public synchronized void update(final UpdateFlow request) {
        ack(request, Operation.UPDATE, request.tuple());
    }

    @Override
    public synchronized void delete(final DeleteFlow request) {
        ack(request, Operation.DELETE, request.tuple());
    }

    private void ack(final Request request, final Operation operation, final Object subject) {
        exchange(x -> {
            x.awaitAck(x.send(request), operation, subject);
            return null;
        });
    }

    /**
     * Runs one exchange on the request socket. When it fails other than by the kernel's answer to the request (a
     * socket error such as ENOBUFS, undecodable bytes, ...), replies may be lost or left unread, and a netlink socket
     * that overran keeps dropping ACKs silently until it is drained: a later request would then wait for its answer
     * forever. So the socket is replaced by a new one.
     */
    private <T> T exchange(final Function<Exchange, T> work) {
        final Exchange current = requests;
        try {
            return work.apply(current);
        } catch (final RuntimeException e) {
            if (!(e instanceof KernelException) || ((KernelException) e).operation() == Operation.SOCKET) {
                try {
                    requests = new Exchange(sockets.get());
                    current.close();
                } catch (final RuntimeException reopen) {
                    e.addSuppressed(reopen);
                }
            }
            throw e;
        }
    }

    /**
     * Pipelines the batch: as many messages per send as fit the buffer, then one ACK or error per message, matched by
     * sequence number.
     */
    @Override
    public synchronized Seq<ItemResult> execute(final Batch batch) {
        try {
            return exchange(x -> execute(x, batch));
        } catch (final KernelException e) {
            if (e.errno().equals(Errno.ENOBUFS)) {
                throw new KernelException(Operation.SOCKET, Errno.ENOBUFS, "a batch of " + batch.items().size()
                    + " items: the receive buffer overflowed and the kernel dropped ACKs, so the outcome of some "
                    + "items is unknown (the request socket was replaced)", null, e);
            }
            throw e;
        }
    }

    private Seq<ItemResult> execute(final Exchange x, final Batch batch) {
        final List<ItemResult> results = new ArrayList<>(batch.items().size());
        final Seq<BatchItem> items = batch.items();
        int next = 0;
        while (next < items.size()) {
            final ByteBuffer out = x.batchBuffer();
            out.clear();
            final int first = next;
            final int[] seqs = new int[items.size() - first];
            // consecutive numbers: awaitAcks finds an ACK's item by its distance from the first
            final int firstSeq = Exchange.reserveSequences(Math.min(MAX_IN_FLIGHT, items.size() - first));
            while (next < items.size() && next - first < MAX_IN_FLIGHT) {
                final int mark = out.position();
                try {
                    final int seq = firstSeq + next - first;
                    x.encoder().encode(items.get(next), seq, out);
                    seqs[next - first] = seq;
                    next++;
                } catch (final BufferOverflowException full) {
                    out.position(mark);
                    break;
                }
            }
            x.flush();
            final Errno[] errors = awaitAcks(x, seqs, next - first);
            for (int i = first; i < next; i++) {
                results.add(new ItemResult(items.get(i), Option.of(errors[i - first])));
            }
        }
        return Vector.ofAll(results);
    }

    private static Errno[] awaitAcks(final Exchange x, final int[] seqs, final int count) {
        final Errno[] errors = new Errno[count];
        int pending = count;
        final int firstSeq = seqs[0];
        while (pending > 0) {
            final MessageReader r = x.receive();
            while (r.next()) {
                final int index = r.seq() - firstSeq;
                if (r.portId() != x.socket().portId() || index < 0 || index >= count || seqs[index] != r.seq()
                    || !r.isError()) {
                    continue;
                }
                final int errno = r.errno();
                errors[index] = errno == 0 ? null : Errno.of(errno);
                pending--;
            }
        }
        return errors;
    }

    /**
     * A filtered flush in the kernel; when part of the filter is one the kernel gets wrong ({@link KernelQuirks}),
     * which would make it delete the wrong flows, the flows are dumped with the corrected filter instead and deleted
     * one by one (by tuple and id; flows already gone are skipped).
     */
    @Override
    public synchronized void flush(final FlushFlows request) {
        if (KernelQuirks.sendable(request.filter()).equals(request.filter())) {
            ack(request, Operation.FLUSH, request.filter());
            return;
        }
        final List<BatchItem> chunk = new ArrayList<>();
        try (Stream<Flow> selected = dump(DumpFlows.of(request.filter()))) {
            final java.util.Iterator<Flow> flows = selected.iterator();
            while (flows.hasNext()) {
                chunk.add(DeleteFlow.of(flows.next()));
                if (chunk.size() == FLUSH_BATCH || !flows.hasNext()) {
                    for (final ItemResult r : execute(new Batch(Vector.ofAll(chunk)))) {
                        if (r.error().exists(e -> !e.equals(Errno.ENOENT))) {
                            throw new KernelException(Operation.FLUSH, r.error().get(), request.filter(),
                                "deleting " + r.item());
                        }
                    }
                    chunk.clear();
                }
            }
        }
    }

    @Override
    public synchronized void flushAll(final FlushAll request) {
        ack(request, Operation.FLUSH, request.family().map(f -> "family " + f.kernelName()).getOrElse("all"));
    }

    @Override
    public synchronized GlobalStats globalStats(final GetGlobalStats request) {
        return exchange(x -> {
            final MessageReader r = x.awaitSingle(x.send(request), Operation.COUNT, null);
            if (r == null) {
                throw new KernelException(Operation.COUNT, Errno.ENOENT, null, null);
            }
            return r.globalStats();
        });
    }

    @Override
    public Seq<CpuStats> cpuStats(final GetCpuStats request) {
        try (Stream<CpuStats> s = DumpStream.open(sockets.get(), request, Operation.STATS, MessageReader::cpuStats)) {
            return s.collect(Vector.collector());
        }
    }

    @Override
    public Stream<Expectation> dumpExpectations(final DumpExpectations request) {
        return DumpStream.open(sockets.get(), request, Operation.EXPECTATION, MessageReader::expectation);
    }

    @Override
    public synchronized Option<Expectation> getExpectation(final GetExpectation request) {
        return exchange(x -> {
            final MessageReader r = x.awaitSingle(x.send(request), Operation.EXPECTATION, request.expected());
            return r == null ? Option.none() : Option.some(r.expectation());
        });
    }

    @Override
    public synchronized void createExpectation(final CreateExpectation request) {
        ack(request, Operation.EXPECTATION, request.expectation().expected());
    }

    @Override
    public synchronized void deleteExpectation(final DeleteExpectation request) {
        ack(request, Operation.EXPECTATION, request.expected());
    }

    @Override
    public synchronized void flushExpectations(final FlushExpectations request) {
        ack(request, Operation.EXPECTATION, request.helper().getOrElse("all"));
    }

    @Override
    public Seq<ExpectationStats> expectationStats(final GetExpectationStats request) {
        final Function<MessageReader, ExpectationStats> decode = MessageReader::expectationStats;
        try (Stream<ExpectationStats> s = DumpStream.open(sockets.get(), request, Operation.STATS, decode)) {
            return s.collect(Vector.collector());
        }
    }

    @Override
    public Stream<EventSignal> subscribe(final Subscribe request) {
        final int[] groups = request.types().stream().mapToInt(EventType::group).toArray();
        final NetlinkSocket socket = joined(request.receiveBuffer(), groups,
            s -> EventFilters.attach(s, request.filter()));
        return EventStream.open(socket, request.discardQueuedOnOverrun());
    }

    @Override
    public Stream<EventSignal> subscribeExpectations(final SubscribeExpectations request) {
        final int[] groups = request.types().stream().mapToInt(EventType::expectationGroup).toArray();
        return EventStream.openExpectations(joined(request.receiveBuffer(), groups, s -> { }));
    }

    /**
     * @param receiveBuffer the receive buffer to ask for (0: the default)
     * @param groups        the multicast groups to join
     * @param setUp         what else the socket needs (a socket filter)
     * @return a new socket that joined the groups; closed again if a step fails
     */
    private NetlinkSocket joined(final int receiveBuffer, final int[] groups,
                                 final java.util.function.Consumer<NetlinkSocket> setUp) {
        final NetlinkSocket socket = sockets.get();
        try {
            if (receiveBuffer > 0) {
                receiveBuffer(socket, receiveBuffer);
            }
            for (final int group : groups) {
                socket.joinGroup(group);
            }
            setUp.accept(socket);
            return socket;
        } catch (final RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** SO_RCVBUFFORCE needs CAP_NET_ADMIN; without it, SO_RCVBUF (capped at net.core.rmem_max) is the best we get. */
    private static void receiveBuffer(final NetlinkSocket socket, final int bytes) {
        try {
            socket.setReceiveBufferSize(bytes, true);
        } catch (final KernelException e) {
            if (!e.errno().equals(Errno.EPERM)) {
                throw e;
            }
            socket.setReceiveBufferSize(bytes, false);
        }
    }

    @Override
    public void close() {
        requests.close();
        if (resources != null) {
            try {
                resources.close();
            } catch (final Exception e) {
                throw new IllegalStateException("cannot release " + resources, e);
            }
        }
    }

    /** @return a short description */
    @Override
    public String toString() {
        return "NetlinkBackend[" + requests.socket() + ", " + capabilities + "]";
    }

    static boolean isData(final MessageReader r) {
        return r.type() != Ctnetlink.NLMSG_NOOP && r.type() != Ctnetlink.NLMSG_OVERRUN;
    }
}
