package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.access.FlowAssembler;
import io.conntrack4j.internal.access.ModelAccess;
import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static io.conntrack4j.netlink.codec.FlowSlots.*;

/**
 * Decodes a conntrack message to a {@link Flow} from its learned {@link FlowLayout}: every attribute is read where
 * the layout says it is, instead of walking the attributes one after the other. Gives the flow {@link FlowCodec#read}
 * gives, or {@code null} when it cannot tell (then the caller decodes with {@code FlowCodec}, which also reports any
 * error exactly as it always has):
 * <ul>
 *   <li>a layout keeps the last attribute of each type, as {@code FlowCodec} does; where {@code FlowCodec}'s result
 *       depends on the order of attributes of different types (an IPv4 and an IPv6 address in one tuple, 64- and
 *       32-bit counters in one nest, several protocol infos), that part is decoded by {@code FlowCodec}'s own
 *       routines on the nest;</li>
 *   <li>the nests a layout does not index (helper, security context, master tuple, sequence adjustments, synproxy)
 *       are decoded by those routines too;</li>
 *   <li>a message that is not a valid flow, or that repeats an attribute type at some level (the walk would decode
 *       each occurrence, and may fail on an earlier one), yields {@code null}.</li>
 * </ul>
 */
final class LayoutFlowDecoder {
    private static final int RECENT = 16;
    /** Creates each flow from its parts at once: no builder per flow. */
    private static final FlowAssembler FLOWS = ModelAccess.flows();
    /**
     * TCP protocol infos recently decoded: they repeat from flow to flow of a dump, and are immutable, so flows share
     * them instead of each allocating its own (status words are shared by {@link StatusBits#valueOf}).
     */
    private final ProtoInfo.Tcp[] recentTcp = new ProtoInfo.Tcp[RECENT];
    private final long[] recentTcpKeys = new long[RECENT];

    /**
     * @param b       the buffer
     * @param at      the message's offset
     * @param layout  the message's layout
     * @param cursors cursors for the nests decoded by walking
     * @param extras  receives the event timestamp, or null
     * @return the flow, or null if {@link FlowCodec#read} must decide
     */
    Flow read(final ByteBuffer b, final int at, final FlowLayout layout, final AttrCursor[] cursors,
              final FlowCodec.Extras extras) {
        final int[] o = layout.offsets;
        final int[] n = layout.lengths;
        try {
            if (layout.hasRepeats() || o[TOP_BASE + CTA_TUPLE_ORIG] < 0) {
                return null;
            }
            final Tuple original = tuple(b, at, layout, ORIG_TUPLE_BASE, ORIG_IP_BASE, ORIG_PROTO_BASE,
                TOP_BASE + CTA_TUPLE_ORIG, cursors, null);
            if (original == null) {
                return null;
            }
            Tuple reply = null;
            if (o[TOP_BASE + CTA_TUPLE_REPLY] >= 0) {
                reply = tuple(b, at, layout, REPLY_TUPLE_BASE, REPLY_IP_BASE, REPLY_PROTO_BASE,
                    TOP_BASE + CTA_TUPLE_REPLY, cursors, original);
                if (reply == null) {
                    return null;
                }
            }
            int p = o[TOP_BASE + CTA_TUPLE_MASTER];
            final Tuple master = p < 0 ? null : TupleCodec.read(b, cursors, 1, at + p,
                at + p + n[TOP_BASE + CTA_TUPLE_MASTER], at + p - NLA_HDRLEN);
            p = o[TOP_BASE + CTA_STATUS];
            final StatusBits status = p < 0 ? null : StatusBits.valueOf(Wire.u32be(b, at + p));
            final ProtoInfo protoInfo = o[TOP_BASE + CTA_PROTOINFO] < 0 ? null : protoInfo(b, at, layout, cursors);
            p = o[TOP_BASE + CTA_HELP];
            final String helper = p < 0 ? null
                : FlowCodec.readName(b, cursors[1], at + p, at + p + n[TOP_BASE + CTA_HELP], CTA_HELP_NAME);
            final Counters countersOriginal = o[TOP_BASE + CTA_COUNTERS_ORIG] < 0 ? null
                : counters(b, at, layout, COUNTERS_ORIG_BASE, TOP_BASE + CTA_COUNTERS_ORIG, cursors);
            final Counters countersReply = o[TOP_BASE + CTA_COUNTERS_REPLY] < 0 ? null
                : counters(b, at, layout, COUNTERS_REPLY_BASE, TOP_BASE + CTA_COUNTERS_REPLY, cursors);
            p = o[TOP_BASE + CTA_ID];
            final FlowId id = p < 0 ? null : new FlowId(Wire.u32be(b, at + p));
            p = o[TOP_BASE + CTA_SEQ_ADJ_ORIG];
            final SeqAdjustment seqAdjOriginal = p < 0 ? null
                : FlowCodec.readSeqAdj(b, cursors[1], at + p, at + p + n[TOP_BASE + CTA_SEQ_ADJ_ORIG]);
            p = o[TOP_BASE + CTA_SEQ_ADJ_REPLY];
            final SeqAdjustment seqAdjReply = p < 0 ? null
                : FlowCodec.readSeqAdj(b, cursors[1], at + p, at + p + n[TOP_BASE + CTA_SEQ_ADJ_REPLY]);
            p = o[TOP_BASE + CTA_ZONE];
            final int zone = p < 0 ? 0 : Wire.u16be(b, at + p);
            p = o[TOP_BASE + CTA_SECCTX];
            final String secctx = p < 0 ? null
                : FlowCodec.readName(b, cursors[1], at + p, at + p + n[TOP_BASE + CTA_SECCTX], CTA_SECCTX_NAME);
            final Timestamps timestamps = o[TOP_BASE + CTA_TIMESTAMP] < 0 ? null : timestamps(b, at, o);
            p = o[TOP_BASE + CTA_LABELS];
            final Labels labels = p < 0 ? Labels.NONE : FlowCodec.readLabels(b, at + p, n[TOP_BASE + CTA_LABELS]);
            p = o[TOP_BASE + CTA_SYNPROXY];
            final Synproxy synproxy = p < 0 ? null
                : FlowCodec.readSynproxy(b, cursors[1], at + p, at + p + n[TOP_BASE + CTA_SYNPROXY]);
            p = o[TOP_BASE + CTA_TIMESTAMP_EVENT];
            if (p >= 0 && extras != null) {
                extras.eventTimestamp = Wire.u64be(b, at + p);
            }
            return FLOWS.assemble(original, reply, status, u32(b, at, o[TOP_BASE + CTA_TIMEOUT]), protoInfo,
                u32(b, at, o[TOP_BASE + CTA_MARK]), zone, labels, u32(b, at, o[TOP_BASE + CTA_SECMARK]), secctx,
                u32(b, at, o[TOP_BASE + CTA_USE]), id, countersOriginal, countersReply, timestamps, helper, master,
                seqAdjOriginal, seqAdjReply, synproxy);
        } catch (final DecodeException | InvalidValueException invalid) {
            return null;
        }
    }

    private static Long u32(final ByteBuffer b, final int at, final int relative) {
        return relative < 0 ? null : Wire.u32be(b, at + relative) & 0xFFFF_FFFFL;
    }

    private static Tuple tuple(final ByteBuffer b, final int at, final FlowLayout layout, final int tupleBase,
                               final int ipBase, final int protoBase, final int nestSlot, final AttrCursor[] cursors,
                               final Tuple original) {
        final int[] o = layout.offsets;
        final boolean bothFamilies = (o[ipBase + CTA_IP_V4_SRC] >= 0 || o[ipBase + CTA_IP_V4_DST] >= 0)
            && (o[ipBase + CTA_IP_V6_SRC] >= 0 || o[ipBase + CTA_IP_V6_DST] >= 0);
        final boolean bothIcmps = o[protoBase + CTA_PROTO_ICMP_ID] >= 0 && o[protoBase + CTA_PROTO_ICMPV6_ID] >= 0
            || o[protoBase + CTA_PROTO_ICMP_TYPE] >= 0 && o[protoBase + CTA_PROTO_ICMPV6_TYPE] >= 0
            || o[protoBase + CTA_PROTO_ICMP_CODE] >= 0 && o[protoBase + CTA_PROTO_ICMPV6_CODE] >= 0;
        if (bothFamilies || bothIcmps) {
            final int p = at + o[nestSlot];
            return TupleCodec.read(b, cursors, 1, p, p + layout.lengths[nestSlot], p - NLA_HDRLEN);
        }
        // locals, not a reused holder: storing a new address into a long-lived object costs the garbage
        // collector's write barrier (G1: a StoreLoad fence per store once the holder is in the old generation)
        // a reply tuple mostly holds the original's addresses, swapped: share those objects
        final IpAddress source = address(b, at, o, ipBase + CTA_IP_V4_SRC, ipBase + CTA_IP_V6_SRC,
            original == null ? null : original.destination());
        final IpAddress destination = address(b, at, o, ipBase + CTA_IP_V4_DST, ipBase + CTA_IP_V6_DST,
            original == null ? null : original.source());
        return TupleCodec.toTuple(at + o[nestSlot] - NLA_HDRLEN, source, destination,
            u8(b, at, o, protoBase + CTA_PROTO_NUM),
            u16(b, at, o, protoBase + CTA_PROTO_SRC_PORT),
            u16(b, at, o, protoBase + CTA_PROTO_DST_PORT),
            Math.max(u8(b, at, o, protoBase + CTA_PROTO_ICMP_TYPE), u8(b, at, o, protoBase + CTA_PROTO_ICMPV6_TYPE)),
            Math.max(u8(b, at, o, protoBase + CTA_PROTO_ICMP_CODE), u8(b, at, o, protoBase + CTA_PROTO_ICMPV6_CODE)),
            Math.max(u16(b, at, o, protoBase + CTA_PROTO_ICMP_ID), u16(b, at, o, protoBase + CTA_PROTO_ICMPV6_ID)),
            u16(b, at, o, tupleBase + CTA_TUPLE_ZONE));
    }

    private static IpAddress address(final ByteBuffer b, final int at, final int[] o, final int v4, final int v6,
                                     final IpAddress likely) {
        if (o[v4] >= 0) {
            final int bits = Wire.u32be(b, at + o[v4]);
            return likely != null && likely.isV4() && likely.v4Bits() == bits ? likely : IpAddress.v4(bits);
        }
        if (o[v6] >= 0) {
            final int p = at + o[v6];
            final long high = Wire.u64be(b, p);
            final long low = Wire.u64be(b, p + 8);
            return likely != null && !likely.isV4() && likely.high() == high && likely.low() == low ? likely
                : IpAddress.v6(high, low);
        }
        return null;
    }

    private static int u8(final ByteBuffer b, final int at, final int[] o, final int slot) {
        return o[slot] < 0 ? -1 : Wire.u8(b, at + o[slot]);
    }

    private static int u16(final ByteBuffer b, final int at, final int[] o, final int slot) {
        return o[slot] < 0 ? -1 : Wire.u16be(b, at + o[slot]);
    }

    private ProtoInfo protoInfo(final ByteBuffer b, final int at, final FlowLayout layout,
                                final AttrCursor[] cursors) {
        final int[] o = layout.offsets;
        if (o[PROTOINFO_BASE + CTA_PROTOINFO_SCTP] >= 0 || o[PROTOINFO_BASE + CTA_PROTOINFO_DCCP] >= 0) {
            final int p = at + o[TOP_BASE + CTA_PROTOINFO];
            return FlowCodec.readProtoInfo(b, cursors, p, p + layout.lengths[TOP_BASE + CTA_PROTOINFO],
                p - NLA_HDRLEN);
        }
        if (o[PROTOINFO_BASE + CTA_PROTOINFO_TCP] < 0) {
            return null;
        }
        final int state = u8(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_STATE);
        if (state < 0) {
            return null;
        }
        // every field as (value + 1), 0 when absent: state 8 bits, window scales 9 each, flags and mask 17 each
        final long key = state | (long) (u8(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_WSCALE_ORIGINAL) + 1) << 8
            | (long) (u8(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_WSCALE_REPLY) + 1) << 17
            | (long) (u16host(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_FLAGS_ORIGINAL) + 1) << 26
            | (long) (u16host(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_FLAGS_REPLY) + 1) << 43;
        final int slot = (int) (key ^ key >>> 13 ^ key >>> 29 ^ key >>> 45) & (RECENT - 1);
        final ProtoInfo.Tcp known = recentTcp[slot];
        if (known != null && recentTcpKeys[slot] == key) {
            return known;
        }
        final ProtoInfo.Tcp decoded = new ProtoInfo.Tcp(TcpState.of(state),
            scale(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_WSCALE_ORIGINAL),
            scale(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_WSCALE_REPLY),
            flags(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_FLAGS_ORIGINAL),
            flags(b, at, o, TCP_BASE + CTA_PROTOINFO_TCP_FLAGS_REPLY));
        recentTcp[slot] = decoded;
        recentTcpKeys[slot] = key;
        return decoded;
    }

    /** @return the two bytes of a slot's payload as one 16-bit value (any fixed order), or -1 if absent */
    private static int u16host(final ByteBuffer b, final int at, final int[] o, final int slot) {
        return o[slot] < 0 ? -1 : Wire.u16host(b, at + o[slot]);
    }

    private static Option<Integer> scale(final ByteBuffer b, final int at, final int[] o, final int slot) {
        return o[slot] < 0 ? Option.none() : FlowCodec.SMALL[Wire.u8(b, at + o[slot])];
    }

    private static Option<TcpFlags> flags(final ByteBuffer b, final int at, final int[] o, final int slot) {
        return o[slot] < 0 ? Option.none()
            : FlowCodec.tcpFlags(Wire.u8(b, at + o[slot]), Wire.u8(b, at + o[slot] + 1));
    }

    private static Counters counters(final ByteBuffer b, final int at, final FlowLayout layout, final int base,
                                     final int nestSlot, final AttrCursor[] cursors) {
        final int[] o = layout.offsets;
        final boolean packets64 = o[base + CTA_COUNTERS_PACKETS] >= 0;
        final boolean bytes64 = o[base + CTA_COUNTERS_BYTES] >= 0;
        final boolean packets32 = o[base + CTA_COUNTERS32_PACKETS] >= 0;
        final boolean bytes32 = o[base + CTA_COUNTERS32_BYTES] >= 0;
        if (packets64 && packets32 || bytes64 && bytes32) {
            final int p = at + o[nestSlot];
            return FlowCodec.readCounters(b, cursors[1], p, p + layout.lengths[nestSlot]);
        }
        final long packets = packets64 ? Wire.u64be(b, at + o[base + CTA_COUNTERS_PACKETS])
            : packets32 ? Wire.u32be(b, at + o[base + CTA_COUNTERS32_PACKETS]) & 0xFFFF_FFFFL : 0;
        final long bytes = bytes64 ? Wire.u64be(b, at + o[base + CTA_COUNTERS_BYTES])
            : bytes32 ? Wire.u32be(b, at + o[base + CTA_COUNTERS32_BYTES]) & 0xFFFF_FFFFL : 0;
        return new Counters(packets, bytes);
    }

    private static Timestamps timestamps(final ByteBuffer b, final int at, final int[] o) {
        final int start = o[TIMESTAMP_BASE + CTA_TIMESTAMP_START];
        final int stop = o[TIMESTAMP_BASE + CTA_TIMESTAMP_STOP];
        if (start >= 0) {
            final long started = Wire.u64be(b, at + start);
            return stop < 0 ? Timestamps.started(started)
                : Timestamps.startedAndStopped(started, Wire.u64be(b, at + stop));
        }
        return new Timestamps(Option.none(), stop < 0 ? Option.none() : Option.some(Wire.u64be(b, at + stop)));
    }
}
