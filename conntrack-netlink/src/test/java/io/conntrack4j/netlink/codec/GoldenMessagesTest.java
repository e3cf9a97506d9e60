package io.conntrack4j.netlink.codec;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annotated messages of the reference (ctnetlink-and-cli.md §5), captured from conntrack 1.4.7 on kernel 6.18:
 * each reply decodes to the documented values and re-encodes to the same bytes; each request the library can
 * express encodes to the captured bytes (padding zeroed: libmnl leaves garbage there).
 */
class GoldenMessagesTest {
    static final int SEQ_LIST = 0x6b08dad3;
    static final int SEQ_OPS = 0x6b08dada;

    /** §5.2/§5.4: CTA_TUPLE_ORIG of the UDP flow 10.1.1.1:5353 → 10.2.2.2:53. */
    static final String UDP_ORIG = "34 00 01 80 14 00 01 80 08 00 01 00 0a 01 01 01 08 00 02 00 0a 02 02 02"
        + " 1c 00 02 80 05 00 01 00 11 00 00 00 06 00 02 00 14 e9 00 00 06 00 03 00 00 35 00 00";
    /** §5.2: CTA_TUPLE_REPLY of the same flow. */
    static final String UDP_REPLY = "34 00 02 80 14 00 01 80 08 00 01 00 0a 02 02 02 08 00 02 00 0a 01 01 01"
        + " 1c 00 02 80 05 00 01 00 11 00 00 00 06 00 02 00 00 35 00 00 06 00 03 00 14 e9 00 00";

    static final String DUMP_REPLY_UDP = """
        0000  c0 00 00 00 00 01 02 00  d3 da 08 6b 64 28 00 00
        0010  02 00 00 00 34 00 01 80  14 00 01 80 08 00 01 00
        0020  0a 01 01 01 08 00 02 00  0a 02 02 02 1c 00 02 80
        0030  05 00 01 00 11 00 00 00  06 00 02 00 14 e9 00 00
        0040  06 00 03 00 00 35 00 00  34 00 02 80 14 00 01 80
        0050  08 00 01 00 0a 02 02 02  08 00 02 00 0a 01 01 01
        0060  1c 00 02 80 05 00 01 00  11 00 00 00 06 00 02 00
        0070  00 35 00 00 06 00 03 00  14 e9 00 00 08 00 03 00
        0080  00 00 00 08 08 00 08 00  00 00 00 2a 08 00 0c 00
        0090  ac 22 1f 00 08 00 0b 00  00 00 00 01 08 00 07 00
        00a0  00 00 00 73 1c 00 18 80  08 00 01 00 00 00 00 00
        00b0  08 00 02 00 00 00 00 00  08 00 03 00 00 00 00 00
        """;

    static final String DUMP_REPLY_TCP = """
        0000  38 01 00 00 00 01 02 00  d3 da 08 6b 64 28 00 00
        0010  02 00 00 00 34 00 01 80  14 00 01 80 08 00 01 00
        0020  c0 a8 01 0a 08 00 02 00  c0 a8 01 14 1c 00 02 80
        0030  05 00 01 00 06 00 00 00  06 00 02 00 9c 40 00 00
        0040  06 00 03 00 01 bb 00 00  34 00 02 80 14 00 01 80
        0050  08 00 01 00 c0 a8 01 14  08 00 02 00 c0 a8 01 0a
        0060  1c 00 02 80 05 00 01 00  06 00 00 00 06 00 02 00
        0070  01 bb 00 00 06 00 03 00  9c 40 00 00 08 00 03 00
        0080  00 00 00 0e 08 00 08 00  00 00 00 00 08 00 0c 00
        0090  b4 84 a2 44 08 00 0b 00  00 00 00 01 08 00 07 00
        00a0  00 00 01 27 30 00 04 80  2c 00 01 80 05 00 01 00
        00b0  03 00 00 00 05 00 02 00  00 00 00 00 05 00 03 00
        00c0  00 00 00 00 06 00 04 00  0a 00 00 00 06 00 05 00
        00d0  0a 00 00 00 1c 00 09 80  0c 00 01 00 00 00 00 00
        00e0  00 00 00 00 0c 00 02 00  00 00 00 00 00 00 00 00
        00f0  1c 00 0a 80 0c 00 01 00  00 00 00 00 00 00 00 00
        0100  0c 00 02 00 00 00 00 00  00 00 00 00 10 00 14 80
        0110  0c 00 01 00 18 eb c2 36  70 2f 68 db 1c 00 18 80
        0120  08 00 01 00 00 00 00 00  08 00 02 00 00 00 00 00
        0130  08 00 03 00 00 00 00 00
        """;

    static final String DONE = "14 00 00 00 03 00 02 00 d3 da 08 6b 64 28 00 00 00 00 00 00";

    private static Flow udpFlow() {
        final Tuple orig = Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53);
        return Flow.builder(orig).reply(orig.inverse()).status(new StatusBits(0x8)).mark(42L)
            .id(new FlowId(0xac221f00)).use(1L).timeout(115L).synproxy(Synproxy.ZERO).build();
    }

    private static Flow tcpFlow() {
        final Tuple orig = Tuple.tcp("192.168.1.10", "192.168.1.20", 40000, 443);
        final TcpFlags liberal = new TcpFlags(0x0a, 0);
        return Flow.builder(orig).reply(orig.inverse()).status(new StatusBits(0xe)).mark(0L)
            .id(new FlowId(0xb484a244)).use(1L).timeout(295L)
            .protoInfo(new ProtoInfo.Tcp(TcpState.ESTABLISHED, Option.some(0), Option.some(0), Option.some(liberal),
                Option.some(liberal)))
            .countersOriginal(new io.conntrack4j.model.Counters(0, 0))
            .countersReply(new io.conntrack4j.model.Counters(0, 0))
            .timestamps(Timestamps.started(0x18ebc236702f68dbL)).synproxy(Synproxy.ZERO).build();
    }

    private static String encode(final Request request, final int seq) {
        final ByteBuffer out = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
        final int length = new RequestEncoder().encode(request, seq, out);
        assertThat(out.position()).isEqualTo(length);
        out.flip();
        return Hex.of(out);
    }

    private static String hex(final String dump) {
        return Hex.of(Hex.bytes(dump));
    }

    private static MessageReader read(final String dump) {
        final MessageReader reader = new MessageReader().wrap(Hex.buffer(dump));
        assertThat(reader.next()).isTrue();
        return reader;
    }

    @Nested
    class DumpReplies {
        @Test
        void udpEntryDecodesToTheDocumentedValues() {
            final MessageReader r = read(DUMP_REPLY_UDP);
            assertThat(r.length()).isEqualTo(192);
            assertThat(r.type()).isEqualTo(Ctnetlink.CT_NEW);
            assertThat(r.flags()).isEqualTo(Ctnetlink.NLM_F_MULTI);
            assertThat(r.seq()).isEqualTo(SEQ_LIST);
            assertThat(r.portId()).isEqualTo(10340);
            assertThat(r.family()).isEqualTo(2);
            final Flow f = r.flow();
            assertThat(f).isEqualTo(udpFlow());
            assertThat(f.id().get().unsigned()).isEqualTo(2887917312L);
            assertThat(f.hasStatus(Status.SEEN_REPLY)).isFalse();
            assertThat(f.countersOriginal().isEmpty()).isTrue();
            assertThat(f.timestamps().isEmpty()).isTrue();
            assertThat(r.next()).isFalse();
        }

        @Test
        void tcpEntryDecodesToTheDocumentedValues() {
            final Flow f = read(DUMP_REPLY_TCP).flow();
            assertThat(f).isEqualTo(tcpFlow());
            assertThat(f.id().get().unsigned()).isEqualTo(3028591172L);
            assertThat(f.tcpState().get()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(f.timestamps().get().startNanos().get()).isEqualTo(1795742415503452379L);
        }

        @Test
        void entriesReencodeToTheKernelsBytes() {
            assertThat(kernel(udpFlow(), SEQ_LIST, 10340)).isEqualTo(hex(DUMP_REPLY_UDP));
            assertThat(kernel(tcpFlow(), SEQ_LIST, 10340)).isEqualTo(hex(DUMP_REPLY_TCP));
        }

        private String kernel(final Flow flow, final int seq, final int pid) {
            final ByteBuffer out = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
            final KernelMessages k = new KernelMessages().wrap(out);
            k.flow(flow, Ctnetlink.NLM_F_MULTI, seq, pid);
            return Hex.of(out.limit(k.position()).position(0));
        }

        @Test
        void twoEntriesInOneDatagramThenDoneInTheNext() {
            final ByteBuffer datagram = ByteBuffer.allocateDirect(504).order(ByteOrder.nativeOrder())
                .put(Hex.bytes(DUMP_REPLY_UDP)).put(Hex.bytes(DUMP_REPLY_TCP)).flip();
            final MessageReader r = new MessageReader().wrap(datagram);
            assertThat(r.next()).isTrue();
            assertThat(r.flow()).isEqualTo(udpFlow());
            assertThat(r.next()).isTrue();
            assertThat(r.offset()).isEqualTo(192);
            assertThat(r.flow()).isEqualTo(tcpFlow());
            assertThat(r.next()).isFalse();

            final MessageReader done = read(DONE);
            assertThat(done.isDone()).isTrue();
            assertThat(done.flags()).isEqualTo(Ctnetlink.NLM_F_MULTI);
            assertThat(done.errno()).isZero();
            final ByteBuffer out = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
            final KernelMessages k = new KernelMessages().wrap(out);
            k.done(SEQ_LIST, 10340);
            assertThat(Hex.of(out.limit(k.position()).position(0))).isEqualTo(hex(DONE));
        }

        @Test
        void theFlyweightReadsTheSameValuesWithoutObjects() {
            final ByteBuffer b = Hex.buffer(DUMP_REPLY_TCP);
            final FlowView v = new FlowView();
            final MessageReader r = new MessageReader().wrap(b);
            r.next();
            r.view(v);
            assertThat(v.family()).isEqualTo(2);
            assertThat(v.protocol()).isEqualTo(6);
            assertThat(v.originalSourceV4()).isEqualTo(0xc0a8010a);
            assertThat(v.originalDestinationV4()).isEqualTo(0xc0a80114);
            assertThat(v.originalSourcePort()).isEqualTo(40000);
            assertThat(v.originalDestinationPort()).isEqualTo(443);
            assertThat(v.replySourceV4()).isEqualTo(0xc0a80114);
            assertThat(v.replySourcePort()).isEqualTo(443);
            assertThat(v.replyDestinationPort()).isEqualTo(40000);
            assertThat(v.status()).isEqualTo(0xe);
            assertThat(v.mark()).isZero();
            assertThat(v.timeout()).isEqualTo(295);
            assertThat(v.id()).isEqualTo(3028591172L);
            assertThat(v.use()).isEqualTo(1);
            assertThat(v.tcpState()).isEqualTo(3);
            assertThat(v.originalPackets()).isZero();
            assertThat(v.replyBytes()).isZero();
            assertThat(v.startNanos()).isEqualTo(1795742415503452379L);
            assertThat(v.zone()).isZero();
            assertThat(v.has(Ctnetlink.CTA_SYNPROXY)).isTrue();
            assertThat(v.has(Ctnetlink.CTA_LABELS)).isFalse();

            r.wrap(Hex.buffer(DUMP_REPLY_UDP)).next();
            r.view(v);
            assertThat(v.protocol()).isEqualTo(17);
            assertThat(v.originalPackets()).isEqualTo(-1);
            assertThat(v.tcpState()).isEqualTo(-1);
            assertThat(v.mark()).isEqualTo(42);
            final byte[] address = new byte[16];
            assertThat(v.copyOriginalAddress(true, address)).isEqualTo(4);
            assertThat(IpAddress.of(java.util.Arrays.copyOf(address, 4))).hasToString("10.1.1.1");
        }
    }

    @Nested
    class Requests {
        @Test
        void dumpRequest() {
            assertThat(encode(DumpFlows.of(KernelFilter.NONE), SEQ_LIST))
                .isEqualTo("14 00 00 00 01 01 01 03 d3 da 08 6b 00 00 00 00 00 00 00 00");
            assertThat(encode(DumpFlows.of(KernelFilter.of(Family.IPV4)), SEQ_LIST))
                .isEqualTo("14 00 00 00 01 01 01 03 d3 da 08 6b 00 00 00 00 02 00 00 00");
            assertThat(encode(new DumpFlows(FlowTable.CONNTRACK, KernelFilter.NONE, true), SEQ_LIST))
                .isEqualTo("14 00 00 00 03 01 01 03 d3 da 08 6b 00 00 00 00 00 00 00 00");
        }

        @Test
        void filteredDumpRequest() {
            final KernelFilter filter = new KernelFilter(Option.some(Family.IPV4), Option.some(new MarkMatch(42, 0xff)),
                Option.some(new StatusMatch(4, 4)), Option.none(), Option.none(), Option.none());
            final String golden = hex("""
                0000  34 00 00 00 01 01 01 03  da da 08 6b 00 00 00 00
                0010  02 00 00 00 08 00 08 00  00 00 00 2a 08 00 15 00
                0020  00 00 00 ff 08 00 03 00  00 00 00 04 08 00 1a 00
                0030  00 00 00 04
                """);
            assertThat(encode(DumpFlows.of(filter), SEQ_OPS)).isEqualTo(golden);
            assertThat(new RequestDecoder().decode(Hex.buffer(golden), 0, 52)).isEqualTo(DumpFlows.of(filter));
        }

        @Test
        void deleteRequestIsTheMinimalFormPlusTheId() {
            final Tuple orig = Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53);
            final String header = "48 00 00 00 02 01 05 00 da da 08 6b 00 00 00 00 02 00 00 00 ";
            assertThat(encode(new DeleteFlow(orig, TupleDirection.ORIGINAL, 0, Option.none()), SEQ_OPS))
                .isEqualTo(header + UDP_ORIG);
            assertThat(encode(new DeleteFlow(orig, TupleDirection.ORIGINAL, 0, Option.some(new FlowId(0xac221f00))),
                SEQ_OPS)).isEqualTo("50" + header.substring(2) + UDP_ORIG + " 08 00 0c 00 ac 22 1f 00");
        }

        @Test
        void conntrackDeleteDecodesToADeleteOfTheOriginalTuple() {
            final String golden = "b0 00 00 00 02 01 05 00 da da 08 6b 00 00 00 00 02 00 00 00 " + UDP_ORIG + " "
                + UDP_REPLY + " 08 00 03 00 00 00 00 08 08 00 07 00 00 00 00 6d 08 00 08 00 00 00 00 2a"
                + " 1c 00 18 80 08 00 01 00 00 00 00 00 08 00 02 00 00 00 00 00 08 00 03 00 00 00 00 00";
            assertThat(Hex.bytes(golden)).hasSize(176);
            assertThat(new RequestDecoder().decode(Hex.buffer(golden), 0, 176)).isEqualTo(
                new DeleteFlow(Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53), TupleDirection.ORIGINAL, 0,
                    Option.none()));
        }

        @Test
        void ackOfTheDelete() {
            final String ack = "24 00 00 00 02 00 00 01 da da 08 6b 8c f7 24 b9 00 00 00 00 b0 00 00 00 02 01 05 00"
                + " da da 08 6b 00 00 00 00";
            final MessageReader r = read(ack);
            assertThat(r.isError()).isTrue();
            assertThat(r.errno()).isZero();
            assertThat(r.flags()).isEqualTo(Ctnetlink.NLM_F_CAPPED);
            assertThat(r.portId()).isEqualTo(0xb924f78c);
            final ByteBuffer request = Hex.buffer("b0 00 00 00 02 01 05 00 da da 08 6b 00 00 00 00");
            final ByteBuffer out = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
            final KernelMessages k = new KernelMessages().wrap(out);
            k.ack(0, request, 0, 0xb924f78c);
            assertThat(Hex.of(out.limit(k.position()).position(0))).isEqualTo(ack);
        }

        @Test
        void udpCreateEncodesAsConntrackSendsIt() {
            final String golden = hex("""
                0000  8c 00 00 00 00 01 05 06  da da 08 6b 00 00 00 00
                0010  02 00 00 00 34 00 01 80  14 00 01 80 08 00 01 00
                0020  0a 01 01 01 08 00 02 00  0a 02 02 02 1c 00 02 80
                0030  05 00 01 00 11 00 00 00  06 00 02 00 14 e9 00 00
                0040  06 00 03 00 00 35 00 00  34 00 02 80 14 00 01 80
                0050  08 00 01 00 0a 02 02 02  08 00 02 00 0a 01 01 01
                0060  1c 00 02 80 05 00 01 00  11 00 00 00 06 00 02 00
                0070  00 35 00 00 06 00 03 00  14 e9 00 00 08 00 07 00
                0080  00 00 00 78 08 00 08 00  00 00 00 2a
                """);
            final Tuple orig = Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53);
            final CreateFlow create = CreateFlow.of(Flow.builder(orig).timeout(120L).mark(42L).build());
            assertThat(encode(create, SEQ_OPS)).isEqualTo(golden);
            assertThat(new RequestDecoder().decode(Hex.buffer(golden), 0, 140)).isEqualTo(create);
        }

        @Test
        void theCapturedCreateWithGarbagePaddingDecodesAllTheSame() {
            final byte[] captured = Hex.bytes("""
                0000  8c 00 00 00 00 01 05 06  da da 08 6b 00 00 00 00
                0010  02 00 00 00 34 00 01 80  14 00 01 80 08 00 01 00
                0020  0a 01 01 01 08 00 02 00  0a 02 02 02 1c 00 02 80
                0030  05 00 01 00 11 00 00 00  06 00 02 00 14 e9 00 00
                0040  06 00 03 00 00 35 00 00  34 00 02 80 14 00 01 80
                0050  08 00 01 00 0a 02 02 02  08 00 02 00 0a 01 01 01
                0060  1c 00 02 80 05 00 01 00  11 10 00 00 06 00 02 00
                0070  00 35 00 00 06 00 03 00  14 e9 00 00 08 00 07 00
                0080  00 00 00 78 08 00 08 00  00 00 00 2a
                """);
            final Request decoded = new RequestDecoder().decode(
                ByteBuffer.allocateDirect(140).order(ByteOrder.nativeOrder()).put(captured).flip(), 0, 140);
            final Tuple orig = Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53);
            assertThat(decoded).isEqualTo(CreateFlow.of(Flow.builder(orig).timeout(120L).mark(42L).build()));
        }

        @Test
        void eexistReply() {
            final String createHex = "8c 00 00 00 00 01 05 06 da da 08 6b 00 00 00 00 02 00 00 00 " + UDP_ORIG + " "
                + UDP_REPLY + " 08 00 07 00 00 00 00 78 08 00 08 00 00 00 00 2a";
            final MessageReader r = read("a0 00 00 00 02 00 00 00 da da 08 6b 12 29 00 00 ef ff ff ff " + createHex);
            assertThat(r.isError()).isTrue();
            assertThat(r.errno()).isEqualTo(17);
            assertThat(r.extAckMessage().isEmpty()).isTrue();
        }

        @Test
        void tcpCreateWithZone() {
            final Tuple orig = Tuple.tcp("172.16.0.1", "172.16.0.2", 1234, 22);
            final TcpFlags cli = new TcpFlags(0x0a, 0x0a);
            final CreateFlow create = CreateFlow.of(Flow.builder(orig).status(Status.SEEN_REPLY).timeout(60L)
                .protoInfo(new ProtoInfo.Tcp(TcpState.ESTABLISHED, Option.none(), Option.none(), Option.some(cli),
                    Option.some(cli)))
                .zone(5).build());
            final String tail = "08 00 03 00 00 00 00 0a 08 00 07 00 00 00 00 3c 20 00 04 80 1c 00 01 80"
                + " 05 00 01 00 03 00 00 00 06 00 04 00 0a 0a 00 00 06 00 05 00 0a 0a 00 00 06 00 12 00 00 05 00 00";
            final String encoded = encode(create, SEQ_OPS);
            assertThat(encoded).endsWith(tail);
            assertThat(encoded).startsWith("b4 00 00 00 00 01 05 06");
        }

        @Test
        void updateOfTheMark() {
            final String golden = "50 00 00 00 00 01 05 00 e7 da 08 6b 00 00 00 00 02 00 00 00 " + UDP_ORIG
                + " 08 00 08 00 00 00 00 2b";
            final UpdateFlow update = new UpdateFlow(Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53), 0,
                FlowUpdate.none().mark(43));
            assertThat(encode(update, 0x6b08dae7)).isEqualTo(golden);
            assertThat(new RequestDecoder().decode(Hex.buffer(golden), 0, 80)).isEqualTo(update);
        }

        @Test
        void natCreateCarriesTheDestinationNatLast() {
            final Tuple orig = Tuple.tcp("7.7.7.1", "7.7.7.2", 33, 80);
            final CreateFlow create = CreateFlow.of(Flow.builder(orig).timeout(50L)
                .protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).build())
                .withDestinationNat(NatRange.to(IpAddress.parse("8.8.8.8"), 8080));
            assertThat(encode(create, SEQ_OPS)).endsWith("20 00 0d 80 08 00 01 00 08 08 08 08 14 00 03 80"
                + " 06 00 01 00 1f 90 00 00 06 00 02 00 1f 90 00 00");
        }

        @Test
        void countAndStatsRequests() {
            assertThat(encode(new GetGlobalStats(), SEQ_OPS))
                .isEqualTo("14 00 00 00 05 01 01 00 da da 08 6b 00 00 00 00 00 00 00 00");
            assertThat(encode(new GetCpuStats(), SEQ_OPS))
                .isEqualTo("14 00 00 00 04 01 01 03 da da 08 6b 00 00 00 00 00 00 00 00");
        }
    }

    @Nested
    class Statistics {
        @Test
        void countReply() {
            final MessageReader r = read("24 00 00 00 05 01 02 00 da da 08 6b 64 28 00 00 00 00 00 00"
                + " 08 00 01 00 00 00 00 02 08 00 02 00 00 04 00 00");
            assertThat(r.flags()).isEqualTo(Ctnetlink.NLM_F_MULTI);
            assertThat(r.globalStats()).isEqualTo(new GlobalStats(2, 262144));
        }

        @Test
        void perCpuReplyCarriesTheCpuInResId() {
            final LinkedHashMap<CpuCounter, Long> counters = LinkedHashMap.of(CpuCounter.FOUND, 0L,
                CpuCounter.INVALID, 1L, CpuCounter.INSERT, 7L, CpuCounter.INSERT_FAILED, 0L, CpuCounter.DROP, 0L,
                CpuCounter.EARLY_DROP, 0L, CpuCounter.ERROR, 0L, CpuCounter.SEARCH_RESTART, 3L,
                CpuCounter.CLASH_RESOLVE, 0L, CpuCounter.CHAIN_TOOLONG, 0L);
            final ByteBuffer out = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
            final KernelMessages k = new KernelMessages().wrap(out);
            assertThat(k.cpuStats(new CpuStats(1, counters), SEQ_OPS, 10340)).isEqualTo(100);
            out.limit(k.position()).position(0);
            assertThat(Hex.of(out)).startsWith("64 00 00 00 04 01 02 00 da da 08 6b 64 28 00 00 00 00 00 01"
                + " 08 00 02 00 00 00 00 00 08 00 04 00 00 00 00 01 08 00 08 00 00 00 00 07");
            final MessageReader r = new MessageReader().wrap(out);
            r.next();
            assertThat(r.cpuStats()).isEqualTo(new CpuStats(1, counters));
        }
    }

    @Nested
    class Events {
        static final String ORIG = "34 00 01 80 14 00 01 80 08 00 01 00 0a 09 09 01 08 00 02 00 0a 09 09 02"
            + " 1c 00 02 80 05 00 01 00 11 00 00 00 06 00 02 00 00 07 00 00 06 00 03 00 00 08 00 00";
        static final String REPLY = "34 00 02 80 14 00 01 80 08 00 01 00 0a 09 09 02 08 00 02 00 0a 09 09 01"
            + " 1c 00 02 80 05 00 01 00 11 00 00 00 06 00 02 00 00 08 00 00 06 00 03 00 00 07 00 00";
        static final String SYNPROXY = "1c 00 18 80 08 00 01 00 00 00 00 00 08 00 02 00 00 00 00 00"
            + " 08 00 03 00 00 00 00 00";

        @Test
        void newEventFromUserspace() {
            final String golden = "b8 00 00 00 00 01 00 06 00 00 00 00 93 2a 00 00 02 00 00 00 " + ORIG + " " + REPLY
                + " 08 00 0c 00 6b 58 23 85 08 00 03 00 00 00 00 08 08 00 07 00 00 00 00 1e " + SYNPROXY
                + " 08 00 08 00 00 00 00 00";
            assertThat(Hex.bytes(golden)).hasSize(184);
            final FlowEvent e = read(golden).event();
            assertThat(e.type()).isEqualTo(EventType.NEW);
            assertThat(e.portId()).isEqualTo(10899);
            assertThat(e.fromUserspace()).isTrue();
            final Tuple orig = Tuple.udp("10.9.9.1", "10.9.9.2", 7, 8);
            assertThat(e.flow()).isEqualTo(Flow.builder(orig).reply(orig.inverse()).id(new FlowId(0x6b582385))
                .status(Status.CONFIRMED).timeout(30L).synproxy(Synproxy.ZERO).mark(0L).build());
            assertThat(e.timestampNanos().isEmpty()).isTrue();
        }

        @Test
        void destroyEventWithoutMarkAndWithTheEventTimestamp() {
            final String golden = "a0 00 00 00 02 01 00 00 00 00 00 00 1e 8e 96 93 02 00 00 00 " + ORIG + " " + REPLY
                + " 08 00 0c 00 6b 58 23 85 08 00 03 00 00 00 02 08 08 00 07 00 00 00 00 1d"
                + " 0c 00 1b 00 18 eb c2 36 70 2f 68 db";
            final FlowEvent e = read(golden).event();
            assertThat(e.type()).isEqualTo(EventType.DESTROY);
            assertThat(e.portId()).isEqualTo(0x93968e1eL);
            assertThat(e.flow().mark().isEmpty()).isTrue();
            assertThat(e.flow().markValue()).isZero();
            assertThat(e.flow().status().get().value()).isEqualTo(0x208);
            assertThat(e.flow().timeout().get()).isEqualTo(29L);
            assertThat(e.timestampNanos().get()).isEqualTo(1795742415503452379L);
        }

        @Test
        void updateEventHasNoCreateFlag() {
            final String golden = "9c 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 02 00 00 00 " + ORIG + " " + REPLY
                + " 08 00 0c 00 6b 58 23 85 08 00 03 00 00 00 00 08 08 00 07 00 00 00 00 1d"
                + " 08 00 08 00 00 00 00 09";
            final FlowEvent e = read(golden).event();
            assertThat(e.type()).isEqualTo(EventType.UPDATE);
            assertThat(e.fromUserspace()).isFalse();
            assertThat(e.flow().markValue()).isEqualTo(9);
        }
    }
}
