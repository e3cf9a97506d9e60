package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

/**
 * {@link FlowView} reads a message through a learned {@link FlowLayout} only when that gives exactly what indexing
 * the message gives: the same values and the same {@link DecodeException}s. Every case compares a view that learns
 * layouts with {@link FlowView#indexingOnly()}.
 */
class FlowViewLayoutTest {

    private static ByteBuffer realCapture(final Path dir) throws Exception {
        final Path file = dir.resolve("real.ct4jcap");
        try (InputStream in = FlowViewLayoutTest.class.getResourceAsStream("real-6.18-table.ct4jcap")) {
            Files.copy(in, file);
        }
        return CaptureFile.read(file);
    }

    /** Every accessor's outcome: its value, or the decode error's offset and message. */
    private static List<String> outcomes(final FlowView v) {
        final byte[] address = new byte[16];
        final List<Supplier<?>> accessors = new ArrayList<>(List.of(v::family, v::messageType, v::messageFlags,
            v::status, v::mark, v::timeout, v::use, v::id, v::zone, v::protocol, v::originalSourcePort,
            v::originalDestinationPort, v::replySourcePort, v::replyDestinationPort, v::icmpType,
            v::originalSourceV4, v::originalDestinationV4, v::replySourceV4, v::replyDestinationV4,
            () -> v.copyOriginalAddress(true, address) + ":" + Hex.of(address),
            () -> v.copyOriginalAddress(false, address) + ":" + Hex.of(address), v::originalPackets,
            v::originalBytes, v::replyPackets, v::replyBytes, v::startNanos, v::tcpState));
        for (int type = 0; type < 40; type++) {
            final int t = type;
            accessors.add(() -> v.has(t));
        }
        final List<String> out = new ArrayList<>();
        for (final Supplier<?> a : accessors) {
            try {
                out.add(String.valueOf(a.get()));
            } catch (final DecodeException e) {
                out.add("DecodeException@" + e.offset() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Wraps a view on a message; the outcome of wrap itself comes first. */
    private static List<String> read(final FlowView v, final ByteBuffer b, final int at, final int length) {
        try {
            v.wrap(b, at, length);
        } catch (final DecodeException e) {
            return List.of("wrap: DecodeException@" + e.offset() + ": " + e.getMessage());
        }
        return outcomes(v);
    }

    @Test
    void everyFlowOfARealDumpReadsTheSameByLayoutAsByIndexing(@org.junit.jupiter.api.io.TempDir final Path dir)
        throws Exception {
        final ByteBuffer capture = realCapture(dir);
        final FlowView byLayout = new FlowView();
        final FlowView byIndex = FlowView.indexingOnly();
        final MessageReader r = new MessageReader().wrap(capture);
        int flows = 0;
        int byLayoutCount = 0;
        while (r.next()) {
            if (r.type() != Ctnetlink.CT_NEW) {
                continue;
            }
            final List<String> expected = read(byIndex, capture, r.offset(), r.length());
            assertThat(read(byLayout, capture, r.offset(), r.length())).as("flow %d", flows).isEqualTo(expected);
            byLayoutCount += byLayout.readsByLayout() ? 1 : 0;
            assertThat(byIndex.readsByLayout()).isFalse();
            flows++;
        }
        assertThat(flows).isEqualTo(13);
        assertThat(byLayoutCount).as("well-formed flows are read by layout").isEqualTo(flows);
    }

    /** The golden TCP dump entry twice in one buffer: learned from the first copy, checked on the second. */
    private static ByteBuffer twice(final byte[] message) {
        final ByteBuffer b = ByteBuffer.allocate(2 * message.length).order(ByteOrder.nativeOrder());
        b.put(message).put(message).flip();
        return b;
    }

    private static byte[] tcpEntry() {
        return Hex.bytes(GoldenMessagesTest.DUMP_REPLY_TCP);
    }

    /** @return the offsets of every attribute header of the message, nested ones included */
    private static List<Integer> headerOffsets(final byte[] message) {
        final ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
        final List<Integer> found = new ArrayList<>();
        collect(b, Ctnetlink.NLMSG_HDRLEN + Ctnetlink.NFGEN_HDRLEN, message.length, found);
        return found;
    }

    private static void collect(final ByteBuffer b, final int start, final int end, final List<Integer> found) {
        int at = start;
        while (end - at >= 4) {
            final int len = b.getShort(at) & 0xFFFF;
            final int type = b.getShort(at + 2) & 0xFFFF;
            if (len < 4 || len > end - at) {
                return;
            }
            found.add(at);
            if ((type & Ctnetlink.NLA_F_NESTED) != 0) {
                collect(b, at + 4, at + len, found);
            }
            at += (len + 3) & ~3;
        }
    }

    @Test
    void aMessageOfTheSameLengthWithSwappedAttributesIsNotReadByTheLearnedLayout() {
        final byte[] original = tcpEntry();
        final ByteBuffer b = twice(original);
        // swap the types of the original tuple's CTA_IP_V4_SRC and CTA_IP_V4_DST in the second copy
        final FlowView probe = FlowView.indexingOnly().wrap(b, 0, original.length);
        final int src = probe.originalSourceV4();
        final int dst = probe.originalDestinationV4();
        int swapped = 0;
        for (final int at : headerOffsets(original)) {
            final int len = b.getShort(at) & 0xFFFF;
            final int type = b.getShort(at + 2) & 0xFFFF;
            if (len == 8 && (type == Ctnetlink.CTA_IP_V4_SRC || type == Ctnetlink.CTA_IP_V4_DST) && swapped < 2) {
                b.putShort(original.length + at + 2, (short) (type ^ 3)); // 1 <-> 2
                swapped++;
            }
        }
        assertThat(swapped).isEqualTo(2);
        final FlowView v = new FlowView();
        v.wrap(b, 0, original.length);
        assertThat(v.originalSourceV4()).isEqualTo(src);
        v.wrap(b, original.length, original.length);
        assertThat(v.originalSourceV4()).isEqualTo(dst);
        assertThat(v.originalDestinationV4()).isEqualTo(src);
        assertThat(outcomes(v)).isEqualTo(read(FlowView.indexingOnly(), b, original.length, original.length));
    }

    @Test
    void aMalformedNestAfterALearnedLayoutFailsOnlyWhenRead() {
        final byte[] original = tcpEntry();
        final ByteBuffer b = twice(original);
        // the second copy's original CTA_PROTO_SRC_PORT claims a 1-byte payload: too short for a port
        final int corrupted = original.length + headerOffsets(original).stream()
            .filter(at -> (b.getShort(at) & 0xFFFF) == 6 && (b.getShort(at + 2) & 0xFFFF) == Ctnetlink.CTA_PROTO_SRC_PORT)
            .findFirst().orElseThrow();
        assertThat(corrupted).isPositive();
        b.putShort(corrupted, (short) 5);
        final FlowView v = new FlowView();
        v.wrap(b, 0, original.length);
        assertThat(v.readsByLayout()).isTrue();
        v.wrap(b, original.length, original.length);
        assertThat(v.readsByLayout()).isFalse();
        assertThat(v.replySourcePort()).isEqualTo(443);
        final List<String> outcomes = outcomes(v);
        assertThat(outcomes).anyMatch(o -> o.startsWith("DecodeException@" + corrupted + ": "));
        assertThat(outcomes).isEqualTo(read(FlowView.indexingOnly(), b, original.length, original.length));
    }

    @Test
    void anyCorruptionOfAHeaderByteReadsTheSameByLayoutAsByIndexing() {
        final byte[] original = tcpEntry();
        final List<Integer> headers = headerOffsets(original);
        qt().withExamples(2000).forAll(CodecGen.range(0, headers.size() - 1), CodecGen.range(0, 3),
            CodecGen.range(0, 255)).checkAssert((header, at, value) -> {
                final ByteBuffer b = twice(original);
                b.put(original.length + headers.get(header) + at, value.byteValue());
                final FlowView v = new FlowView();
                v.wrap(b, 0, original.length);
                assertThat(read(v, b, original.length, original.length))
                    .isEqualTo(read(FlowView.indexingOnly(), b, original.length, original.length));
            });
    }

    @Test
    void aFlowWithOtherValuesInTheSameLayoutIsReadByTheLearnedLayout() {
        final ByteBuffer buffer = ByteBuffer.allocate(8192).order(ByteOrder.nativeOrder());
        final KernelMessages kernel = new KernelMessages();
        final int[] matched = new int[1];
        qt().withExamples(2000).forAll(CodecGen.flows().describedAs(CodecGen::describe), CodecGen.range(0,
            Integer.MAX_VALUE)).checkAssert((f, seed) -> {
                buffer.clear();
                final int length = kernel.wrap(buffer).flow(f, Ctnetlink.NLM_F_MULTI, 1, 0);
                final byte[] message = new byte[length];
                buffer.get(0, message);
                // the same message with every byte that is not an attribute header (nor nlmsghdr/nfgenmsg) changed
                final byte[] other = message.clone();
                final java.util.Set<Integer> header = new java.util.HashSet<>();
                for (final int at : headerOffsets(message)) {
                    for (int i = 0; i < 4; i++) {
                        header.add(at + i);
                    }
                }
                final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                for (int i = Ctnetlink.NLMSG_HDRLEN + Ctnetlink.NFGEN_HDRLEN; i < length; i++) {
                    if (!header.contains(i)) {
                        other[i] = (byte) random.nextInt(256);
                    }
                }
                final ByteBuffer b = ByteBuffer.allocate(2 * length).order(ByteOrder.nativeOrder());
                b.put(message).put(other).flip();
                final FlowView view = new FlowView();
                final List<String> first = read(view, b, 0, length);
                assertThat(first).isEqualTo(read(FlowView.indexingOnly(), b, 0, length));
                if (view.readsByLayout()) {
                    assertThat(view.knows(b, length, length)).as("same headers, same length").isTrue();
                    matched[0]++;
                }
                assertThat(read(view, b, length, length)).isEqualTo(read(FlowView.indexingOnly(), b, length, length));
            });
        assertThat(matched[0]).as("flows read by a layout learned from another flow").isGreaterThan(1900);
    }

    /** The flow FlowCodec decodes, or its error. */
    private static String byWalking(final ByteBuffer b, final int length) {
        final AttrCursor[] cursors = {new AttrCursor(), new AttrCursor(), new AttrCursor(), new AttrCursor(),
            new AttrCursor()};
        try {
            return FlowCodec.read(b, cursors, Ctnetlink.NLMSG_HDRLEN + Ctnetlink.NFGEN_HDRLEN, length, 0, null)
                .toString();
        } catch (final DecodeException e) {
            return "DecodeException@" + e.offset() + ": " + e.getMessage();
        }
    }

    /** The flow MessageReader decodes (by layout when it can), or its error. */
    private static String byReader(final MessageReader reader, final ByteBuffer b, final int length) {
        try {
            reader.wrap(b, 0, length).next();
            return reader.flow().toString();
        } catch (final DecodeException e) {
            return "DecodeException@" + e.offset() + ": " + e.getMessage();
        }
    }

    @Test
    void flowsDecodedByLayoutEqualFlowsDecodedByWalkingEvenWhenCorrupted() {
        final MessageReader reader = new MessageReader();
        final LayoutFlowDecoder decoder = new LayoutFlowDecoder();
        final LayoutCache layouts = new LayoutCache();
        final ByteBuffer buffer = ByteBuffer.allocate(8192).order(ByteOrder.nativeOrder());
        final KernelMessages kernel = new KernelMessages();
        final int[] counts = new int[3];
        qt().withExamples(3000).forAll(CodecGen.flows().describedAs(CodecGen::describe), CodecGen.range(0, 1 << 20),
            CodecGen.range(0, 255)).checkAssert((f, where, value) -> {
                buffer.clear();
                final int length = kernel.wrap(buffer).flow(f, Ctnetlink.NLM_F_MULTI, 1, 0);
                if (where % 2 == 1) { // half the examples: one byte after the nfgenmsg changed
                    buffer.put(Ctnetlink.NLMSG_HDRLEN + Ctnetlink.NFGEN_HDRLEN
                        + where / 2 % (length - Ctnetlink.NLMSG_HDRLEN - Ctnetlink.NFGEN_HDRLEN), value.byteValue());
                }
                assertThat(byReader(reader, buffer, length)).isEqualTo(byWalking(buffer, length));
                counts[0]++;
                final FlowLayout layout = layouts.layoutOf(buffer, 0, length);
                if (layout != null && decoder.read(buffer, 0, layout, new AttrCursor[] {new AttrCursor(),
                    new AttrCursor(), new AttrCursor(), new AttrCursor(), new AttrCursor()}, null) != null) {
                    counts[where % 2 + 1]++;
                }
            });
        assertThat(counts[0]).isEqualTo(3000);
        assertThat(counts[1]).as("intact flows decoded by layout").isGreaterThan(1400);
        assertThat(counts[2]).as("corrupted flows still decoded by layout").isPositive();
    }
}
