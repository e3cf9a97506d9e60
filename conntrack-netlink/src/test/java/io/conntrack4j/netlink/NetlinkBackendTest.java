package io.conntrack4j.netlink;

import io.conntrack4j.Conntrack;
import io.conntrack4j.error.DumpInterruptedException;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.KernelMessages;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.TupleDirection;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The backend's receive loops against scripted kernel answers: no root, byte-exact replies. */
class NetlinkBackendTest {
    private static final int PORT = 4242;

    private static Flow flow(final int i) {
        final Tuple t = Tuple.udp("10.0." + (i / 250) + "." + (i % 250 + 1), "10.9.9.9", 1000 + i, 53);
        return Flow.builder(t).reply(t.inverse()).status(io.conntrack4j.model.Status.CONFIRMED).mark(0L)
            .timeout(30L).use(1L).id(new FlowId(i + 1)).build();
    }

    /** A dump answer: the flows spread over datagrams of {@code perDatagram}, then DONE in its own datagram. */
    private static List<ByteBuffer> dumpAnswer(final MessageReader r, final int port, final List<Flow> flows,
                                               final int perDatagram, final int extraFlags) {
        final List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < flows.size(); i += perDatagram) {
            final ByteBuffer d = ScriptedSocket.datagram(32 * 1024);
            final KernelMessages k = new KernelMessages().wrap(d);
            for (int j = i; j < Math.min(flows.size(), i + perDatagram); j++) {
                k.flow(flows.get(j), Ctnetlink.NLM_F_MULTI | extraFlags, r.seq(), port);
            }
            out.add(d.flip().limit(k.position()));
        }
        final ByteBuffer done = ScriptedSocket.datagram(64);
        final KernelMessages k = new KernelMessages().wrap(done);
        k.done(r.seq(), port);
        out.add(done.limit(k.position()).position(0));
        return out;
    }

    private static Conntrack conntrack(final List<ScriptedSocket> opened, final ScriptedSocket.Script script) {
        return Conntrack.using(NetlinkBackend.over(() -> {
            final ScriptedSocket s = new ScriptedSocket(script, PORT + opened.size());
            opened.add(s);
            return s;
        }, Capabilities.ALL));
    }

    @Test
    void aDumpStreamsAcrossDatagramsAndClosesItsSocketAtDone() {
        final List<Flow> table = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            table.add(flow(i));
        }
        final List<ScriptedSocket> sockets = new ArrayList<>();
        try (Conntrack ct = conntrack(sockets, (r, port) -> dumpAnswer(r, port, table, 60, 0))) {
            assertThat(ct.flows().list()).containsExactlyElementsOf(table);
            assertThat(sockets).hasSize(2);
            assertThat(sockets.get(1).closed).as("the dump's own socket").isTrue();
            assertThat(sockets.get(0).closed).as("the request socket").isFalse();
        }
    }

    @Test
    void anInconsistentDumpIsRetriedByListThenReported() {
        final List<Flow> table = List.of(flow(1), flow(2));
        final AtomicInteger dumps = new AtomicInteger();
        final List<ScriptedSocket> sockets = new ArrayList<>();
        try (Conntrack ct = conntrack(sockets, (r, port) -> dumpAnswer(r, port, table, 10,
            dumps.incrementAndGet() <= 2 ? Ctnetlink.NLM_F_DUMP_INTR : 0))) {
            assertThat(ct.flows().list()).containsExactlyElementsOf(table);
            assertThat(dumps).hasValue(3);
        }
        try (Conntrack ct = conntrack(new ArrayList<>(), (r, port) -> dumpAnswer(r, port, table, 10,
            Ctnetlink.NLM_F_DUMP_INTR))) {
            final DumpInterruptedException e = catchThrowableOfType(DumpInterruptedException.class,
                () -> ct.flows().count());
            assertThat(e).isNotNull();
            assertThat(e.attempts()).isEqualTo(3);
        }
    }

    @Test
    void aGetReplyIsMultipartWithoutDoneAndTheNextRequestStillWorks() {
        final Flow f = flow(7);
        final List<ScriptedSocket> sockets = new ArrayList<>();
        try (Conntrack ct = conntrack(sockets, (r, port) -> {
            final ByteBuffer d = ScriptedSocket.datagram(4096);
            final KernelMessages k = new KernelMessages().wrap(d);
            if (r.type() == Ctnetlink.CT_GET) {
                k.flow(f, Ctnetlink.NLM_F_MULTI, r.seq(), port);
            } else {
                k.ack(Errno.ENOENT.number(), requestCopy(r), 0, port);
            }
            return List.of(d.limit(k.position()).position(0));
        })) {
            assertThat(ct.get(f.original())).contains(f);
            assertThat(ct.get(f.original())).contains(f);
            final KernelException e = catchThrowableOfType(KernelException.class,
                () -> ct.create(Flow.builder(f.original()).timeout(5L).build()));
            assertThat(e.errno()).isEqualTo(Errno.ENOENT);
        }
    }

    @Test
    void aMissingFlowIsNoneAndErrorsCarryTheExtendedAckMessage() {
        final List<ScriptedSocket> sockets = new ArrayList<>();
        try (Conntrack ct = conntrack(sockets, (r, port) -> {
            final ByteBuffer d = ScriptedSocket.datagram(4096);
            final KernelMessages k = new KernelMessages().wrap(d);
            k.ack(Errno.ENOENT.number(), requestCopy(r), 0, port);
            return List.of(d.limit(k.position()).position(0));
        })) {
            assertThat(ct.get(flow(1).original())).isEmpty();
        }
    }

    @Test
    void batchAcksAreMatchedBySequenceWhateverTheirOrder() {
        final List<ByteBuffer> pendingAcks = new ArrayList<>();
        final AtomicInteger seen = new AtomicInteger();
        final ScriptedSocket socket = new ScriptedSocket((r, port) -> {
            // the second delete's flow is already gone; all three ACKs come at once, in reverse order
            final ByteBuffer one = ScriptedSocket.datagram(64);
            final KernelMessages k = new KernelMessages().wrap(one);
            k.ack(seen.incrementAndGet() == 2 ? Errno.ENOENT.number() : 0, requestCopy(r), 0, port);
            pendingAcks.add(0, one.limit(k.position()).position(0));
            if (pendingAcks.size() < 3) {
                return List.of();
            }
            final ByteBuffer all = ScriptedSocket.datagram(256);
            pendingAcks.forEach(all::put);
            return List.of(all.flip());
        }, PORT);
        try (NetlinkBackend backend = NetlinkBackend.over(() -> socket, Capabilities.ALL)) {
            final Vector<BatchItem> deletes = Vector.of(1, 2, 3).map(i -> new DeleteFlow(flow(i).original(),
                TupleDirection.ORIGINAL, 0, Option.some(new FlowId(i))));
            final Seq<ItemResult> results = backend.execute(new Batch(deletes));
            assertThat(results.map(ItemResult::succeeded)).containsExactly(true, false, true);
            assertThat(results.get(1).error()).contains(Errno.ENOENT);
            assertThat(socket.sentTypes).containsExactly(Ctnetlink.CT_DELETE, Ctnetlink.CT_DELETE,
                Ctnetlink.CT_DELETE);
        }
    }

    private static ByteBuffer requestCopy(final MessageReader r) {
        final ByteBuffer header = ScriptedSocket.datagram(16);
        final int seq = r.seq();
        header.putInt(0, 16).putShort(4, (short) r.type()).putShort(6, (short) r.flags()).putInt(8, seq)
            .putInt(12, r.portId());
        return header;
    }
}
