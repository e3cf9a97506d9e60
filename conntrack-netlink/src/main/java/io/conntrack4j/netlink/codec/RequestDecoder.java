package io.conntrack4j.netlink.codec;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.error.DecodeException;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.GetExpectationStats;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Decodes ctnetlink requests back into {@link Request}s: the simulated kernel's view of what a client sent, and the
 * other half of the codec's round-trip properties. A request the model cannot express (a flush with a tuple filter
 * flag the library never sends, say) raises {@link DecodeException}.
 */
public final class RequestDecoder {
    private final MessageReader reader = new MessageReader();
    private final AttrCursor[] cursors = {new AttrCursor(), new AttrCursor(), new AttrCursor(), new AttrCursor(),
        new AttrCursor()};

    /**
     * @param buf    the buffer
     * @param offset the request's offset
     * @param length the request's length
     * @return the request
     */
    public Request decode(final ByteBuffer buf, final int offset, final int length) {
        reader.wrap(buf, offset, offset + length);
        if (!reader.next()) {
            throw new DecodeException(offset, "no message");
        }
        try {
            return decodeCurrent(Wire.native_(buf));
        } catch (final InvalidValueException e) {
            throw new DecodeException(offset, "request the model rejects: " + e.getMessage());
        }
    }

    private Request decodeCurrent(final ByteBuffer b) {
        final int type = reader.type();
        final int flags = reader.flags();
        final boolean dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
        final int start = reader.offset() + NLMSG_HDRLEN + NFGEN_HDRLEN;
        final int end = reader.offset() + reader.length();
        final Attrs a = new Attrs(b, start, end, reader.family() == 0 ? null : Family.ofNumber(reader.family()));
        switch (type) {
            case CT_GET:
                if (dump) {
                    return new DumpFlows(FlowTable.CONNTRACK, a.filter(), false);
                }
                return new GetFlow(a.lookupTuple(), a.direction(), a.zone());
            case CT_GET_CTRZERO:
                return new DumpFlows(FlowTable.CONNTRACK, a.filter(), true);
            case CT_GET_DYING:
                return new DumpFlows(FlowTable.DYING, a.filter(), false);
            case CT_GET_UNCONFIRMED:
                return new DumpFlows(FlowTable.UNCONFIRMED, a.filter(), false);
            case CT_NEW:
                return (flags & NLM_F_CREATE) != 0 ? a.create((flags & NLM_F_EXCL) == 0) : a.update();
            case CT_DELETE:
                if (a.has(CTA_TUPLE_ORIG) || a.has(CTA_TUPLE_REPLY)) {
                    if (a.has(CTA_FILTER)) {
                        return new FlushFlows(a.filter());
                    }
                    return new DeleteFlow(a.lookupTuple(), a.direction(), a.zone(),
                        a.has(CTA_ID) ? Option.some(new io.conntrack4j.model.FlowId(a.u32raw(CTA_ID))) : Option.none());
                }
                // the kernel honours the family of a flush only with nfgenmsg version 1 or a CTA_FILTER
                final boolean familyHonoured = reader.version() != 0 || a.has(CTA_FILTER);
                final KernelFilter f = a.filter();
                final KernelFilter honoured = familyHonoured ? f
                    : new KernelFilter(Option.none(), f.mark(), f.status(), f.zone(), f.original(), f.reply());
                if (honoured.isEmpty() || honoured.equals(KernelFilter.of(f.family().getOrNull()))) {
                    return new FlushAll(honoured.family());
                }
                return new FlushFlows(honoured);
            case CT_GET_STATS:
                return new GetGlobalStats();
            case CT_GET_STATS_CPU:
                return new GetCpuStats();
            case EXP_GET:
                if (dump) {
                    return new DumpExpectations(Option.of(a.family),
                        a.has(CTA_EXPECT_MASTER) ? Option.some(a.tuple(CTA_EXPECT_MASTER)) : Option.none());
                }
                return new GetExpectation(a.tuple(CTA_EXPECT_TUPLE), a.has(CTA_EXPECT_ZONE) ? a.u16(CTA_EXPECT_ZONE) : 0);
            case EXP_NEW:
                return new CreateExpectation(ExpectationCodec.read(b, cursors, start, end, reader.offset()));
            case EXP_DELETE:
                if (a.has(CTA_EXPECT_TUPLE)) {
                    return new DeleteExpectation(a.tuple(CTA_EXPECT_TUPLE),
                        a.has(CTA_EXPECT_ZONE) ? a.u16(CTA_EXPECT_ZONE) : 0);
                }
                return new FlushExpectations(a.has(CTA_EXPECT_HELP_NAME) ? Option.some(a.string(CTA_EXPECT_HELP_NAME))
                    : Option.none());
            case EXP_GET_STATS_CPU:
                return new GetExpectationStats();
            default:
                throw new DecodeException(reader.offset(), "unsupported message type 0x" + Integer.toHexString(type));
        }
    }

    /** The top-level attributes of one request, indexed by type. */
    private final class Attrs {
        private final ByteBuffer b;
        private final int[] at = new int[32];
        private final int[] len = new int[32];
        private final int[] header = new int[32];
        private final Family family;
        private final int start;
        private final int end;

        Attrs(final ByteBuffer b, final int start, final int end, final Family family) {
            this.b = b;
            this.start = start;
            this.end = end;
            this.family = family;
            final AttrCursor c = cursors[0].wrap(b, start, end);
            while (c.next()) {
                final int t = c.type();
                if (t < at.length) {
                    at[t] = c.payload() + 1;
                    len[t] = c.length();
                    header[t] = c.offset();
                }
            }
        }

        boolean has(final int type) {
            return at[type] != 0;
        }

        private int checked(final int type, final AttrSchema schema) {
            final Attr a = schema.get(type);
            if (a != null && len[type] < a.minimumSize()) {
                throw new DecodeException(header[type], a.name() + " has " + len[type] + " bytes, needs "
                    + a.minimumSize());
            }
            return at[type] - 1;
        }

        long u32(final int type) {
            return Wire.u32be(b, checked(type, CTA)) & 0xFFFF_FFFFL;
        }

        int u32raw(final int type) {
            return Wire.u32be(b, checked(type, CTA));
        }

        int u16(final int type) {
            return Wire.u16be(b, checked(type, type == CTA_EXPECT_ZONE ? EXPECT : CTA));
        }

        String string(final int type) {
            final AttrCursor c = cursors[0].wrap(b, start, end);
            while (c.next()) {
                if (c.type() == type) {
                    return c.string();
                }
            }
            return null;
        }

        int zone() {
            return has(CTA_ZONE) ? u16(CTA_ZONE) : 0;
        }

        Tuple tuple(final int type) {
            if (!has(type)) {
                // the message's offset: the attributes' start is the message's end when it has none
                throw new DecodeException(reader.offset(), "missing tuple attribute " + type);
            }
            return TupleCodec.read(b, cursors, 1, at[type] - 1, at[type] - 1 + len[type], header[type]);
        }

        TupleDirection direction() {
            return has(CTA_TUPLE_ORIG) ? TupleDirection.ORIGINAL : TupleDirection.REPLY;
        }

        Tuple lookupTuple() {
            return tuple(has(CTA_TUPLE_ORIG) ? CTA_TUPLE_ORIG : CTA_TUPLE_REPLY);
        }

        KernelFilter filter() {
            final Option<MarkMatch> mark = has(CTA_MARK)
                ? Option.some(new MarkMatch(u32(CTA_MARK), has(CTA_MARK_MASK) ? u32(CTA_MARK_MASK) : 0xFFFF_FFFFL))
                : Option.none();
            final Option<StatusMatch> status = has(CTA_STATUS)
                ? Option.some(new StatusMatch(u32raw(CTA_STATUS), has(CTA_STATUS_MASK) ? u32raw(CTA_STATUS_MASK)
                : u32raw(CTA_STATUS)))
                : Option.none();
            final Option<Integer> zone = has(CTA_ZONE) ? Option.some(u16(CTA_ZONE)) : Option.none();
            Option<TupleFilter> orig = Option.none();
            Option<TupleFilter> reply = Option.none();
            if (has(CTA_FILTER)) {
                int origFlags = 0;
                int replyFlags = 0;
                final AttrCursor c = cursors[1].wrap(b, at[CTA_FILTER] - 1, at[CTA_FILTER] - 1 + len[CTA_FILTER]);
                while (c.next()) {
                    final Attr a = FILTER.get(c.type());
                    if (a != null && c.type() == CTA_FILTER_ORIG_FLAGS) {
                        origFlags = c.u32host(a);
                    } else if (a != null) {
                        replyFlags = c.u32host(a);
                    }
                }
                orig = tupleFilter(CTA_TUPLE_ORIG, origFlags);
                reply = tupleFilter(CTA_TUPLE_REPLY, replyFlags);
            }
            return new KernelFilter(Option.of(family), mark, status, zone, orig, reply);
        }

        private Option<TupleFilter> tupleFilter(final int type, final int flags) {
            if (flags == 0) {
                return Option.none();
            }
            final int unsupported = flags & ~(FILTER_IP_SRC | FILTER_IP_DST | FILTER_PROTO_NUM | FILTER_PROTO_SRC_PORT
                | FILTER_PROTO_DST_PORT | FILTER_ICMP_TYPE | FILTER_ICMP_CODE | FILTER_ICMP_ID | FILTER_ICMPV6_TYPE
                | FILTER_ICMPV6_CODE | FILTER_ICMPV6_ID);
            if (unsupported != 0) {
                throw new DecodeException(header[CTA_FILTER], "CTA_FILTER flags 0x" + Integer.toHexString(unsupported)
                    + " are not supported");
            }
            final TupleCodec.Fields f = new TupleCodec.Fields();
            if (has(type)) {
                TupleCodec.read(b, cursors, 1, at[type] - 1, at[type] - 1 + len[type], f);
            }
            final TupleFilter all = f.toFilter();
            return Option.some(new TupleFilter(
                (flags & FILTER_IP_SRC) != 0 ? all.source() : Option.none(),
                (flags & FILTER_IP_DST) != 0 ? all.destination() : Option.none(),
                (flags & FILTER_PROTO_NUM) != 0 ? all.protocol() : Option.none(),
                (flags & FILTER_PROTO_SRC_PORT) != 0 ? all.sourcePort() : Option.none(),
                (flags & FILTER_PROTO_DST_PORT) != 0 ? all.destinationPort() : Option.none(),
                (flags & (FILTER_ICMP_TYPE | FILTER_ICMPV6_TYPE)) != 0 ? all.icmpType() : Option.none(),
                (flags & (FILTER_ICMP_CODE | FILTER_ICMPV6_CODE)) != 0 ? all.icmpCode() : Option.none(),
                (flags & (FILTER_ICMP_ID | FILTER_ICMPV6_ID)) != 0 ? all.icmpId() : Option.none()));
        }

        CreateFlow create(final boolean replace) {
            final Flow flow = FlowCodec.read(b, cursors, start, end, reader.offset(), null);
            return new CreateFlow(flow, nat(CTA_NAT_SRC), nat(CTA_NAT_DST), replace);
        }

        private Option<NatRange> nat(final int type) {
            if (!has(type)) {
                return Option.none();
            }
            IpAddress min = null;
            IpAddress max = null;
            Integer minPort = null;
            Integer maxPort = null;
            final AttrCursor c = cursors[1].wrap(b, at[type] - 1, at[type] - 1 + len[type]);
            while (c.next()) {
                final Attr a = NAT.get(c.type());
                if (a == null) {
                    continue;
                }
                switch (c.type()) {
                    case CTA_NAT_V4_MINIP:
                    case CTA_NAT_V6_MINIP:
                        min = IpAddress.of(bytes(c, a));
                        break;
                    case CTA_NAT_V4_MAXIP:
                    case CTA_NAT_V6_MAXIP:
                        max = IpAddress.of(bytes(c, a));
                        break;
                    default: {
                        final AttrCursor p = cursors[2].wrap(b, c.payload(), c.payloadEnd());
                        while (p.next()) {
                            final Attr pa = PROTONAT.get(p.type());
                            if (pa != null && p.type() == CTA_PROTONAT_PORT_MIN) {
                                minPort = p.u16(pa);
                            } else if (pa != null) {
                                maxPort = p.u16(pa);
                            }
                        }
                        break;
                    }
                }
            }
            if (min == null) {
                throw new DecodeException(header[type], "NAT without a minimum address");
            }
            return Option.some(new NatRange(min, Option.of(max), Option.of(minPort), Option.of(maxPort)));
        }

        private byte[] bytes(final AttrCursor c, final Attr a) {
            c.checked(a);
            final byte[] out = new byte[a.size()];
            b.get(c.payload(), out);
            return out;
        }

        UpdateFlow update() {
            final Tuple tuple = tuple(CTA_TUPLE_ORIG);
            FlowUpdate changes = FlowUpdate.none();
            StatusBits current = StatusBits.NONE;
            if (has(CTA_STATUS)) {
                final int sent = u32raw(CTA_STATUS) & ~Status.CONFIRMED.value();
                changes = changes.setStatus(new StatusBits(sent & Status.SETTABLE).toSet().toArray(new Status[0]));
                current = new StatusBits(sent & ~Status.SETTABLE);
            }
            if (has(CTA_TIMEOUT)) {
                changes = changes.timeout(u32(CTA_TIMEOUT));
            }
            if (has(CTA_MARK)) {
                changes = changes.mark(u32(CTA_MARK), has(CTA_MARK_MASK) ? u32(CTA_MARK_MASK) : 0xFFFF_FFFFL);
            }
            if (has(CTA_PROTOINFO)) {
                final ProtoInfo info = FlowCodec.readProtoInfo(b, cursors, at[CTA_PROTOINFO] - 1,
                    at[CTA_PROTOINFO] - 1 + len[CTA_PROTOINFO], header[CTA_PROTOINFO]);
                if (info instanceof ProtoInfo.Tcp) {
                    final TcpState state = ((ProtoInfo.Tcp) info).state();
                    changes = changes.tcpState(state);
                }
            }
            if (has(CTA_LABELS)) {
                final Labels value = labels(CTA_LABELS);
                final Labels mask = has(CTA_LABELS_MASK) ? labels(CTA_LABELS_MASK) : value;
                changes = new FlowUpdate(changes.mark(), changes.timeout(), changes.statusToSet(), value,
                    mask.minus(value), changes.tcpState());
            }
            return new UpdateFlow(tuple, zone(), current, changes);
        }

        private Labels labels(final int type) {
            final AttrCursor c = cursors[1].wrap(b, header[type], header[type] + NLA_HDRLEN + len[type]);
            c.next();
            return FlowCodec.readLabels(b, c);
        }
    }
}
