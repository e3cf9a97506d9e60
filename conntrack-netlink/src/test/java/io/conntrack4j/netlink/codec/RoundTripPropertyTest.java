package io.conntrack4j.netlink.codec;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

/**
 * Round trips of the codec, {@value #EXAMPLES} QuickTheories examples each (a failure is shrunk and printed with
 * every attribute of the generated value):
 * <ul>
 *   <li>kernel messages: {@code MessageReader.flow(KernelMessages.flow(f)) = f}, likewise for events, expectations
 *       and statistics, and the {@link FlowView} flyweight reads the same values as the object decoder;</li>
 *   <li>canonical bytes: re-encoding what was decoded from {@link KernelMessages} output gives the same bytes;</li>
 *   <li>requests, every type the encoder writes: {@code encode(decode(encode(r))) = encode(r)} byte for byte, and
 *       {@code decode(encode(r))} equals r after the decoder's documented normalisation ({@link #normalise}); the
 *       number of examples that came back exactly equal is printed per type.</li>
 * </ul>
 */
class RoundTripPropertyTest {
    static final int EXAMPLES = 1000;
    /** QuickTheories skips a few duplicate draws of small domains: ask for more to get at least EXAMPLES. */
    static final int RUNS = EXAMPLES + EXAMPLES / 10;
    private static final Map<String, long[]> COUNTS = new LinkedHashMap<>();

    private static long[] counter(final String property) {
        synchronized (COUNTS) {
            return COUNTS.computeIfAbsent(property, k -> new long[2]);
        }
    }

    @AfterAll
    static void printCounts() {
        COUNTS.forEach((property, c) -> System.out.printf("round trip %-45s %6d examples %6d exactly equal%n",
            property, c[0], c[1]));
    }

    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.nativeOrder());
    private final KernelMessages kernel = new KernelMessages();
    private final MessageReader reader = new MessageReader();
    private final FlowView view = new FlowView();
    private final RequestEncoder encoder = new RequestEncoder();
    private final RequestDecoder decoder = new RequestDecoder();

    private byte[] bytes(final int length) {
        return Arrays.copyOf(buffer.array(), length);
    }

    private MessageReader read(final byte[] message) {
        reader.wrap(ByteBuffer.wrap(message));
        assertThat(reader.next()).isTrue();
        return reader;
    }

    // ---- (a) and (c): kernel messages

    @Test
    void flowsRoundTripThroughKernelMessages() {
        final long[] count = counter("flow: decode(encode(f)) = f, canonical bytes");
        qt().withExamples(RUNS).forAll(CodecGen.flows().describedAs(CodecGen::describe)).checkAssert(f -> {
            count[0]++;
            buffer.clear();
            final int length = kernel.wrap(buffer).flow(f, NLM_F_MULTI, 0x6b08dad3, 10340);
            final byte[] encoded = bytes(length);
            final MessageReader r = read(encoded);
            assertThat(r.type()).isEqualTo(CT_NEW);
            assertThat(r.flags()).isEqualTo(NLM_F_MULTI);
            assertThat(r.seq()).isEqualTo(0x6b08dad3);
            assertThat(r.portId()).isEqualTo(10340);
            assertThat(r.family()).isEqualTo(f.family().number());
            final Flow decoded = r.flow();
            assertThat(CodecGen.describe(decoded)).isEqualTo(CodecGen.describe(f));
            assertThat(decoded).isEqualTo(f);
            assertThat(r.next()).isFalse();
            // (c) canonical bytes: encoding the decoded flow again gives the kernel-shaped bytes exactly
            buffer.clear();
            final int again = kernel.wrap(buffer).flow(decoded, NLM_F_MULTI, 0x6b08dad3, 10340);
            assertThat(HexFormat.of().formatHex(bytes(again))).isEqualTo(HexFormat.of().formatHex(encoded));
            count[1]++;
        });
        assertThat(count[0]).isGreaterThanOrEqualTo(EXAMPLES);
    }

    @Test
    void eventsRoundTrip() {
        final long[] count = counter("event: decode(encode(e)) = e");
        final Gen<Object[]> events = in -> new Object[] {CodecGen.flows().generate(in),
            CodecGen.range(0, 2).generate(in), CodecGen.range(0, Integer.MAX_VALUE).generate(in),
            CodecGen.option(50, CodecGen.anyLong()).generate(in)};
        qt().withExamples(RUNS).forAll(events.describedAs(e -> CodecGen.describe((Flow) e[0]) + " kind=" + e[1]
            + " pid=" + e[2] + " ts=" + e[3])).checkAssert(e -> {
                count[0]++;
                final Flow f = (Flow) e[0];
                final int kind = (Integer) e[1];
                final int pid = (Integer) e[2];
                @SuppressWarnings("unchecked") final Option<Long> ts = (Option<Long>) e[3];
                final DatagramGen.Writer w = new DatagramGen.Writer();
                w.event(f, kind == 2 ? CT_DELETE : CT_NEW, kind == 0 ? NLM_F_CREATE | NLM_F_EXCL : 0, pid,
                    ts.getOrNull());
                final FlowEvent event = read(w.finish().bytes()).event();
                final EventType type = kind == 0 ? EventType.NEW : kind == 1 ? EventType.UPDATE : EventType.DESTROY;
                assertThat(event).isEqualTo(new FlowEvent(type, f, pid, ts));
                count[1]++;
            });
        assertThat(count[0]).isGreaterThanOrEqualTo(EXAMPLES);
    }

    @Test
    void expectationsRoundTripWithCanonicalBytes() {
        final long[] count = counter("expectation: decode(encode(x)) = x, bytes");
        qt().withExamples(RUNS).forAll(CodecGen.expectations(80)).checkAssert(x -> {
            count[0]++;
            buffer.clear();
            final byte[] encoded = bytes(kernel.wrap(buffer).expectation(x, NLM_F_MULTI, 1, 2));
            final Expectation decoded = read(encoded).expectation();
            assertThat(decoded).isEqualTo(x);
            buffer.clear();
            assertThat(bytes(kernel.wrap(buffer).expectation(decoded, NLM_F_MULTI, 1, 2))).isEqualTo(encoded);
            count[1]++;
        });
        assertThat(count[0]).isGreaterThanOrEqualTo(EXAMPLES);
    }

    @Test
    void statisticsRoundTrip() {
        final long[] count = counter("cpu and global statistics");
        qt().withExamples(RUNS).forAll(CodecGen.cpuStats(), CodecGen.globalStats()).checkAssert((cpu, global) -> {
            count[0]++;
            buffer.clear();
            final byte[] c = bytes(kernel.wrap(buffer).cpuStats(cpu, 1, 2));
            final CpuStats decodedCpu = read(c).cpuStats();
            assertThat(decodedCpu).isEqualTo(cpu);
            assertThat(decodedCpu.counters().toList()).isEqualTo(cpu.counters().toList());
            buffer.clear();
            final GlobalStats decodedGlobal = read(bytes(kernel.wrap(buffer).globalStats(global, 1, 2))).globalStats();
            assertThat(decodedGlobal).isEqualTo(global);
            count[1]++;
        });
        assertThat(count[0]).isGreaterThanOrEqualTo(EXAMPLES);
    }

    /** The flyweight and the object decoder agree on every value the flyweight exposes. */
    @Test
    void flowViewAgreesWithTheObjectDecoder() {
        final long[] count = counter("FlowView reads what flow() reads");
        qt().withExamples(RUNS).forAll(CodecGen.flows().describedAs(CodecGen::describe)).checkAssert(f -> {
            count[0]++;
            buffer.clear();
            final byte[] encoded = bytes(kernel.wrap(buffer).flow(f, NLM_F_MULTI, 1, 2));
            final FlowView v = read(encoded).view(view);
            final Flow d = reader.flow();
            assertThat(v.family()).isEqualTo(d.family().number());
            assertThat(v.messageType()).isEqualTo(CT_NEW);
            assertThat(v.messageFlags()).isEqualTo(NLM_F_MULTI);
            assertThat(v.status()).isEqualTo(d.status().map(s -> s.value() & 0xFFFF_FFFFL).getOrElse(-1L));
            assertThat(v.mark()).isEqualTo(d.mark().getOrElse(-1L));
            assertThat(v.timeout()).isEqualTo(d.timeout().getOrElse(-1L));
            assertThat(v.use()).isEqualTo(d.use().getOrElse(-1L));
            assertThat(v.id()).isEqualTo(d.id().map(i -> i.unsigned()).getOrElse(-1L));
            assertThat(v.zone()).isEqualTo(d.zone());
            assertThat(v.protocol()).isEqualTo(d.protocol().number());
            assertThat(v.originalSourcePort()).isEqualTo(d.original().sourcePort().getOrElse(-1));
            assertThat(v.originalDestinationPort()).isEqualTo(d.original().destinationPort().getOrElse(-1));
            assertThat(v.replySourcePort()).isEqualTo(d.reply().flatMap(Tuple::sourcePort).getOrElse(-1));
            assertThat(v.replyDestinationPort()).isEqualTo(d.reply().flatMap(Tuple::destinationPort).getOrElse(-1));
            assertThat(v.icmpType()).isEqualTo(d.original().icmp().map(Layer4.Icmp::type).getOrElse(-1));
            if (d.family() == io.conntrack4j.model.Family.IPV4) {
                assertThat(v.originalSourceV4()).isEqualTo(d.original().source().v4Bits());
                assertThat(v.originalDestinationV4()).isEqualTo(d.original().destination().v4Bits());
                assertThat(v.replySourceV4()).isEqualTo(d.reply().map(t -> t.source().v4Bits()).getOrElse(0));
                assertThat(v.replyDestinationV4()).isEqualTo(d.reply().map(t -> t.destination().v4Bits()).getOrElse(0));
            }
            final byte[] address = new byte[16];
            final int n = v.copyOriginalAddress(true, address);
            assertThat(Arrays.copyOf(address, n)).isEqualTo(d.original().source().toBytes());
            assertThat(Arrays.copyOf(address, v.copyOriginalAddress(false, address)))
                .isEqualTo(d.original().destination().toBytes());
            assertThat(v.originalPackets()).isEqualTo(d.countersOriginal().map(c -> c.packets()).getOrElse(-1L));
            assertThat(v.originalBytes()).isEqualTo(d.countersOriginal().map(c -> c.bytes()).getOrElse(-1L));
            assertThat(v.replyPackets()).isEqualTo(d.countersReply().map(c -> c.packets()).getOrElse(-1L));
            assertThat(v.replyBytes()).isEqualTo(d.countersReply().map(c -> c.bytes()).getOrElse(-1L));
            assertThat(v.startNanos()).isEqualTo(d.timestamps().flatMap(t -> t.startNanos()).getOrElse(-1L));
            assertThat(v.tcpState()).isEqualTo(d.tcpState().map(s -> s.value()).getOrElse(-1));
            for (int type = 1; type < 28; type++) {
                assertThat(v.has(type)).as("has(%d)", type).isEqualTo(hasAttribute(encoded, type));
            }
            count[1]++;
        });
        assertThat(count[0]).isGreaterThanOrEqualTo(EXAMPLES);
    }

    private static boolean hasAttribute(final byte[] message, final int type) {
        final ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
        for (int at = NLMSG_HDRLEN + NFGEN_HDRLEN; at + NLA_HDRLEN <= message.length;
             at += Wire.align4(b.getShort(at) & 0xFFFF)) {
            if ((b.getShort(at + 2) & NLA_TYPE_MASK) == type) {
                return true;
            }
        }
        return false;
    }

    @Test
    void captureFilesRoundTrip() throws Exception {
        final long[] count = counter("capture file: read(write(datagrams))");
        final Path file = Files.createTempFile("ct4j", ".cap");
        try {
            qt().withExamples(200).forAll(DatagramGen.kernelDatagrams()).checkAssert(d -> {
                count[0]++;
                try (CaptureFile.Writer w = CaptureFile.Writer.create(file)) {
                    w.append(ByteBuffer.wrap(d.bytes()));
                    w.append(ByteBuffer.wrap(d.bytes()));
                    assertThat(w.size()).isEqualTo(CaptureFile.HEADER_SIZE + 2L * d.bytes().length);
                } catch (final java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                final ByteBuffer read;
                try {
                    read = CaptureFile.read(file);
                } catch (final java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertThat(read.position()).isEqualTo(CaptureFile.HEADER_SIZE);
                final byte[] body = new byte[read.remaining()];
                read.duplicate().get(body);
                assertThat(body).isEqualTo(DecoderFuzzTest.concat(d.bytes(), d.bytes()));
                final MessageReader r = new MessageReader().wrap(read);
                int n = 0;
                while (r.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(2 * d.messages().size());
                count[1]++;
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- (b) requests

    /** One property per request type, {@value #EXAMPLES} examples each. */
    @TestFactory
    Stream<DynamicTest> requestsRoundTrip() {
        final Map<String, Gen<? extends Request>> types = new LinkedHashMap<>(CodecGen.requestsByType());
        types.put("CreateFlow (any flow: unsent attributes dropped)", in -> {
            final Flow f = CodecGen.flows().generate(in);
            final Flow creatable = f.toBuilder().timeout(f.timeout().getOrElse(1L))
                .reply(f.reply().isDefined() ? f.reply().get() : CodecGen.tuple(f.family(), f.protocol()).generate(in))
                .status(f.status().map(s -> new StatusBits(s.value() & ~(Status.EXPECTED.value()
                    | Status.DYING.value()))).getOrNull()).build();
            return new CreateFlow(creatable, CodecGen.option(30, CodecGen.natRange(f.family())).generate(in),
                CodecGen.option(30, CodecGen.natRange(f.family())).generate(in), CodecGen.BOOL.generate(in));
        });
        return types.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
            () -> requestRoundTrip(e.getKey(), e.getValue())));
    }

    private void requestRoundTrip(final String name, final Gen<? extends Request> gen) {
        final long[] count = counter("request " + name);
        final Gen<Request> requests = gen.map(r -> (Request) r);
        qt().withExamples(RUNS).forAll(requests.describedAs(CodecGen::describe), CodecGen.range(0, 1 << 30))
            .checkAssert((r, seq) -> {
                count[0]++;
                final byte[] encoded = encode(r, seq);
                final Request decoded = decoder.decode(ByteBuffer.wrap(encoded), 0, encoded.length);
                assertThat(HexFormat.of().formatHex(encode(decoded, seq))).as("encode(decode(encode(r)))")
                    .isEqualTo(HexFormat.of().formatHex(encoded));
                assertThat(CodecGen.describe(decoded)).as("decode(encode(r))")
                    .isEqualTo(CodecGen.describe(normalise(r)));
                assertThat(decoded).isEqualTo(normalise(r));
                if (decoded.equals(r)) {
                    count[1]++;
                }
            });
        assertThat(count[0]).isGreaterThanOrEqualTo(EXAMPLES);
    }

    /**
     * A tuple filter address of the other family would be written under the filter family's attribute type (an
     * IPv6 address as a 16-byte CTA_IP_V4_SRC, of which the kernel reads 4 bytes): the model refuses to build such
     * a filter, so nothing can reach the encoder.
     */
    @Test
    void tupleFilterAddressOfTheOtherFamilyIsRefused() {
        final io.conntrack4j.spi.TupleFilter v6Source = new io.conntrack4j.spi.TupleFilter(
            Option.some(io.conntrack4j.model.IpAddress.parse("2001:db8::1")), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.none(), Option.none(), Option.none());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KernelFilter(
                Option.some(io.conntrack4j.model.Family.IPV4), Option.none(), Option.none(), Option.none(),
                Option.some(v6Source), Option.none()))
            .isInstanceOf(io.conntrack4j.error.InvalidValueException.class).hasMessageContaining("ipv6");
    }

    private byte[] encode(final Request r, final int seq) {
        buffer.clear();
        final int length = encoder.encode(r, seq, buffer);
        assertThat(buffer.position()).isEqualTo(length);
        assertThat(buffer.getInt(0)).as("nlmsg_len").isEqualTo(length);
        return bytes(length);
    }

    /**
     * What the decoder gives back for a request, as its documentation says:
     * <ul>
     *   <li>UpdateFlow: the status sent is {@code (current & (EXPECTED|SEEN_REPLY|ASSURED|FIXED_TIMEOUT|HELPER)) |
     *       toSet | CONFIRMED}, which decodes as toSet = the settable bits sent, current = the rest (EXPECTED); with
     *       nothing to set no status is sent and the current status is unknown (NONE);</li>
     *   <li>CreateFlow: the attributes a create does not carry (counters, timestamps, use, id, secctx, secmark) are
     *       absent; a NAT port range without a maximum has maximum = minimum;</li>
     *   <li>FlushFlows with only a family is FlushAll of that family;</li>
     *   <li>a tuple filter without any field is no tuple filter.</li>
     * </ul>
     */
    static Request normalise(final Request r) {
        if (r instanceof UpdateFlow) {
            final UpdateFlow u = (UpdateFlow) r;
            final FlowUpdate c = u.changes();
            final int set = c.statusToSet().value();
            if (set == 0) {
                return new UpdateFlow(u.tuple(), u.zone(), StatusBits.NONE, c);
            }
            final int current = u.currentStatus().value();
            return new UpdateFlow(u.tuple(), u.zone(), new StatusBits(current & Status.EXPECTED.value()),
                new FlowUpdate(c.mark(), c.timeout(), new StatusBits((current & Status.SETTABLE) | set),
                    c.labelsToAdd(), c.labelsToRemove(), c.tcpState()));
        }
        if (r instanceof CreateFlow) {
            final CreateFlow c = (CreateFlow) r;
            final Flow f = c.flow().toBuilder().countersOriginal(null).countersReply(null).timestamps(null)
                .use(null).id(null).secctx(null).secmark(null).build();
            return new CreateFlow(f, c.sourceNat().map(RoundTripPropertyTest::normalise),
                c.destinationNat().map(RoundTripPropertyTest::normalise), c.replaceExisting());
        }
        if (r instanceof DumpFlows) {
            final DumpFlows d = (DumpFlows) r;
            return new DumpFlows(d.table(), normalise(d.filter()), d.zeroCounters());
        }
        if (r instanceof FlushFlows) {
            final KernelFilter f = normalise(((FlushFlows) r).filter());
            if (f.family().isDefined() && f.equals(KernelFilter.of(f.family().get()))) {
                return new FlushAll(f.family());
            }
            return new FlushFlows(f);
        }
        return r;
    }

    private static NatRange normalise(final NatRange n) {
        return new NatRange(n.minAddress(), n.maxAddress(), n.minPort(),
            n.minPort().isDefined() ? n.maxPort().orElse(n.minPort()) : n.maxPort());
    }

    private static KernelFilter normalise(final KernelFilter f) {
        return new KernelFilter(f.family(), f.mark(), f.status(), f.zone(), f.original().filter(t -> !t.isEmpty()),
            f.reply().filter(t -> !t.isEmpty()));
    }
}
