package io.conntrack4j.benchmarks;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.codec.CaptureFile;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.KernelMessages;
import io.vavr.control.Option;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;

/**
 * Writes a realistic dump capture, as the kernel sends a {@code conntrack -L} of a busy IPv4 table with accounting
 * and timestamps on: about 80% TCP (mostly ESTABLISHED and ASSURED, some SYN_SENT, TIME_WAIT, CLOSE_WAIT), 15% UDP
 * (DNS, NTP, QUIC) and 5% ICMP echo; a fifth of the flows source-NATed; every entry with counters, a start timestamp,
 * mark, use and id, in the kernel's attribute order. Messages are packed into datagrams of at most 32 KiB of whole
 * messages (what the kernel sends to a 32 KiB receive buffer), flags NLM_F_MULTI, and NLMSG_DONE ends the dump.
 *
 * <pre>java -cp benchmarks.jar io.conntrack4j.benchmarks.CaptureGenerator dump.cap [flows=100000] [seed=42]</pre>
 */
public final class CaptureGenerator {
    /** The size of one datagram the kernel fills for a 32 KiB receive buffer. */
    public static final int DATAGRAM = 32 * 1024;
    private static final int SEQ = 0x6b08dad3;
    private static final int PORT_ID = 10340;
    private static final long START_NANOS = 1_795_742_415_503_452_379L;

    private CaptureGenerator() {
    }

    /**
     * @param args file, optional flow count (default 100000) and seed (default 42)
     * @throws IOException on a write failure
     */
    public static void main(final String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: CaptureGenerator <file> [flows=100000] [seed=42]");
            System.exit(2);
        }
        final int flows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        final long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        final Path file = Paths.get(args[0]);
        final long bytes = write(file, flows, seed);
        System.out.println("wrote " + flows + " flows, " + bytes + " bytes to " + file);
    }

    /**
     * Writes a capture of a dump.
     *
     * @param file  the capture file to create or replace
     * @param flows the number of dump entries
     * @param seed  the random seed (same seed, same bytes)
     * @return the file size
     * @throws IOException on a write failure
     */
    public static long write(final Path file, final int flows, final long seed) throws IOException {
        final SplittableRandom random = new SplittableRandom(seed);
        final ByteBuffer datagram = ByteBuffer.allocate(DATAGRAM).order(ByteOrder.nativeOrder());
        final ByteBuffer message = ByteBuffer.allocate(DATAGRAM).order(ByteOrder.nativeOrder());
        final KernelMessages kernel = new KernelMessages();
        try (CaptureFile.Writer out = CaptureFile.Writer.create(file)) {
            for (int i = 0; i < flows; i++) {
                message.clear();
                final int length = kernel.wrap(message).flow(flow(random), Ctnetlink.NLM_F_MULTI, SEQ, PORT_ID);
                if (datagram.position() + length > DATAGRAM) {
                    out.append(datagram.flip());
                    datagram.clear();
                }
                datagram.put(message.array(), 0, length);
            }
            message.clear();
            final int done = kernel.wrap(message).done(SEQ, PORT_ID);
            if (datagram.position() + done > DATAGRAM) {
                out.append(datagram.flip());
                datagram.clear();
            }
            datagram.put(message.array(), 0, done);
            out.append(datagram.flip());
            return out.size();
        }
    }

    /**
     * @param random the source of randomness
     * @return one flow as a dump reports it, with counters and a start timestamp
     */
    public static Flow flow(final SplittableRandom random) {
        final IpAddress client = IpAddress.v4(0x0a000000 | random.nextInt(1 << 20));
        final IpAddress server = IpAddress.v4(random.nextInt(4) == 0 ? 0xc0a80000 | random.nextInt(1 << 16)
            : 0x5d000000 | random.nextInt(1 << 24));
        final int kind = random.nextInt(100);
        final Protocol protocol = kind < 80 ? Protocol.TCP : kind < 95 ? Protocol.UDP : Protocol.ICMP;
        final Tuple original;
        if (protocol.equals(Protocol.ICMP)) {
            original = Tuple.of(client, server, protocol, new Layer4.Icmp(8, 0, random.nextInt(1 << 16)));
        } else {
            original = Tuple.of(client, server, protocol, new Layer4.Ports(32768 + random.nextInt(28232),
                port(protocol, random)));
        }
        Tuple reply = original.inverse();
        final boolean snat = random.nextInt(5) == 0;
        if (snat) {
            final IpAddress external = IpAddress.v4(0xcb007100 | random.nextInt(256));
            final Layer4 l4 = reply.layer4() instanceof Layer4.Ports
                ? new Layer4.Ports(((Layer4.Ports) reply.layer4()).source(), 1024 + random.nextInt(64000))
                : reply.layer4();
            reply = Tuple.of(reply.source(), external, protocol, l4);
        }
        int status = Status.CONFIRMED.value();
        long timeout;
        ProtoInfo info = null;
        if (protocol.equals(Protocol.TCP)) {
            final int s = random.nextInt(100);
            final TcpState state = s < 80 ? TcpState.ESTABLISHED : s < 88 ? TcpState.TIME_WAIT
                : s < 94 ? TcpState.SYN_SENT : TcpState.CLOSE_WAIT;
            if (state != TcpState.SYN_SENT) {
                status |= Status.SEEN_REPLY.value() | Status.ASSURED.value();
            }
            timeout = state == TcpState.ESTABLISHED ? random.nextInt(432_000) : random.nextInt(120);
            final TcpFlags flags = new TcpFlags(TcpFlags.WINDOW_SCALE | TcpFlags.SACK_PERM
                | (random.nextBoolean() ? TcpFlags.DATA_UNACKNOWLEDGED : 0), 0);
            info = new ProtoInfo.Tcp(state, Option.some(7), Option.some(state == TcpState.SYN_SENT ? 0 : 9),
                Option.some(flags), Option.some(new TcpFlags(TcpFlags.WINDOW_SCALE | TcpFlags.SACK_PERM, 0)));
        } else {
            final boolean replied = random.nextInt(4) != 0;
            if (replied) {
                status |= Status.SEEN_REPLY.value() | (random.nextBoolean() ? Status.ASSURED.value() : 0);
            }
            timeout = protocol.equals(Protocol.UDP) ? random.nextInt(replied ? 120 : 30) : random.nextInt(30);
        }
        if (snat) {
            status |= Status.SRC_NAT.value() | Status.SRC_NAT_DONE.value();
        }
        final long packets = 1 + random.nextInt(100_000);
        final long replyPackets = (status & Status.SEEN_REPLY.value()) != 0 ? 1 + random.nextInt(200_000) : 0;
        return Flow.builder(original)
            .reply(reply)
            .status(new StatusBits(status))
            .mark(0L)
            .id(new FlowId(random.nextInt()))
            .use(1L)
            .timeout(timeout)
            .protoInfo(info)
            .countersOriginal(new Counters(packets, packets * (40 + random.nextInt(1400))))
            .countersReply(new Counters(replyPackets, replyPackets * (40 + random.nextInt(1400))))
            .timestamps(Timestamps.started(START_NANOS - random.nextLong(3_600_000_000_000L)))
            .build();
    }

    private static int port(final Protocol protocol, final SplittableRandom random) {
        final int p = random.nextInt(100);
        if (protocol.equals(Protocol.UDP)) {
            return p < 50 ? 53 : p < 70 ? 443 : p < 80 ? 123 : 1024 + random.nextInt(64000);
        }
        return p < 55 ? 443 : p < 75 ? 80 : p < 80 ? 22 : p < 85 ? 5432 : 1024 + random.nextInt(64000);
    }
}
