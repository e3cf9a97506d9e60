package io.conntrack4j.benchmarks.e2e;

import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.FlowView;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.RequestEncoder;
import io.conntrack4j.netlink.jna.JnaNetlinkSocket;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.KernelFilter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The floor of a full dump: the same request the library sends for {@code ct.flows()}, on the same
 * {@link JnaNetlinkSocket} with the same 64 KiB direct receive buffer, but nothing is decoded — the loop only
 * recv()s datagrams and steps over the netlink headers to count the messages and find NLMSG_DONE.
 */
final class RawDump {
    private static final int BUFFER = 64 * 1024;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.nativeOrder());
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.nativeOrder());
    private final RequestEncoder encoder = new RequestEncoder();
    private int seq = 0x5EED0000;
    /** Keeps decoded values observable so the JIT cannot drop the decoding. */
    static volatile long sink;
    /** The last decoded flow: escapes, so the decoding cannot be optimised away. */
    static Object lastFlow;

    /** @return the number of flow messages the full dump returned */
    long dump() {
        return dump(null);
    }

    /**
     * @param capture where to append a copy of each datagram (for the decode-only diagnostic), or null
     * @return the number of flow messages
     */
    long dump(final ByteBuffer capture) {
        try (NetlinkSocket socket = JnaNetlinkSocket.open()) {
            final int mySeq = ++seq;
            out.clear();
            encoder.encode(DumpFlows.of(KernelFilter.NONE), mySeq, out);
            out.flip();
            socket.send(out);
            long messages = 0;
            while (true) {
                in.clear();
                final int n = socket.receive(in);
                if (capture != null) {
                    capture.put(in.duplicate());
                }
                int at = 0;
                while (at + Ctnetlink.NLMSG_HDRLEN <= n) {
                    final int len = in.getInt(at);
                    final int type = in.getShort(at + 4) & 0xFFFF;
                    if (len < Ctnetlink.NLMSG_HDRLEN || in.getInt(at + 8) != mySeq) {
                        throw new IllegalStateException("unexpected message: len " + len + " seq " + in.getInt(at + 8));
                    }
                    if (type == Ctnetlink.NLMSG_DONE) {
                        return messages;
                    }
                    if (type == Ctnetlink.NLMSG_ERROR) {
                        throw new IllegalStateException("dump failed: errno " + -in.getInt(at + 16));
                    }
                    messages++;
                    at += (len + 3) & ~3;
                }
            }
        }
    }

    /**
     * Diagnostic: decodes captured datagrams (already in memory) into Flow objects — the library's decoder alone,
     * without the kernel.
     *
     * @param capture the datagrams, position 0 to limit
     * @return flows decoded
     */
    static long decodeObjects(final ByteBuffer capture) {
        final MessageReader r = new MessageReader().wrap(capture);
        long flows = 0;
        while (r.next()) {
            if (r.type() >> 8 == 1 && (r.type() & 0xFF) == 0) {
                lastFlow = r.flow();
                flows++;
            }
        }
        return flows;
    }

    /**
     * Diagnostic: the same messages through the zero-allocation {@link FlowView} (index the attributes, read both
     * tuples' ports).
     *
     * @param capture the datagrams
     * @return flows viewed
     */
    static long decodeView(final ByteBuffer capture) {
        final MessageReader r = new MessageReader().wrap(capture);
        final FlowView view = new FlowView();
        long flows = 0;
        long seen = 0;
        while (r.next()) {
            if (r.type() >> 8 == 1 && (r.type() & 0xFF) == 0) {
                final FlowView v = r.view(view);
                seen += v.originalSourceV4() + v.originalDestinationV4() + v.originalSourcePort()
                    + v.originalDestinationPort() + v.replySourcePort() + v.tcpState() + v.timeout();
                flows++;
            }
        }
        sink = seen;
        return flows;
    }
}
