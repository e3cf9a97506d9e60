package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.netlink.codec.DatagramGen.Datagram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

/**
 * The decoders are total: on kernel-shaped datagrams truncated at every length, with flipped bits, with corrupted
 * nlmsg_len / nla_len / type fields, they raise only {@link DecodeException}, with an offset inside the buffer, and
 * terminate. Each property runs on {@value #CASES} generated datagrams (QuickTheories; a failure is shrunk and the
 * datagram printed with its messages and hex), and each datagram is mutated many times; the counts are printed at
 * the end. Every decoder is run on every message: {@link MessageReader} (flow, event, expectation, statistics,
 * errno, extended ack), every {@link FlowView} accessor and {@link RequestDecoder} (see
 * {@link DecoderFuzzTest#decodeEverything}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DecoderRobustnessTest {
    static final int CASES = 1000;
    private static final Map<String, long[]> COUNTS = new TreeMap<>();

    private static long[] counter(final String property) {
        synchronized (COUNTS) {
            return COUNTS.computeIfAbsent(property, k -> new long[2]);
        }
    }

    @AfterAll
    static void printCounts() {
        COUNTS.forEach((property, c) -> System.out.printf("robustness %-40s %6d datagrams %10d decoded inputs%n",
            property, c[0], c[1]));
    }

    /**
     * Runs a property over {@value #CASES} datagrams, counting cases and mutated inputs. It runs on a thread of its
     * own: most mutated inputs raise several DecodeExceptions, whose cost grows with the stack depth, and JUnit's
     * stack is deep (this halves the run time).
     */
    private static void forAll(final String property, final Gen<Datagram> datagrams, final Mutator mutator) {
        final long[] count = counter(property);
        final ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            worker.submit(() -> qt().withExamples(CASES + CASES / 10).withShrinkCycles(200).forAll(datagrams)
                .checkAssert(d -> {
                    count[0]++;
                    count[1] += mutator.run(d);
                })).get();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new AssertionFailedError(property, e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError(property + " interrupted", e);
        } finally {
            worker.shutdownNow();
        }
        assertThat(count[0]).as("QuickTheories examples").isGreaterThanOrEqualTo(CASES);
    }

    @FunctionalInterface
    private interface Mutator {
        /** @return the number of inputs decoded */
        int run(Datagram d);
    }

    /** Decodes one mutated input; on failure reports the mutation and the bytes (the datagram is reported by QT). */
    private static void attempt(final Datagram d, final String mutation, final byte[] bytes) {
        try {
            DecoderFuzzTest.decodeEverything(ByteBuffer.wrap(bytes));
        } catch (final Throwable e) {
            throw new AssertionFailedError("after mutation [" + mutation + "] of" + DatagramGen.describe(d)
                + "\ninput (" + bytes.length + " bytes): " + HexFormat.of().formatHex(bytes) + "\nthrew " + e, e);
        }
    }

    // ---- intact input

    /** Sanity: unmutated datagrams decode without any exception when each message is decoded as its type says. */
    @Test
    void intactDatagramsDecodeAsTheirTypesSay() {
        forAll("intact kernel datagrams", DatagramGen.kernelDatagrams(), d -> {
            final MessageReader r = new MessageReader().wrap(ByteBuffer.wrap(d.bytes()));
            final FlowView view = new FlowView();
            int n = 0;
            while (r.next()) {
                final int type = r.type();
                final int flags = r.flags();
                if (type == NLMSG_DONE || type == NLMSG_ERROR) {
                    assertThat(r.errno()).isGreaterThanOrEqualTo(0);
                    if ((flags & NLM_F_ACK_TLVS) != 0) {
                        assertThat(r.extAckMessage()).isNotEmpty();
                        assertThat(r.extAckOffset()).isNotEmpty();
                    }
                } else if (type == CT_GET_STATS) {
                    r.globalStats();
                } else if (type == CT_GET_STATS_CPU) {
                    r.cpuStats();
                } else if (type == CT_GET_CTRZERO) {
                    r.expectationStats();
                } else if (type == EXP_NEW) {
                    r.expectation();
                } else if ((flags & NLM_F_MULTI) != 0) {
                    r.flow();
                    DecoderFuzzTest.readEveryAccessor(ByteBuffer.wrap(d.bytes()), r.view(view));
                } else {
                    r.event();
                }
                n++;
            }
            assertThat(n).isEqualTo(d.messages().size());
            return 1;
        });
    }

    // ---- truncation

    @Test
    void truncatedAtEveryLength() {
        forAll("truncated at every length", DatagramGen.kernelDatagrams(), d -> {
            for (int length = 0; length < d.bytes().length; length++) {
                attempt(d, "truncate to " + length, Arrays.copyOf(d.bytes(), length));
            }
            return d.bytes().length;
        });
    }

    /**
     * Truncation inside a message whose nlmsg_len is set to the new length, so that the header is consistent and
     * the decoders reach the truncated attributes (a plain truncation stops at the header check).
     */
    @Test
    void truncatedInsideAMessageWithConsistentHeader() {
        forAll("truncated inside a message, nlmsg_len fixed", DatagramGen.kernelDatagrams(), d -> {
            int inputs = 0;
            for (final int message : d.messages()) {
                final int length = le32(d.bytes(), message);
                for (int cut = 0; cut < length; cut++) {
                    final byte[] bytes = Arrays.copyOf(d.bytes(), message + cut);
                    if (cut >= 4) {
                        putLe32(bytes, message, cut);
                    }
                    attempt(d, "message @" + message + " cut to " + cut + " with nlmsg_len " + cut, bytes);
                    inputs++;
                }
            }
            return inputs;
        });
    }

    // ---- bit flips

    @Test
    void randomBitFlips() {
        forAll("random bit flips", DatagramGen.kernelDatagrams(), d -> {
            final SplittableRandom random = new SplittableRandom(Arrays.hashCode(d.bytes()));
            final int rounds = 100;
            for (int i = 0; i < rounds; i++) {
                final byte[] bytes = d.bytes().clone();
                final int flips = 1 + random.nextInt(8);
                final StringBuilder what = new StringBuilder("flip bits");
                for (int f = 0; f < flips; f++) {
                    final int bit = random.nextInt(bytes.length * 8);
                    bytes[bit >> 3] ^= (byte) (1 << (bit & 7));
                    what.append(' ').append(bit >> 3).append('.').append(bit & 7);
                }
                attempt(d, what.toString(), bytes);
            }
            return rounds;
        });
    }

    /** Bit flips concentrated on the headers (lengths and types), where a flip changes the structure. */
    @Test
    void bitFlipsInHeaders() {
        forAll("bit flips in length and type fields", DatagramGen.kernelDatagrams(), d -> {
            final SplittableRandom random = new SplittableRandom(~Arrays.hashCode(d.bytes()));
            final int[] headers = headerBytes(d);
            final int rounds = 100;
            for (int i = 0; i < rounds; i++) {
                final byte[] bytes = d.bytes().clone();
                final int flips = 1 + random.nextInt(3);
                final StringBuilder what = new StringBuilder("flip header bits");
                for (int f = 0; f < flips; f++) {
                    final int at = headers[random.nextInt(headers.length)];
                    final int bit = random.nextInt(8);
                    bytes[at] ^= (byte) (1 << bit);
                    what.append(' ').append(at).append('.').append(bit);
                }
                attempt(d, what.toString(), bytes);
            }
            return rounds;
        });
    }

    // ---- length fields

    @Test
    void corruptedMessageLengths() {
        forAll("corrupted nlmsg_len", DatagramGen.kernelDatagrams(), d -> {
            int inputs = 0;
            for (final int message : d.messages()) {
                final int length = le32(d.bytes(), message);
                final int rest = d.bytes().length - message;
                final int[] values = {0, 1, 2, 3, 4, 8, 15, 16, 17, 19, 20, 21, length - 1, length + 1, length + 4,
                    rest, rest + 1, 0xFFFF, 0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFF0};
                for (final int value : values) {
                    final byte[] bytes = d.bytes().clone();
                    putLe32(bytes, message, value);
                    attempt(d, "nlmsg_len @" + message + " = " + Integer.toUnsignedString(value), bytes);
                    inputs++;
                }
            }
            return inputs;
        });
    }

    @Test
    void corruptedAttributeLengths() {
        forAll("corrupted nla_len", DatagramGen.kernelDatagrams(), d -> {
            int inputs = 0;
            for (final int header : d.nlaHeaders()) {
                final int length = le16(d.bytes(), header);
                final int[] values = {0, 1, 2, 3, 4, length - 1, length + 1, length + 4, 0x8000, 0xFFFF};
                for (final int value : values) {
                    final byte[] bytes = d.bytes().clone();
                    putLe16(bytes, header, value);
                    attempt(d, "nla_len @" + header + " = " + (value & 0xFFFF), bytes);
                    inputs++;
                }
            }
            return inputs;
        });
    }

    /**
     * Corrupted types: attribute types (a nest read as a scalar and the reverse, unknown types, the flag bits), the
     * message type (every ctnetlink type, ERROR, DONE) and the family byte.
     */
    @Test
    void corruptedTypes() {
        forAll("corrupted nla_type, nlmsg_type, family", DatagramGen.kernelDatagrams(), d -> {
            final SplittableRandom random = new SplittableRandom(31L * Arrays.hashCode(d.bytes()));
            int inputs = 0;
            for (final int header : d.nlaHeaders()) {
                final int type = le16(d.bytes(), header);
                final int[] values = {0, type ^ NLA_F_NESTED, type + 1, random.nextInt(32),
                    random.nextInt(32) | NLA_F_NESTED, 0xFFFF};
                for (final int value : values) {
                    final byte[] bytes = d.bytes().clone();
                    putLe16(bytes, header + 2, value);
                    attempt(d, "nla_type @" + header + " = 0x" + Integer.toHexString(value & 0xFFFF), bytes);
                    inputs++;
                }
            }
            final int[] messageTypes = {0, NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN, CT_NEW, CT_GET,
                CT_DELETE, CT_GET_CTRZERO, CT_GET_STATS_CPU, CT_GET_STATS, CT_GET_DYING, CT_GET_UNCONFIRMED, EXP_NEW,
                EXP_GET, EXP_DELETE, EXP_GET_STATS_CPU, 0x0108, 0x0300, 0xFFFF};
            final int[] messageFlags = {0, NLM_F_ACK_TLVS, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0xFFFF};
            for (final int message : d.messages()) {
                for (final int type : messageTypes) {
                    for (final int flags : messageFlags) {
                        final byte[] bytes = d.bytes().clone();
                        putLe16(bytes, message + 4, type);
                        putLe16(bytes, message + 6, flags);
                        attempt(d, "message @" + message + " type 0x" + Integer.toHexString(type) + " flags 0x"
                            + Integer.toHexString(flags), bytes);
                        inputs++;
                    }
                }
                if (le32(d.bytes(), message) > NLMSG_HDRLEN) {
                    for (final int family : new int[] {0, 1, 2, 10, 255}) {
                        final byte[] bytes = d.bytes().clone();
                        bytes[message + NLMSG_HDRLEN] = (byte) family;
                        attempt(d, "message @" + message + " family " + family, bytes);
                        inputs++;
                    }
                }
            }
            return inputs;
        });
    }

    // ---- requests

    /** The same battery on request datagrams (RequestEncoder output), which the simulated kernel decodes. */
    @Test
    void mutatedRequests() {
        forAll("mutated requests", DatagramGen.requestDatagrams(), d -> {
            int inputs = 0;
            for (int length = 0; length < d.bytes().length; length += 3) {
                attempt(d, "truncate to " + length, Arrays.copyOf(d.bytes(), length));
                inputs++;
            }
            for (final int message : d.messages()) {
                final int length = le32(d.bytes(), message);
                for (int cut = NLMSG_HDRLEN; cut < length; cut += 2) {
                    final byte[] bytes = Arrays.copyOf(d.bytes(), message + cut);
                    putLe32(bytes, message, cut);
                    attempt(d, "message @" + message + " cut to " + cut + " with nlmsg_len " + cut, bytes);
                    inputs++;
                }
            }
            for (final int header : d.nlaHeaders()) {
                final int length = le16(d.bytes(), header);
                for (final int value : new int[] {0, 3, 4, 5, length - 1, length + 1, length + 4, 0xFFFF}) {
                    final byte[] bytes = d.bytes().clone();
                    putLe16(bytes, header, value);
                    attempt(d, "nla_len @" + header + " = " + value, bytes);
                    inputs++;
                }
                final int type = le16(d.bytes(), header + 2);
                for (final int value : new int[] {0, type ^ NLA_F_NESTED, type + 1, type - 1, 0x3FFF}) {
                    final byte[] bytes = d.bytes().clone();
                    putLe16(bytes, header + 2, value);
                    attempt(d, "nla_type @" + header + " = 0x" + Integer.toHexString(value & 0xFFFF), bytes);
                    inputs++;
                }
            }
            final SplittableRandom random = new SplittableRandom(Arrays.hashCode(d.bytes()));
            for (int i = 0; i < 50; i++) {
                final byte[] bytes = d.bytes().clone();
                final int bit = random.nextInt(bytes.length * 8);
                bytes[bit >> 3] ^= (byte) (1 << (bit & 7));
                attempt(d, "flip bit " + (bit >> 3) + "." + (bit & 7), bytes);
                inputs++;
            }
            return inputs;
        });
    }

    // ---- allocation bounded by the buffer, not by a length field

    /**
     * A length field claiming far more than the buffer holds must not size an allocation: the decoders check every
     * length against its enclosing bounds before {@code AttrCursor.string()/bytes()} allocate by the payload length.
     */
    @Test
    void hugeClaimedLengthsAllocateNothingBig() {
        // a conntrack message with CTA_HELP { CTA_HELP_NAME "ftp" } and a CTA_SECCTX name, then an ext-ack error
        final byte[] valid = DecoderFuzzTest.concat(helperMessage(), extAckMessage());
        DecoderFuzzTest.decodeEverything(ByteBuffer.wrap(valid));
        final long[] huge = {0x7FFF_FFFFL, 0xFFFF_FFFFL, 0x8000_0000L, 0xFFFFL, 0xFFF0L, 0x1_0000L};
        final DatagramGen.Writer w = new DatagramGen.Writer();
        w.raw("helper", valid);
        final Datagram d = w.finish();
        for (final int header : d.nlaHeaders()) {
            for (final long value : new long[] {0xFFFF, 0xFFFC, 0x8000}) {
                final byte[] bytes = valid.clone();
                putLe16(bytes, header, (int) value);
                final long before = allocatedBytes();
                DecoderFuzzTest.decodeEverything(ByteBuffer.wrap(bytes));
                final long allocated = allocatedBytes() - before;
                // exceptions with stack traces, fresh decoders (each reader's flyweight and the layouts it learns,
                // ~2.5 KiB) and the decoded objects cost ~62 KiB; an array sized by the claimed length (>= 32 KiB
                // here, 64 KiB for 0xFFFF) would add itself on top of that
                assertThat(allocated).as("bytes allocated with nla_len @%d = %d", header, value)
                    .isLessThan(80 * 1024);
            }
        }
        for (final long value : huge) {
            final byte[] bytes = valid.clone();
            putLe32(bytes, 0, (int) value);
            assertThatThrownBy(() -> new MessageReader().wrap(ByteBuffer.wrap(bytes)).next())
                .isInstanceOf(DecodeException.class).extracting(e -> ((DecodeException) e).offset()).isEqualTo(0);
            final long before = allocatedBytes();
            DecoderFuzzTest.decodeEverything(ByteBuffer.wrap(bytes));
            final long allocated = allocatedBytes() - before;
            assertThat(allocated).as("bytes allocated with nlmsg_len = %d", value).isLessThan(48 * 1024);
        }
        // the string attribute claiming 0xFFFF bytes in a 100-byte message is rejected where it is
        final byte[] bytes = helperMessage();
        final int helpName = 20 + 4; // CTA_HELP header at 20, CTA_HELP_NAME header at 24 (no tuples first)
        putLe16(bytes, helpName, 0xFFFF);
        final MessageReader r = new MessageReader().wrap(ByteBuffer.wrap(bytes));
        assertThat(r.next()).isTrue();
        assertThatThrownBy(r::flow).isInstanceOf(DecodeException.class)
            .extracting(e -> ((DecodeException) e).offset()).isEqualTo(helpName);
    }

    /** A CT_NEW message whose first attribute is CTA_HELP {"ftp"}, then CTA_SECCTX, CTA_LABELS and the tuples. */
    private static byte[] helperMessage() {
        final ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        final NetlinkWriter w = new NetlinkWriter().wrap(b);
        w.begin(CT_NEW, NLM_F_MULTI, 1, 2, 2, 0, 0);
        FlowCodec.writeString(w, CTA_HELP, CTA_HELP_NAME, "ftp");
        FlowCodec.writeString(w, CTA_SECCTX, CTA_SECCTX_NAME, "system_u:object_r:unlabeled_t:s0");
        w.longs(CTA_LABELS, 1L, 2L);
        TupleCodec.write(w, CTA_TUPLE_ORIG, io.conntrack4j.model.Tuple.tcp("10.0.0.1", "10.0.0.2", 1, 2));
        TupleCodec.write(w, CTA_TUPLE_REPLY, io.conntrack4j.model.Tuple.tcp("10.0.0.2", "10.0.0.1", 2, 1));
        final int length = w.end();
        return Arrays.copyOf(b.array(), length);
    }

    private static byte[] extAckMessage() {
        final ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        final NetlinkWriter w = new NetlinkWriter().wrap(b);
        w.beginBare(NLMSG_ERROR, NLM_F_ACK_TLVS | NLM_F_CAPPED, 1, 2);
        w.rawWord(-34);
        w.rawWord(20);
        w.rawWord(CT_GET | (NLM_F_REQUEST << 16));
        w.rawWord(1);
        w.rawWord(0);
        w.string(NLMSGERR_ATTR_MSG, "Attribute failed policy validation");
        w.u32host(NLMSGERR_ATTR_OFFS, 0x14);
        final int length = w.end();
        return Arrays.copyOf(b.array(), length);
    }

    // ---- helpers

    /**
     * @return the bytes this thread has allocated so far ({@code com.sun.management.ThreadMXBean}, reached by
     *     reflection: the tests are compiled inside the module, which does not read jdk.management)
     */
    private static long allocatedBytes() {
        try {
            if (allocatedBytes == null) {
                threadBean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
                allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            }
            return (Long) allocatedBytes.invoke(threadBean, Thread.currentThread().getId());
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("no allocation counter in this JVM", e);
        }
    }

    private static Object threadBean;
    private static java.lang.reflect.Method allocatedBytes;

    /** @return the offsets of every byte of every length and type field (nlmsghdr len/type/flags, nlattr) */
    private static int[] headerBytes(final Datagram d) {
        final int[] out = new int[d.messages().size() * 8 + d.nlaHeaders().size() * 4];
        int i = 0;
        for (final int m : d.messages()) {
            for (int k = 0; k < 8; k++) {
                out[i++] = m + k;
            }
        }
        for (final int a : d.nlaHeaders()) {
            for (int k = 0; k < 4; k++) {
                out[i++] = a + k;
            }
        }
        return out;
    }

    private static ByteBuffer order(final byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    static int le32(final byte[] b, final int at) {
        return order(b).getInt(at);
    }

    static int le16(final byte[] b, final int at) {
        return order(b).getShort(at) & 0xFFFF;
    }

    static void putLe32(final byte[] b, final int at, final int v) {
        order(b).putInt(at, v);
    }

    static void putLe16(final byte[] b, final int at, final int v) {
        order(b).putShort(at, (short) v);
    }

}
