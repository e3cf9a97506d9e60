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
 * The top-level attributes of one ctnetlink request, indexed by type, with typed readers: what a kernel (the
 * simulated one, or the decoder of the codec's round trip) parses before it acts. Absent attributes are reported as
 * absent; a malformed present one raises {@link DecodeException} with its offset.
 */
public final class RequestAttributes {
    private final AttrCursor[] cursors;
    private final int messageOffset;
    private final ByteBuffer b;
    private final int[] at = new int[32];
    private final int[] len = new int[32];
    private final int[] header = new int[32];
    private final Family family;
    private final int start;
    private final int end;

    /**
     * Indexes the top-level attributes of one request message.
     *
     * @param b             the buffer (native order)
     * @param start         the first attribute's offset (after nlmsghdr and nfgenmsg)
     * @param end           the message's end
     * @param family        the nfgenmsg family, or null for AF_UNSPEC
     * @param messageOffset the message's offset, for errors
     * @param cursors       five scratch cursors
     */
    RequestAttributes(final ByteBuffer b, final int start, final int end, final Family family,
                      final int messageOffset, final AttrCursor[] cursors) {
        this.cursors = cursors;
        this.messageOffset = messageOffset;
        this.b = Wire.native_(b);
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

    /**
     * @param reader a reader positioned on a ctnetlink request (see {@link MessageReader#next()})
     * @param buffer the buffer the reader wraps
     * @return the request's attributes
     */
    public static RequestAttributes of(final MessageReader reader, final ByteBuffer buffer) {
        final int start = reader.offset() + NLMSG_HDRLEN + NFGEN_HDRLEN;
        final int end = reader.offset() + reader.length();
        if (start > end) {
            throw new DecodeException(reader.offset(), "a ctnetlink request needs an nfgenmsg header");
        }
        return new RequestAttributes(buffer, start, end,
            reader.family() == 0 ? null : Family.ofNumber(reader.family()), reader.offset(),
            new AttrCursor[] {new AttrCursor(), new AttrCursor(), new AttrCursor(), new AttrCursor(),
                new AttrCursor()});
    }

    /** @return the nfgenmsg family, or null for AF_UNSPEC */
    public Family family() {
        return family;
    }

    /**
     * @param type a top-level attribute type
     * @return its payload length (0 when absent)
     */
    public int length(final int type) {
        return type < at.length ? len[type] : 0;
    }

    /**
     * @param type a top-level attribute type
     * @return its payload bytes (empty when absent)
     */
    public byte[] bytes(final int type) {
        final byte[] out = new byte[length(type)];
        if (out.length > 0) {
            b.get(at[type] - 1, out);
        }
        return out;
    }

    /**
     * @param type a top-level attribute type
     * @return the offset of its header, for errors
     */
    public int offsetOf(final int type) {
        return has(type) ? header[type] : messageOffset;
    }

    /**
     * @return the raw CTA_PROTOINFO_TCP_STATE byte, or -1 when CTA_PROTOINFO carries no TCP state (a state of 10 or
     *     more is out of the kernel's range)
     */
    public int rawTcpState() {
        if (!has(CTA_PROTOINFO)) {
            return -1;
        }
        final AttrCursor c = cursors[1].wrap(b, at[CTA_PROTOINFO] - 1, at[CTA_PROTOINFO] - 1 + len[CTA_PROTOINFO]);
        while (c.next()) {
            if (c.type() == CTA_PROTOINFO_TCP) {
                final AttrCursor inner = cursors[2].wrap(b, c.payload(), c.payloadEnd());
                while (inner.next()) {
                    if (inner.type() == CTA_PROTOINFO_TCP_STATE && inner.length() >= 1) {
                        return Wire.u8(b, inner.payload());
                    }
                }
            }
        }
        return -1;
    }

    /** @return CTA_PROTOINFO decoded (its TCP state must be below 10; check {@link #rawTcpState()} first) */
    public Option<ProtoInfo> protoInfo() {
        if (!has(CTA_PROTOINFO)) {
            return Option.none();
        }
        return Option.of(FlowCodec.readProtoInfo(b, cursors, at[CTA_PROTOINFO] - 1,
            at[CTA_PROTOINFO] - 1 + len[CTA_PROTOINFO], header[CTA_PROTOINFO]));
    }

    /** @return the CTA_HELP name */
    public Option<String> helperName() {
        if (!has(CTA_HELP)) {
            return Option.none();
        }
        return Option.of(FlowCodec.readName(b, cursors[1], at[CTA_HELP] - 1, at[CTA_HELP] - 1 + len[CTA_HELP],
            CTA_HELP_NAME));
    }

    /**
     * @param type CTA_SEQ_ADJ_ORIG or CTA_SEQ_ADJ_REPLY
     * @return the sequence adjustment
     */
    public Option<io.conntrack4j.model.SeqAdjustment> seqAdj(final int type) {
        if (!has(type)) {
            return Option.none();
        }
        return Option.some(FlowCodec.readSeqAdj(b, cursors[1], at[type] - 1, at[type] - 1 + len[type]));
    }

    /** @return CTA_SYNPROXY */
    public Option<io.conntrack4j.model.Synproxy> synproxy() {
        if (!has(CTA_SYNPROXY)) {
            return Option.none();
        }
        return Option.some(FlowCodec.readSynproxy(b, cursors[1], at[CTA_SYNPROXY] - 1,
            at[CTA_SYNPROXY] - 1 + len[CTA_SYNPROXY]));
    }

    /**
     * @param type CTA_LABELS or CTA_LABELS_MASK
     * @return the label bits (bytes past 16 ignored)
     */
    public Labels labelsOf(final int type) {
        return has(type) ? labels(type) : Labels.NONE;
    }

    /**
     * @param type CTA_FILTER_ORIG_FLAGS or CTA_FILTER_REPLY_FLAGS
     * @return the flags inside CTA_FILTER (0 when absent)
     */
    public int filterFlags(final int type) {
        if (!has(CTA_FILTER)) {
            return 0;
        }
        int flags = 0;
        final AttrCursor c = cursors[1].wrap(b, at[CTA_FILTER] - 1, at[CTA_FILTER] - 1 + len[CTA_FILTER]);
        while (c.next()) {
            final Attr a = FILTER.get(c.type());
            if (a != null && c.type() == type) {
                flags = c.u32host(a);
            }
        }
        return flags;
    }

    /**
     * The fields of a tuple attribute, each present or not, without requiring a complete tuple (a CTA_FILTER
     * tuple carries only the flagged fields).
     *
     * @param type CTA_TUPLE_ORIG or CTA_TUPLE_REPLY
     * @return the fields as a tuple filter matching exactly them
     */
    public TupleFilter tupleFields(final int type) {
        final TupleCodec.Fields f = new TupleCodec.Fields();
        if (has(type)) {
            TupleCodec.read(b, cursors, 1, at[type] - 1, at[type] - 1 + len[type], f);
        }
        return f.toFilter();
    }

    /**
     * @param type a top-level attribute type
     * @return true if present
     */
    public boolean has(final int type) {
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

    /**
     * @param type a present u32 attribute (network order)
     * @return its value
     */
    public long u32(final int type) {
        return Wire.u32be(b, checked(type, CTA)) & 0xFFFF_FFFFL;
    }

    /**
     * @param type a present u32 attribute (network order)
     * @return its bits as an int
     */
    public int u32raw(final int type) {
        return Wire.u32be(b, checked(type, CTA));
    }

    /**
     * @param type a present u16 attribute (network order)
     * @return its value
     */
    public int u16(final int type) {
        return Wire.u16be(b, checked(type, type == CTA_EXPECT_ZONE ? EXPECT : CTA));
    }

    /**
     * @param type a string attribute
     * @return its value, or null when absent
     */
    public String string(final int type) {
        final AttrCursor c = cursors[0].wrap(b, start, end);
        while (c.next()) {
            if (c.type() == type) {
                return c.string();
            }
        }
        return null;
    }

    /** @return CTA_ZONE, 0 when absent */
    public int zone() {
        return has(CTA_ZONE) ? u16(CTA_ZONE) : 0;
    }

    /**
     * @param type a tuple attribute
     * @return the tuple
     * @throws DecodeException if absent or incomplete (the kernel's EINVAL)
     */
    public Tuple tuple(final int type) {
        if (!has(type)) {
            // the message's offset: the attributes' start is the message's end when it has none
            throw new DecodeException(messageOffset, "missing tuple attribute " + type);
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
        final Flow flow = FlowCodec.read(b, cursors, start, end, messageOffset, null);
        return new CreateFlow(flow, nat(CTA_NAT_SRC), nat(CTA_NAT_DST), replace);
    }

    /**
     * @param type CTA_NAT_SRC or CTA_NAT_DST
     * @return the NAT range
     */
    public Option<NatRange> nat(final int type) {
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
