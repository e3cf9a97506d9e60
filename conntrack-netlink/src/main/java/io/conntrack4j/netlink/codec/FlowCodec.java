package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Counters;
import io.conntrack4j.model.DccpState;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.SctpState;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Conntrack messages ⇄ {@link Flow}: the attributes of a flow in the kernel's order (dump and GET replies), and the
 * decoder for every attribute a reply or an event carries. Unknown attributes are skipped; absent ones stay absent.
 */
final class FlowCodec {
    private FlowCodec() {
    }

    /** What a decoded conntrack message held besides the flow. */
    static final class Extras {
        long eventTimestamp = -1;
    }

    /**
     * Writes the attributes of a flow as the kernel sends them in a dump entry (§6.7 order).
     */
    static void writeKernelAttributes(final NetlinkWriter w, final Flow f) {
        TupleCodec.write(w, CTA_TUPLE_ORIG, f.original());
        f.reply().forEach(t -> TupleCodec.write(w, CTA_TUPLE_REPLY, t));
        if (f.zone() != 0) {
            w.u16(CTA_ZONE, f.zone());
        }
        f.status().forEach(s -> w.u32(CTA_STATUS, s.value() & 0xFFFF_FFFFL));
        f.mark().forEach(m -> w.u32(CTA_MARK, m));
        f.secctx().forEach(s -> writeString(w, CTA_SECCTX, CTA_SECCTX_NAME, s));
        f.id().forEach(id -> w.u32(CTA_ID, id.bits() & 0xFFFF_FFFFL));
        f.use().forEach(u -> w.u32(CTA_USE, u));
        f.master().forEach(t -> TupleCodec.write(w, CTA_TUPLE_MASTER, t));
        f.timeout().forEach(t -> w.u32(CTA_TIMEOUT, t));
        f.protoInfo().forEach(p -> writeProtoInfo(w, p));
        f.countersOriginal().forEach(c -> writeCounters(w, CTA_COUNTERS_ORIG, c));
        f.countersReply().forEach(c -> writeCounters(w, CTA_COUNTERS_REPLY, c));
        f.timestamps().forEach(t -> writeTimestamps(w, t));
        f.helper().forEach(h -> writeString(w, CTA_HELP, CTA_HELP_NAME, h));
        if (!f.labels().isEmpty()) {
            w.longs(CTA_LABELS, f.labels().low(), f.labels().high());
        }
        f.seqAdjOriginal().forEach(s -> writeSeqAdj(w, CTA_SEQ_ADJ_ORIG, s));
        f.seqAdjReply().forEach(s -> writeSeqAdj(w, CTA_SEQ_ADJ_REPLY, s));
        f.synproxy().forEach(s -> writeSynproxy(w, s));
        f.secmark().forEach(s -> w.u32(CTA_SECMARK, s));
    }

    static void writeString(final NetlinkWriter w, final int nestType, final int type, final String value) {
        final int nest = w.beginNest(nestType);
        w.string(type, value);
        w.endNest(nest);
    }

    static void writeProtoInfo(final NetlinkWriter w, final ProtoInfo p) {
        final int nest = w.beginNest(CTA_PROTOINFO);
        if (p instanceof ProtoInfo.Tcp) {
            final ProtoInfo.Tcp tcp = (ProtoInfo.Tcp) p;
            final int inner = w.beginNest(CTA_PROTOINFO_TCP);
            w.u8(CTA_PROTOINFO_TCP_STATE, tcp.state().value());
            // plain ifs and no byte[]: a create's hot path, where each lambda capture or array allocates
            final Option<Integer> wscaleOriginal = tcp.wscaleOriginal();
            if (wscaleOriginal.isDefined()) {
                w.u8(CTA_PROTOINFO_TCP_WSCALE_ORIGINAL, wscaleOriginal.get());
            }
            final Option<Integer> wscaleReply = tcp.wscaleReply();
            if (wscaleReply.isDefined()) {
                w.u8(CTA_PROTOINFO_TCP_WSCALE_REPLY, wscaleReply.get());
            }
            final Option<TcpFlags> flagsOriginal = tcp.flagsOriginal();
            if (flagsOriginal.isDefined()) {
                w.u8Pair(CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, flagsOriginal.get().flags(), flagsOriginal.get().mask());
            }
            final Option<TcpFlags> flagsReply = tcp.flagsReply();
            if (flagsReply.isDefined()) {
                w.u8Pair(CTA_PROTOINFO_TCP_FLAGS_REPLY, flagsReply.get().flags(), flagsReply.get().mask());
            }
            w.endNest(inner);
        } else if (p instanceof ProtoInfo.Sctp) {
            final ProtoInfo.Sctp sctp = (ProtoInfo.Sctp) p;
            final int inner = w.beginNest(CTA_PROTOINFO_SCTP);
            w.u8(CTA_PROTOINFO_SCTP_STATE, sctp.state().value());
            sctp.vtagOriginal().forEach(v -> w.u32(CTA_PROTOINFO_SCTP_VTAG_ORIGINAL, v));
            sctp.vtagReply().forEach(v -> w.u32(CTA_PROTOINFO_SCTP_VTAG_REPLY, v));
            w.endNest(inner);
        } else {
            final ProtoInfo.Dccp dccp = (ProtoInfo.Dccp) p;
            final int inner = w.beginNest(CTA_PROTOINFO_DCCP);
            w.u8(CTA_PROTOINFO_DCCP_STATE, dccp.state().value());
            dccp.role().forEach(r -> w.u8(CTA_PROTOINFO_DCCP_ROLE, r));
            dccp.handshakeSeq().forEach(s -> w.u64(CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ, s));
            w.endNest(inner);
        }
        w.endNest(nest);
    }

    private static void writeCounters(final NetlinkWriter w, final int type, final Counters c) {
        final int nest = w.beginNest(type);
        w.u64(CTA_COUNTERS_PACKETS, c.packets());
        w.u64(CTA_COUNTERS_BYTES, c.bytes());
        w.endNest(nest);
    }

    private static void writeTimestamps(final NetlinkWriter w, final Timestamps t) {
        final int nest = w.beginNest(CTA_TIMESTAMP);
        t.startNanos().forEach(s -> w.u64(CTA_TIMESTAMP_START, s));
        t.stopNanos().forEach(s -> w.u64(CTA_TIMESTAMP_STOP, s));
        w.endNest(nest);
    }

    static void writeSeqAdj(final NetlinkWriter w, final int type, final SeqAdjustment s) {
        final int nest = w.beginNest(type);
        w.u32(CTA_SEQADJ_CORRECTION_POS, s.correctionPosition());
        w.u32(CTA_SEQADJ_OFFSET_BEFORE, s.offsetBefore());
        w.u32(CTA_SEQADJ_OFFSET_AFTER, s.offsetAfter());
        w.endNest(nest);
    }

    static void writeSynproxy(final NetlinkWriter w, final Synproxy s) {
        final int nest = w.beginNest(CTA_SYNPROXY);
        w.u32(CTA_SYNPROXY_ISN, s.isn());
        w.u32(CTA_SYNPROXY_ITS, s.its());
        w.u32(CTA_SYNPROXY_TSOFF, s.tsoff());
        w.endNest(nest);
    }

    /**
     * Decodes the attributes of a conntrack message into a flow.
     *
     * @param b       native-order buffer
     * @param cursors at least five free cursors
     * @param start   offset of the first attribute (after nfgenmsg)
     * @param end     end of the message
     * @param at      offset of the message, for errors
     * @param extras  receives what is not part of the flow (event timestamp), or null
     * @return the flow
     */
    static Flow read(final ByteBuffer b, final AttrCursor[] cursors, final int start, final int end, final int at,
                     final Extras extras) {
        final AttrCursor c = cursors[0].wrap(b, start, end);
        Tuple original = null;
        // attributes may come in any order: collect them, then set the original tuple once it has been seen
        final Flow.Builder pending = Flow.builder(PLACEHOLDER);
        try {
            while (c.next()) {
                final int type = c.type();
                final Attr a = CTA.get(type);
                if (a == null) {
                    continue;
                }
                switch (type) {
                    case CTA_TUPLE_ORIG:
                        original = TupleCodec.read(b, cursors, 1, c.payload(), c.payloadEnd(), c.offset());
                        break;
                    case CTA_TUPLE_REPLY:
                        pending.reply(TupleCodec.read(b, cursors, 1, c.payload(), c.payloadEnd(), c.offset()));
                        break;
                    case CTA_TUPLE_MASTER:
                        pending.master(TupleCodec.read(b, cursors, 1, c.payload(), c.payloadEnd(), c.offset()));
                        break;
                    case CTA_STATUS:
                        pending.status(new StatusBits(c.u32raw(a)));
                        break;
                    case CTA_PROTOINFO:
                        pending.protoInfo(readProtoInfo(b, cursors, c.payload(), c.payloadEnd(), c.offset()));
                        break;
                    case CTA_HELP:
                        pending.helper(readName(b, cursors[1], c.payload(), c.payloadEnd(), CTA_HELP_NAME));
                        break;
                    case CTA_TIMEOUT:
                        pending.timeout(c.u32(a));
                        break;
                    case CTA_MARK:
                        pending.mark(c.u32(a));
                        break;
                    case CTA_COUNTERS_ORIG:
                        pending.countersOriginal(readCounters(b, cursors[1], c.payload(), c.payloadEnd()));
                        break;
                    case CTA_COUNTERS_REPLY:
                        pending.countersReply(readCounters(b, cursors[1], c.payload(), c.payloadEnd()));
                        break;
                    case CTA_USE:
                        pending.use(c.u32(a));
                        break;
                    case CTA_ID:
                        pending.id(new FlowId(c.u32raw(a)));
                        break;
                    case CTA_SEQ_ADJ_ORIG:
                        pending.seqAdjOriginal(readSeqAdj(b, cursors[1], c.payload(), c.payloadEnd()));
                        break;
                    case CTA_SEQ_ADJ_REPLY:
                        pending.seqAdjReply(readSeqAdj(b, cursors[1], c.payload(), c.payloadEnd()));
                        break;
                    case CTA_SECMARK:
                        pending.secmark(c.u32(a));
                        break;
                    case CTA_ZONE:
                        pending.zone(c.u16(a));
                        break;
                    case CTA_SECCTX:
                        pending.secctx(readName(b, cursors[1], c.payload(), c.payloadEnd(), CTA_SECCTX_NAME));
                        break;
                    case CTA_TIMESTAMP:
                        pending.timestamps(readTimestamps(b, cursors[1], c.payload(), c.payloadEnd()));
                        break;
                    case CTA_LABELS:
                        pending.labels(readLabels(b, c));
                        break;
                    case CTA_SYNPROXY:
                        pending.synproxy(readSynproxy(b, cursors[1], c.payload(), c.payloadEnd()));
                        break;
                    case CTA_TIMESTAMP_EVENT:
                        if (extras != null) {
                            extras.eventTimestamp = c.u64(a);
                        }
                        break;
                    default:
                        break; // request-only attributes (NAT, masks, filter) carry nothing a flow holds
                }
            }
            if (original == null) {
                throw new DecodeException(at, "conntrack message without CTA_TUPLE_ORIG");
            }
            return pending.original(original).build();
        } catch (final InvalidValueException e) {
            throw new DecodeException(at, "invalid flow: " + e.getMessage());
        }
    }

    /** {@code Option.some(i)} for every byte value: window scales are decoded without allocating. */
    static final Option<Integer>[] SMALL = options(256, Integer::valueOf);
    /** {@code Option.some(TcpFlags(f, 0))} for every byte: the kernel always reports mask 0. */
    private static final Option<TcpFlags>[] FLAGS = options(256, f -> new TcpFlags(f, 0));

    @SuppressWarnings("unchecked")
    private static <T> Option<T>[] options(final int count, final java.util.function.IntFunction<T> value) {
        final Option<T>[] table = new Option[count];
        for (int i = 0; i < count; i++) {
            table[i] = Option.some(value.apply(i));
        }
        return table;
    }

    static Option<TcpFlags> tcpFlags(final int flags, final int mask) {
        return mask == 0 ? FLAGS[flags] : Option.some(new TcpFlags(flags, mask));
    }

    /** Stands for the original tuple until the decoder has read it; never part of a returned flow. */
    static final Tuple PLACEHOLDER = Tuple.udp("0.0.0.0", "0.0.0.0", 0, 0);

    static String readName(final ByteBuffer b, final AttrCursor c, final int start, final int end, final int type) {
        c.wrap(b, start, end);
        String name = null;
        while (c.next()) {
            if (c.type() == type) {
                name = c.string();
            }
        }
        return name;
    }

    static ProtoInfo readProtoInfo(final ByteBuffer b, final AttrCursor[] cursors, final int start, final int end,
                                   final int at) {
        final AttrCursor c = cursors[1].wrap(b, start, end);
        ProtoInfo info = null;
        while (c.next()) {
            final AttrCursor inner = cursors[2].wrap(b, c.payload(), c.payloadEnd());
            switch (c.type()) {
                case CTA_PROTOINFO_TCP: {
                    int state = -1;
                    Option<Integer> wo = Option.none();
                    Option<Integer> wr = Option.none();
                    Option<TcpFlags> fo = Option.none();
                    Option<TcpFlags> fr = Option.none();
                    while (inner.next()) {
                        final Attr a = PROTOINFO_TCP.get(inner.type());
                        if (a == null) {
                            continue;
                        }
                        final int p = inner.checked(a);
                        switch (inner.type()) {
                            case CTA_PROTOINFO_TCP_STATE:
                                state = Wire.u8(b, p);
                                break;
                            case CTA_PROTOINFO_TCP_WSCALE_ORIGINAL:
                                wo = SMALL[Wire.u8(b, p)];
                                break;
                            case CTA_PROTOINFO_TCP_WSCALE_REPLY:
                                wr = SMALL[Wire.u8(b, p)];
                                break;
                            case CTA_PROTOINFO_TCP_FLAGS_ORIGINAL:
                                fo = tcpFlags(Wire.u8(b, p), Wire.u8(b, p + 1));
                                break;
                            default:
                                fr = tcpFlags(Wire.u8(b, p), Wire.u8(b, p + 1));
                                break;
                        }
                    }
                    if (state >= 0) {
                        info = new ProtoInfo.Tcp(TcpState.of(state), wo, wr, fo, fr);
                    }
                    break;
                }
                case CTA_PROTOINFO_SCTP: {
                    int state = -1;
                    Long vo = null;
                    Long vr = null;
                    while (inner.next()) {
                        final Attr a = PROTOINFO_SCTP.get(inner.type());
                        if (a == null) {
                            continue;
                        }
                        switch (inner.type()) {
                            case CTA_PROTOINFO_SCTP_STATE:
                                state = inner.u8(a);
                                break;
                            case CTA_PROTOINFO_SCTP_VTAG_ORIGINAL:
                                vo = inner.u32(a);
                                break;
                            default:
                                vr = inner.u32(a);
                                break;
                        }
                    }
                    if (state >= 0) {
                        info = new ProtoInfo.Sctp(SctpState.of(state), Option.of(vo), Option.of(vr));
                    }
                    break;
                }
                case CTA_PROTOINFO_DCCP: {
                    int state = -1;
                    Integer role = null;
                    Long seq = null;
                    while (inner.next()) {
                        final Attr a = PROTOINFO_DCCP.get(inner.type());
                        if (a == null || a.kind() == AttrKind.PAD) {
                            continue;
                        }
                        switch (inner.type()) {
                            case CTA_PROTOINFO_DCCP_STATE:
                                state = inner.u8(a);
                                break;
                            case CTA_PROTOINFO_DCCP_ROLE:
                                role = inner.u8(a);
                                break;
                            default:
                                seq = inner.u64(a);
                                break;
                        }
                    }
                    if (state >= 0) {
                        info = new ProtoInfo.Dccp(DccpState.of(state), Option.of(role), Option.of(seq));
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return info;
    }

    static Counters readCounters(final ByteBuffer b, final AttrCursor c, final int start, final int end) {
        c.wrap(b, start, end);
        long packets = 0;
        long bytes = 0;
        while (c.next()) {
            final Attr a = COUNTERS.get(c.type());
            if (a == null) {
                continue;
            }
            switch (c.type()) {
                case CTA_COUNTERS_PACKETS:
                    packets = c.u64(a);
                    break;
                case CTA_COUNTERS_BYTES:
                    bytes = c.u64(a);
                    break;
                case CTA_COUNTERS32_PACKETS:
                    packets = c.u32(a);
                    break;
                case CTA_COUNTERS32_BYTES:
                    bytes = c.u32(a);
                    break;
                default:
                    break;
            }
        }
        return new Counters(packets, bytes);
    }

    static Timestamps readTimestamps(final ByteBuffer b, final AttrCursor c, final int start, final int end) {
        c.wrap(b, start, end);
        Long startNs = null;
        Long stopNs = null;
        while (c.next()) {
            final Attr a = TIMESTAMP.get(c.type());
            if (a == null || a.kind() == AttrKind.PAD) {
                continue;
            }
            if (c.type() == CTA_TIMESTAMP_START) {
                startNs = c.u64(a);
            } else {
                stopNs = c.u64(a);
            }
        }
        return new Timestamps(Option.of(startNs), Option.of(stopNs));
    }

    static SeqAdjustment readSeqAdj(final ByteBuffer b, final AttrCursor c, final int start, final int end) {
        c.wrap(b, start, end);
        final long[] v = new long[4];
        while (c.next()) {
            final Attr a = SEQADJ.get(c.type());
            if (a != null) {
                v[c.type()] = c.u32(a);
            }
        }
        return new SeqAdjustment(v[CTA_SEQADJ_CORRECTION_POS], v[CTA_SEQADJ_OFFSET_BEFORE], v[CTA_SEQADJ_OFFSET_AFTER]);
    }

    static Synproxy readSynproxy(final ByteBuffer b, final AttrCursor c, final int start, final int end) {
        c.wrap(b, start, end);
        final long[] v = new long[4];
        while (c.next()) {
            final Attr a = SYNPROXY.get(c.type());
            if (a != null) {
                v[c.type()] = c.u32(a);
            }
        }
        return new Synproxy(v[CTA_SYNPROXY_ISN], v[CTA_SYNPROXY_ITS], v[CTA_SYNPROXY_TSOFF]);
    }

    /** CTA_LABELS: the kernel's host-order {@code unsigned long} bitmap; bit n of the set is label n. */
    static Labels readLabels(final ByteBuffer b, final AttrCursor c) {
        return readLabels(b, c.payload(), c.length());
    }

    /** CTA_LABELS from its payload's offset and length. */
    static Labels readLabels(final ByteBuffer b, final int p, final int len) {
        long low = 0;
        long high = 0;
        for (int i = 0; i < len && i < 16; i++) {
            final long bits = (b.get(p + i) & 0xFFL) << (8 * (i % 8));
            if (i < 8) {
                low |= bits;
            } else {
                high |= bits;
            }
        }
        return Labels.ofWords(low, high);
    }
}
