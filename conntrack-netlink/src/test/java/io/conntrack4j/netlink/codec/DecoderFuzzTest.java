package io.conntrack4j.netlink.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.conntrack4j.error.DecodeException;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationNat;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.control.Option;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Supplier;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of every decoder with Jazzer: {@link MessageReader} (each message decoded in every way it
 * can be: flow, event, expectation, statistics, errno, extended ack, and the {@link FlowView} flyweight with every
 * accessor), {@link RequestDecoder} and {@link CaptureFile#parse}. The only exception allowed is
 * {@link DecodeException}, with an offset inside the decoded bytes.
 *
 * <p>In a normal test run Jazzer replays the seed corpus in {@code DecoderFuzzTestInputs/} (regression mode), and
 * any crash files it wrote there. To fuzz for the annotation's 5 minutes (from the repository root; listing
 * conntrack-dsl in the reactor puts its classes, not the shared ~/.m2 jar, on the class path, so that another build
 * installing the jar mid-run cannot break class loading, and lets Jazzer instrument the model too):
 * <pre>
 * JAZZER_FUZZ=1 mvn -o -pl conntrack-dsl,conntrack-netlink -Dct4j.targetName=target-codec test \
 *     -Dtest='DecoderFuzzTest#decoders' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Jazzer keeps its generated corpus in {@code conntrack-netlink/.cifuzz-corpus/} (not to be committed) and writes a
 * crashing input to {@code DecoderFuzzTestInputs/decoders/crash-<sha1>}, where the normal test run replays it.
 * To regenerate the seed corpus: {@code -Dtest='DecoderFuzzTest#writeSeedCorpus' -Dct4j.writeSeeds=true}.
 */
class DecoderFuzzTest {
    static final String SEED_DIR = "src/test/resources/io/conntrack4j/netlink/codec/DecoderFuzzTestInputs";

    private static ByteBuffer direct = ByteBuffer.allocateDirect(1 << 13).order(ByteOrder.nativeOrder());

    @FuzzTest(maxDuration = "5m")
    void decoders(final byte[] data) {
        // as a datagram in a heap buffer (big-endian: the decoders take a native-order view of it)...
        decodeEverything(ByteBuffer.wrap(data));
        // ...and in a native-order direct buffer, after a prefix, so that offsets are absolute
        if (direct.capacity() < data.length + 8) {
            direct = ByteBuffer.allocateDirect(data.length + 8).order(ByteOrder.nativeOrder());
        }
        direct.clear().position(8);
        direct.put(data).flip().position(8);
        decodeEverything(direct);
        // as a capture file
        guard(ByteBuffer.wrap(data), () -> CaptureFile.parse(ByteBuffer.wrap(data)));
    }

    /**
     * Runs every decoder on the bytes from the buffer's position to its limit.
     *
     * @param buffer the bytes (not changed)
     * @return the number of messages walked
     * @throws AssertionError if a decoder throws anything but a {@link DecodeException} within the bytes
     */
    static int decodeEverything(final ByteBuffer buffer) {
        final ByteBuffer buf = buffer.duplicate().order(buffer.order());
        final MessageReader reader = new MessageReader();
        final FlowView view = new FlowView();
        final RequestDecoder requests = new RequestDecoder();
        int messages = 0;
        try {
            reader.wrap(buf);
            while (reader.next()) {
                messages++;
                final int at = reader.offset();
                final int length = reader.length();
                if (at < buf.position() || length < NLMSG_HDRLEN || at + length > buf.limit()) {
                    throw new AssertionFailedError("message outside the buffer: offset " + at + " length " + length);
                }
                reader.type();
                reader.flags();
                reader.seq();
                reader.portId();
                reader.isDone();
                reader.isError();
                guard(buf, reader::family);
                guard(buf, reader::version);
                guard(buf, reader::resId);
                guard(buf, reader::errno);
                guard(buf, reader::extAckMessage);
                guard(buf, reader::extAckOffset);
                guard(buf, reader::flow);
                guard(buf, reader::event);
                guard(buf, reader::expectation);
                guard(buf, reader::cpuStats);
                guard(buf, reader::globalStats);
                guard(buf, reader::expectationStats);
                guard(buf, () -> {
                    reader.view(view);
                    readEveryAccessor(buf, view);
                    return null;
                });
                guard(buf, () -> requests.decode(buf, at, length));
            }
        } catch (final DecodeException e) {
            checkOffset(buf, e);
        }
        // the whole buffer as one request, and as one conntrack message
        guard(buf, () -> requests.decode(buf, buf.position(), buf.remaining()));
        guard(buf, () -> {
            final ByteBuffer nat = buf.order() == ByteOrder.nativeOrder() ? buf
                : buf.duplicate().order(ByteOrder.nativeOrder());
            view.wrap(nat, nat.position(), nat.remaining());
            readEveryAccessor(nat, view);
            return null;
        });
        return messages;
    }

    /** Calls every accessor of the view, each on its own (one failing must not hide another). */
    static void readEveryAccessor(final ByteBuffer buf, final FlowView v) {
        for (int t = -1; t <= 40; t++) {
            final int type = t;
            guard(buf, () -> v.has(type));
        }
        final byte[] address = new byte[16];
        final Supplier<?>[] accessors = {v::family, v::messageType, v::messageFlags, v::status, v::mark, v::timeout,
            v::use, v::id, v::zone, v::protocol, v::originalSourcePort, v::originalDestinationPort,
            v::replySourcePort, v::replyDestinationPort, v::icmpType, v::originalSourceV4, v::originalDestinationV4,
            v::replySourceV4, v::replyDestinationV4, () -> v.copyOriginalAddress(true, address),
            () -> v.copyOriginalAddress(false, address), v::originalPackets, v::originalBytes, v::replyPackets,
            v::replyBytes, v::startNanos, v::tcpState};
        for (final Supplier<?> a : accessors) {
            guard(buf, a);
        }
        // and again in another order: the lazily indexed nests must not depend on the order of first use
        for (int i = accessors.length - 1; i >= 0; i--) {
            guard(buf, accessors[i]);
        }
    }

    /**
     * @return the supplier's value, or null after a {@link DecodeException} whose offset lies within the buffer's
     *     bytes; any other exception propagates
     */
    static <T> T guard(final ByteBuffer buf, final Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (final DecodeException e) {
            checkOffset(buf, e);
            return null;
        }
    }

    static void checkOffset(final ByteBuffer buf, final DecodeException e) {
        final int offset = e.offset();
        final boolean inside = offset >= buf.position() && offset < buf.limit();
        final boolean emptyInput = buf.position() == buf.limit() && offset == buf.position();
        if (!inside && !emptyInput) {
            throw new AssertionFailedError("DecodeException offset " + offset + " outside the bytes ["
                + buf.position() + ", " + buf.limit() + "): " + e.getMessage(), e);
        }
    }

    // ---- seed corpus

    /** The seed files must exist and hold what they claim: valid kernel and request messages that decode cleanly. */
    @Test
    void seedCorpusIsPresentAndDecodesCleanly() throws IOException {
        final Map<String, byte[]> seeds = seeds();
        for (final Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            final Path file = Paths.get(SEED_DIR, seed.getKey());
            assertThat(file).as("seed file; regenerate with -Dct4j.writeSeeds=true").exists();
            assertThat(Files.readAllBytes(file)).as(seed.getKey()).isEqualTo(seed.getValue());
        }
        assertThat(decodeEverything(ByteBuffer.wrap(seeds.get("golden-5.2-5.3-dump-datagram.bin")))).isEqualTo(2);
        final MessageReader r = new MessageReader().wrap(ByteBuffer.wrap(seeds.get("golden-5.2-5.3-dump-datagram.bin")));
        assertThat(r.next()).isTrue();
        assertThat(r.flow().mark()).contains(42L);
        assertThat(r.next()).isTrue();
        assertThat(r.flow().original().destinationPort()).contains(443);
        final MessageReader e = new MessageReader().wrap(ByteBuffer.wrap(seeds.get("golden-5.10-new-event.bin")));
        assertThat(e.next()).isTrue();
        assertThat(e.event().portId()).isEqualTo(10899);
    }

    /** Writes the seed corpus; run explicitly with {@code -Dct4j.writeSeeds=true} from the module directory. */
    @Test
    @EnabledIfSystemProperty(named = "ct4j.writeSeeds", matches = "true")
    void writeSeedCorpus() throws IOException {
        final Path dir = Paths.get(SEED_DIR);
        Files.createDirectories(dir);
        for (final Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }

    /** @return the seed inputs by file name: the reference's golden messages and KernelMessages/RequestEncoder output */
    static Map<String, byte[]> seeds() {
        final Map<String, byte[]> seeds = new LinkedHashMap<>();
        final byte[] udp = Hex.bytes(GOLDEN_5_2);
        final byte[] tcp = Hex.bytes(GOLDEN_5_3);
        final byte[] done = Hex.bytes(GOLDEN_5_3_DONE);
        seeds.put("golden-5.2-udp-dump-entry.bin", udp);
        seeds.put("golden-5.3-tcp-dump-entry.bin", tcp);
        seeds.put("golden-5.3-done.bin", done);
        seeds.put("golden-5.2-5.3-dump-datagram.bin", concat(udp, tcp));
        seeds.put("golden-5.10-new-event.bin", Hex.bytes(GOLDEN_5_10_NEW));
        seeds.put("golden-5.10-destroy-event.bin", Hex.bytes(GOLDEN_5_10_DESTROY));
        seeds.put("golden-5.10-events-datagram.bin", concat(Hex.bytes(GOLDEN_5_10_NEW), Hex.bytes(GOLDEN_5_10_DESTROY)));

        // KernelMessages output: every kind of message, from fixed QuickTheories-free examples
        final DatagramGen.Writer dump = new DatagramGen.Writer();
        final Flow tcpFlow = flowOf(tcp);
        final Flow udpFlow = flowOf(udp);
        dump.dumpEntry(udpFlow, NLM_F_MULTI, 7, 100);
        dump.dumpEntry(tcpFlow, NLM_F_MULTI | NLM_F_DUMP_FILTERED, 7, 100);
        dump.done(7, 100);
        seeds.put("kernel-dump-with-done.bin", dump.finish().bytes());

        final Flow rich = tcpFlow.toBuilder()
            .zone(5).labels(Labels.of(0, 3, 127)).helper("ftp").secctx("system_u:object_r")
            .master(tcpFlow.original()).seqAdjOriginal(new SeqAdjustment(1, 2, 3))
            .seqAdjReply(new SeqAdjustment(4, 5, 6)).secmark(9L)
            .timestamps(new Timestamps(Option.some(1L),
                Option.some(2L)))
            .build();
        final DatagramGen.Writer events = new DatagramGen.Writer();
        events.event(rich, CT_NEW, NLM_F_CREATE | NLM_F_EXCL, 4242, 1795742415503452379L);
        events.event(rich, CT_NEW, 0, 0, null);
        events.event(udpFlow, CT_DELETE, 0, 0, 1795742415503452379L);
        seeds.put("kernel-events.bin", events.finish().bytes());

        final Tuple ftp = Tuple.tcp("10.0.0.1", "10.0.0.2", 0, 20);
        final Expectation x = new Expectation(ftp,
            Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 65535),
            Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 21), Option.some(300L), 0,
            5, Option.some(0L), Option.some("ftp"),
            Option.some(new ExpectationNat(1, ftp)),
            Option.some("ftp-data"), Option.some(new FlowId(77)));
        final DatagramGen.Writer exp = new DatagramGen.Writer();
        exp.expectation(x, 9, 100);
        exp.done(9, 100);
        seeds.put("kernel-expectation-dump.bin", exp.finish().bytes());

        final DatagramGen.Writer stats = new DatagramGen.Writer();
        stats.globalStats(new GlobalStats(2, 262144), 3, 100);
        stats.cpuStats(new CpuStats(1, io.vavr.collection.LinkedHashMap.of(
            CpuCounter.FOUND, 3L, CpuCounter.INVALID, 1L,
            CpuCounter.INSERT, 0L, CpuCounter.CHAIN_TOOLONG, 0L)), 4, 100);
        stats.expectationStats(1, 2L, 3, 4, 5, 100);
        stats.done(4, 100);
        seeds.put("kernel-stats.bin", stats.finish().bytes());

        // requests (RequestDecoder), and ACK / extended-ack errors echoing them
        final DatagramGen.Writer reqs = new DatagramGen.Writer();
        final Request create = CreateFlow.of(rich.toBuilder().timeout(120L).secctx(null)
            .use(null).id(null).countersOriginal(null).countersReply(null).timestamps(null).secmark(null).build())
            .withDestinationNat(NatRange.to(IpAddress.parse("8.8.8.8"), 80));
        reqs.request(create, 1);
        reqs.request(DeleteFlow.of(tcpFlow), 2);
        reqs.request(new DumpFlows(FlowTable.CONNTRACK,
            new KernelFilter(Option.some(Family.IPV4),
                Option.some(new MarkMatch(42, 0xff)),
                Option.some(new StatusMatch(4, 4)), Option.some(3),
                Option.some(new TupleFilter(
                    Option.some(IpAddress.parse("10.0.0.1")),
                    Option.none(), Option.some(Protocol.TCP),
                    Option.none(), Option.some(443), Option.none(),
                    Option.none(), Option.none())),
                Option.none()), false), 3);
        reqs.request(UpdateFlow.of(tcpFlow, FlowUpdate.none().mark(1, 0xf)
            .timeout(10).setStatus(Status.ASSURED).addLabels(1).removeLabels(2)
            .tcpState(TcpState.CLOSE)), 4);
        final byte[] requestBytes = reqs.finish().bytes();
        seeds.put("requests.bin", requestBytes);
        final ByteBuffer first = ByteBuffer.wrap(requestBytes).order(ByteOrder.nativeOrder());
        first.limit(first.getInt(0));
        final DatagramGen.Writer acks = new DatagramGen.Writer();
        acks.ack(0, first, 100);
        acks.ack(17, first, 100);
        acks.extAckError(34, first, true, "Attribute failed policy validation", 0x14, 100);
        acks.extAckError(22, first, false, "bad", 0x30, 100);
        seeds.put("kernel-acks-and-errors.bin", acks.finish().bytes());
        return seeds;
    }

    private static Flow flowOf(final byte[] message) {
        final MessageReader r = new MessageReader().wrap(ByteBuffer.wrap(message));
        r.next();
        return r.flow();
    }

    static byte[] concat(final byte[]... parts) {
        final byte[] out = new byte[Stream.of(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (final byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static String hex(final byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    // ---- golden messages of the reference (§5.2, §5.3, §5.10), x86_64 byte order

    /** §5.2: dump reply, UDP flow (192 bytes). */
    static final String GOLDEN_5_2 = GoldenMessagesTest.DUMP_REPLY_UDP;

    /** §5.3: dump reply, TCP flow with counters and timestamp (312 bytes). */
    static final String GOLDEN_5_3 = GoldenMessagesTest.DUMP_REPLY_TCP;

    /** §5.3: the NLMSG_DONE that ends the dump. */
    static final String GOLDEN_5_3_DONE = GoldenMessagesTest.DONE;

    /**
     * §5.10: NEW event of {@code conntrack -I} (184 bytes). The reference prints the header and the offsets of each
     * attribute; the tuples (10.9.9.1:7 -> 10.9.9.2:8 udp and its inverse) and the zero SYNPROXY nest are written
     * out here in the kernel's layout, as in §5.2.
     */
    static final String GOLDEN_5_10_NEW = """
        0000  b8 00 00 00 00 01 00 06  00 00 00 00 93 2a 00 00
        0010  02 00 00 00 34 00 01 80  14 00 01 80 08 00 01 00
        0020  0a 09 09 01 08 00 02 00  0a 09 09 02 1c 00 02 80
        0030  05 00 01 00 11 00 00 00  06 00 02 00 00 07 00 00
        0040  06 00 03 00 00 08 00 00  34 00 02 80 14 00 01 80
        0050  08 00 01 00 0a 09 09 02  08 00 02 00 0a 09 09 01
        0060  1c 00 02 80 05 00 01 00  11 00 00 00 06 00 02 00
        0070  00 08 00 00 06 00 03 00  00 07 00 00 08 00 0c 00
        0080  6b 58 23 85 08 00 03 00  00 00 00 08 08 00 07 00
        0090  00 00 00 1e 1c 00 18 80  08 00 01 00 00 00 00 00
        00a0  08 00 02 00 00 00 00 00  08 00 03 00 00 00 00 00
        00b0  08 00 08 00 00 00 00 00
        """;

    /** §5.10: DESTROY event (148 bytes): ORIG, REPLY, ID, STATUS CONFIRMED|DYING, TIMEOUT 29. */
    static final String GOLDEN_5_10_DESTROY = """
        0000  94 00 00 00 02 01 00 00  00 00 00 00 1e 8e 96 93
        0010  02 00 00 00 34 00 01 80  14 00 01 80 08 00 01 00
        0020  0a 09 09 01 08 00 02 00  0a 09 09 02 1c 00 02 80
        0030  05 00 01 00 11 00 00 00  06 00 02 00 00 07 00 00
        0040  06 00 03 00 00 08 00 00  34 00 02 80 14 00 01 80
        0050  08 00 01 00 0a 09 09 02  08 00 02 00 0a 09 09 01
        0060  1c 00 02 80 05 00 01 00  11 00 00 00 06 00 02 00
        0070  00 08 00 00 06 00 03 00  00 07 00 00 08 00 0c 00
        0080  6b 58 23 85 08 00 03 00  00 00 02 08 08 00 07 00
        0090  00 00 00 1d
        """;
}
