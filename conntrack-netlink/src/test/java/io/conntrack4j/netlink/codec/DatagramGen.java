package io.conntrack4j.netlink.codec;

import io.conntrack4j.model.Flow;
import io.conntrack4j.spi.Request;
import org.quicktheories.core.Gen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

import static io.conntrack4j.netlink.codec.CodecGen.BOOL;
import static io.conntrack4j.netlink.codec.CodecGen.range;
import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Generates whole kernel-shaped datagrams (dump entries, events, expectations, DONE, ACK, errors with extended-ack
 * TLVs, global, per-CPU and expectation statistics) and request datagrams, written by {@link KernelMessages},
 * {@link NetlinkWriter} and {@link RequestEncoder}. Each datagram knows where its length and type fields are, so
 * robustness tests can corrupt exactly those.
 */
final class DatagramGen {
    private DatagramGen() {
    }

    /**
     * A datagram and what it holds.
     *
     * @param bytes       the messages, back to back
     * @param description one entry per message, for failure reports
     * @param messages    the offset of each message
     * @param nlaHeaders  the offset of every attribute header (nla_len at +0, nla_type at +2), nested ones included
     */
    record Datagram(byte[] bytes, List<String> description, List<Integer> messages, List<Integer> nlaHeaders) {
        @Override
        public String toString() {
            return "Datagram" + description + " (" + bytes.length + " bytes) " + HexFormat.of().formatHex(bytes);
        }
    }

    /** @return datagrams of 1 to 5 messages of any kind the kernel sends */
    static Gen<Datagram> kernelDatagrams() {
        return in -> {
            final Writer w = new Writer();
            final int count = range(1, 5).generate(in);
            for (int i = 0; i < count; i++) {
                w.kernelMessage(in);
            }
            return w.finish();
        };
    }

    /** @return datagrams of 1 to 3 requests of any type, as a client sends them */
    static Gen<Datagram> requestDatagrams() {
        return in -> {
            final Writer w = new Writer();
            final int count = range(1, 3).generate(in);
            for (int i = 0; i < count; i++) {
                w.request(CodecGen.requests().generate(in), range(0, Integer.MAX_VALUE).generate(in));
            }
            return w.finish();
        };
    }

    /** Builds one datagram. */
    static final class Writer {
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.nativeOrder());
        private final KernelMessages kernel = new KernelMessages();
        private final NetlinkWriter raw = new NetlinkWriter();
        private final RequestEncoder requests = new RequestEncoder();
        private final List<String> description = new ArrayList<>();
        private final List<Integer> messages = new ArrayList<>();

        void kernelMessage(final org.quicktheories.core.RandomnessSource in) {
            final int seq = range(0, Integer.MAX_VALUE).generate(in);
            final int pid = range(0, Integer.MAX_VALUE).generate(in);
            switch (range(0, 9).generate(in)) {
                case 0:
                case 1:
                case 2: {
                    final Flow f = CodecGen.flows().generate(in);
                    dumpEntry(f, BOOL.generate(in) ? NLM_F_MULTI : NLM_F_MULTI | NLM_F_DUMP_FILTERED, seq, pid);
                    break;
                }
                case 3: {
                    final Flow f = CodecGen.flows().generate(in);
                    final int kind = range(0, 2).generate(in);
                    event(f, kind == 2 ? CT_DELETE : CT_NEW, kind == 0 ? NLM_F_CREATE | NLM_F_EXCL : 0, pid,
                        BOOL.generate(in) ? CodecGen.anyLong().generate(in) : null);
                    break;
                }
                case 4:
                    expectation(CodecGen.expectations(90).generate(in), seq, pid);
                    break;
                case 5:
                    done(seq, pid);
                    break;
                case 6: {
                    final Request r = CodecGen.requests().generate(in);
                    final ByteBuffer req = ByteBuffer.allocate(1 << 14).order(ByteOrder.nativeOrder());
                    requests.encode(r, seq, req);
                    req.flip();
                    final int errno = BOOL.generate(in) ? 0 : range(1, 133).generate(in);
                    if (range(0, 2).generate(in) == 0) {
                        ack(errno, req, pid);
                    } else {
                        extAckError(errno == 0 ? 22 : errno, req, BOOL.generate(in), CodecGen.names().generate(in),
                            range(0, req.limit()).generate(in), pid);
                    }
                    break;
                }
                case 7:
                    globalStats(CodecGen.globalStats().generate(in), seq, pid);
                    break;
                case 8:
                    cpuStats(CodecGen.cpuStats().generate(in), seq, pid);
                    break;
                default:
                    expectationStats(range(0, 0xFFFF).generate(in), CodecGen.option(70, CodecGen.u32()).generate(in)
                        .getOrNull(), CodecGen.u32().generate(in), CodecGen.u32().generate(in), seq, pid);
                    break;
            }
        }

        private void mark(final String what) {
            messages.add(buffer.position());
            description.add(what);
        }

        private void advance(final int length) {
            buffer.position(buffer.position() + length);
        }

        void dumpEntry(final Flow f, final int flags, final int seq, final int pid) {
            mark("flow " + CodecGen.describe(f));
            advance(kernel.wrap(buffer).flow(f, flags, seq, pid));
        }

        void event(final Flow f, final int type, final int flags, final int pid, final Long timestamp) {
            mark("event type=0x" + Integer.toHexString(type) + " flags=0x" + Integer.toHexString(flags) + " ts="
                + timestamp + " " + CodecGen.describe(f));
            raw.wrap(buffer).begin(type, flags, 0, pid, f.family().number(), 0, 0);
            FlowCodec.writeKernelAttributes(raw, f);
            if (timestamp != null) {
                raw.u64(CTA_TIMESTAMP_EVENT, timestamp);
            }
            advance(raw.end());
        }

        void expectation(final io.conntrack4j.model.Expectation x, final int seq, final int pid) {
            mark("expectation " + x.expected() + " master " + x.master());
            advance(kernel.wrap(buffer).expectation(x, NLM_F_MULTI, seq, pid));
        }

        void done(final int seq, final int pid) {
            mark("done");
            advance(kernel.wrap(buffer).done(seq, pid));
        }

        void ack(final int errno, final ByteBuffer request, final int pid) {
            mark("ack errno=" + errno);
            advance(kernel.wrap(buffer).ack(errno, request, 0, pid));
        }

        /** An error echoing the whole request (or only its header), then NLMSGERR_ATTR_MSG and _OFFS. */
        void extAckError(final int errno, final ByteBuffer request, final boolean capped, final String message,
                         final int offending, final int pid) {
            mark("ext-ack error errno=" + errno + " capped=" + capped + " msg=\"" + message + "\"");
            raw.wrap(buffer).beginBare(NLMSG_ERROR, NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0),
                request.getInt(8), pid);
            raw.rawWord(-errno);
            final int echo = capped ? NLMSG_HDRLEN : request.limit();
            for (int i = 0; i < echo; i += 4) {
                raw.rawWord(request.getInt(i));
            }
            raw.string(NLMSGERR_ATTR_MSG, message);
            raw.u32host(NLMSGERR_ATTR_OFFS, offending);
            advance(raw.end());
        }

        void globalStats(final io.conntrack4j.model.GlobalStats stats, final int seq, final int pid) {
            mark("global stats " + stats);
            advance(kernel.wrap(buffer).globalStats(stats, seq, pid));
        }

        void cpuStats(final io.conntrack4j.model.CpuStats stats, final int seq, final int pid) {
            mark("cpu stats " + stats);
            advance(kernel.wrap(buffer).cpuStats(stats, seq, pid));
        }

        /** The kernel answers EXP_GET_STATS_CPU with type CT_GET_CTRZERO (0x0103), res_id = the CPU. */
        void expectationStats(final int cpu, final Long created, final long deleted, final long news, final int seq,
                              final int pid) {
            mark("expectation stats cpu=" + cpu);
            raw.wrap(buffer).begin(CT_GET_CTRZERO, NLM_F_MULTI, seq, pid, 0, 0, cpu);
            raw.u32(CTA_STATS_EXP_NEW, news);
            if (created != null) {
                raw.u32(CTA_STATS_EXP_CREATE, created);
            }
            raw.u32(CTA_STATS_EXP_DELETE, deleted);
            advance(raw.end());
        }

        void request(final Request r, final int seq) {
            mark("request " + CodecGen.describe(r));
            final ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
            advance(requests.encode(r, seq, view));
        }

        /** Appends raw bytes as one message (a golden dump from the reference, say). */
        void raw(final String what, final byte[] message) {
            mark(what);
            buffer.put(message);
        }

        Datagram finish() {
            final byte[] bytes = new byte[buffer.position()];
            buffer.get(0, bytes);
            final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            final List<Integer> headers = new ArrayList<>();
            for (final int m : messages) {
                final int len = b.getInt(m);
                final int type = b.getShort(m + 4) & 0xFFFF;
                final int flags = b.getShort(m + 6) & 0xFFFF;
                if (type >= 0x100) {
                    attributes(b, m + NLMSG_HDRLEN + NFGEN_HDRLEN, m + len, headers);
                } else if (type == NLMSG_ERROR && (flags & NLM_F_ACK_TLVS) != 0) {
                    final int echo = m + NLMSG_HDRLEN + 4;
                    final int echoed = (flags & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : b.getInt(echo);
                    attributes(b, echo + Wire.align4(echoed), m + len, headers);
                }
            }
            return new Datagram(bytes, List.copyOf(description), List.copyOf(messages), List.copyOf(headers));
        }

        private static void attributes(final ByteBuffer b, final int start, final int end, final List<Integer> out) {
            int at = start;
            while (end - at >= NLA_HDRLEN) {
                final int len = b.getShort(at) & 0xFFFF;
                final int type = b.getShort(at + 2) & 0xFFFF;
                out.add(at);
                if ((type & NLA_F_NESTED) != 0) {
                    attributes(b, at + NLA_HDRLEN, at + len, out);
                }
                at += Wire.align4(len);
            }
        }
    }

    /** @return the datagram's messages, one per line, for reports */
    static String describe(final Datagram d) {
        final StringJoiner j = new StringJoiner("\n  ", "\n  ", "");
        for (int i = 0; i < d.messages().size(); i++) {
            j.add("@" + d.messages().get(i) + " " + d.description().get(i));
        }
        return j.toString();
    }
}
