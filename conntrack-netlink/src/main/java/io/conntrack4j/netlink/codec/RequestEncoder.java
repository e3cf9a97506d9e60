package io.conntrack4j.netlink.codec;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.DumpFlows;
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
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Encodes every {@link Request} into the ctnetlink message the kernel expects, attribute order as conntrack-tools
 * sends it. {@link Subscribe} and {@link io.conntrack4j.spi.SubscribeExpectations} are not messages (they are socket
 * memberships) and are rejected.
 */
public final class RequestEncoder {
    private final NetlinkWriter w = new NetlinkWriter();

    /**
     * Encodes one request at the buffer's position.
     *
     * @param request the request
     * @param seq     the sequence number to put in the header
     * @param out     the buffer; its position is advanced past the message
     * @return the message length
     * @throws java.nio.BufferOverflowException if the message does not fit (the position is then unchanged)
     */
    public int encode(final Request request, final int seq, final ByteBuffer out) {
        w.wrap(out);
        final int start = w.position();
        write(request, seq);
        out.position(w.position());
        return w.position() - start;
    }

    private void write(final Request request, final int seq) {
        if (request instanceof DumpFlows) {
            dump((DumpFlows) request, seq);
        } else if (request instanceof GetFlow) {
            final GetFlow r = (GetFlow) request;
            w.begin(CT_GET, NLM_F_REQUEST, seq, r.tuple().family().number(), 0, 0);
            TupleCodec.write(w, r.direction() == TupleDirection.ORIGINAL ? CTA_TUPLE_ORIG : CTA_TUPLE_REPLY, r.tuple());
            zone(r.zone());
            w.end();
        } else if (request instanceof CreateFlow) {
            create((CreateFlow) request, seq);
        } else if (request instanceof UpdateFlow) {
            update((UpdateFlow) request, seq);
        } else if (request instanceof DeleteFlow) {
            final DeleteFlow r = (DeleteFlow) request;
            w.begin(CT_DELETE, NLM_F_REQUEST | NLM_F_ACK, seq, r.tuple().family().number(), 0, 0);
            TupleCodec.write(w, r.direction() == TupleDirection.ORIGINAL ? CTA_TUPLE_ORIG : CTA_TUPLE_REPLY, r.tuple());
            zone(r.zone());
            final Option<FlowId> id = r.id();
            if (id.isDefined()) {
                w.u32(CTA_ID, id.get().bits() & 0xFFFF_FFFFL);
            }
            w.end();
        } else if (request instanceof FlushFlows) {
            final KernelFilter f = ((FlushFlows) request).filter();
            // version 1 makes the kernel honour the family (version 0 flushes every family)
            w.begin(CT_DELETE, NLM_F_REQUEST | NLM_F_ACK, seq, familyNumber(f.family()),
                f.family().isDefined() ? 1 : 0, 0);
            filter(f);
            w.end();
        } else if (request instanceof FlushAll) {
            final Option<Family> family = ((FlushAll) request).family();
            w.begin(CT_DELETE, NLM_F_REQUEST | NLM_F_ACK, seq, familyNumber(family),
                family.isDefined() ? 1 : 0, 0);
            w.end();
        } else if (request instanceof GetGlobalStats) {
            w.begin(CT_GET_STATS, NLM_F_REQUEST, seq, 0, 0, 0);
            w.end();
        } else if (request instanceof GetCpuStats) {
            w.begin(CT_GET_STATS_CPU, NLM_F_REQUEST | NLM_F_DUMP, seq, 0, 0, 0);
            w.end();
        } else if (request instanceof DumpExpectations) {
            final DumpExpectations r = (DumpExpectations) request;
            w.begin(EXP_GET, NLM_F_REQUEST | NLM_F_DUMP, seq, familyNumber(r.family()), 0, 0);
            r.master().forEach(t -> TupleCodec.write(w, CTA_EXPECT_MASTER, t));
            w.end();
        } else if (request instanceof GetExpectation) {
            final GetExpectation r = (GetExpectation) request;
            w.begin(EXP_GET, NLM_F_REQUEST, seq, r.expected().family().number(), 0, 0);
            TupleCodec.write(w, CTA_EXPECT_TUPLE, r.expected());
            if (r.zone() != 0) {
                w.u16(CTA_EXPECT_ZONE, r.zone());
            }
            w.end();
        } else if (request instanceof CreateExpectation) {
            createExpectation(((CreateExpectation) request).expectation(), seq);
        } else if (request instanceof DeleteExpectation) {
            final DeleteExpectation r = (DeleteExpectation) request;
            w.begin(EXP_DELETE, NLM_F_REQUEST | NLM_F_ACK, seq, r.expected().family().number(), 0, 0);
            TupleCodec.write(w, CTA_EXPECT_TUPLE, r.expected());
            if (r.zone() != 0) {
                w.u16(CTA_EXPECT_ZONE, r.zone());
            }
            w.end();
        } else if (request instanceof FlushExpectations) {
            w.begin(EXP_DELETE, NLM_F_REQUEST | NLM_F_ACK, seq, 0, 0, 0);
            ((FlushExpectations) request).helper().forEach(h -> w.string(CTA_EXPECT_HELP_NAME, h));
            w.end();
        } else if (request instanceof GetExpectationStats) {
            w.begin(EXP_GET_STATS_CPU, NLM_F_REQUEST | NLM_F_DUMP, seq, 0, 0, 0);
            w.end();
        } else {
            throw new IllegalArgumentException("not a ctnetlink message: " + request
                + " (a subscription is a multicast membership of the socket)");
        }
    }

    private void dump(final DumpFlows r, final int seq) {
        final int type;
        switch (r.table()) {
            case DYING:
                type = CT_GET_DYING;
                break;
            case UNCONFIRMED:
                type = CT_GET_UNCONFIRMED;
                break;
            default:
                type = r.zeroCounters() ? CT_GET_CTRZERO : CT_GET;
                break;
        }
        w.begin(type, NLM_F_REQUEST | NLM_F_DUMP, seq, familyNumber(r.filter().family()), 0, 0);
        filter(r.filter());
        w.end();
    }

    /** The filter attributes of a dump or flush, in conntrack's order: mark, mark mask, status, status mask. */
    private void filter(final KernelFilter f) {
        // plain ifs, not Option.forEach lambdas: each capture allocates
        final Option<MarkMatch> mark = f.mark();
        if (mark.isDefined()) {
            w.u32(CTA_MARK, mark.get().value());
            w.u32(CTA_MARK_MASK, mark.get().mask());
        }
        final Option<StatusMatch> status = f.status();
        if (status.isDefined()) {
            w.u32(CTA_STATUS, status.get().value() & 0xFFFF_FFFFL);
            w.u32(CTA_STATUS_MASK, status.get().mask() & 0xFFFF_FFFFL);
        }
        final Option<Integer> zone = f.zone();
        if (zone.isDefined()) {
            w.u16(CTA_ZONE, zone.get());
        }
        // a tuple filter without any field matches everything: send none (an empty tuple with CTA_FILTER flags 0
        // would need a 5.8 kernel for nothing, and cannot be told apart from no tuple filter when decoded)
        final TupleFilter original = f.original().filter(t -> !t.isEmpty()).getOrNull();
        final TupleFilter reply = f.reply().filter(t -> !t.isEmpty()).getOrNull();
        if (original != null || reply != null) {
            final Family family = f.family().get();
            final int origFlags = original == null ? 0 : TupleCodec.writeFilter(w, CTA_TUPLE_ORIG, original, family);
            final int replyFlags = reply == null ? 0 : TupleCodec.writeFilter(w, CTA_TUPLE_REPLY, reply, family);
            final int nest = w.beginNest(CTA_FILTER);
            w.u32host(CTA_FILTER_ORIG_FLAGS, origFlags);
            w.u32host(CTA_FILTER_REPLY_FLAGS, replyFlags);
            w.endNest(nest);
        }
    }

    /** @return the family's number, 0 (AF_UNSPEC) when absent (without Option.map, which allocates) */
    private static int familyNumber(final Option<Family> family) {
        return family.isDefined() ? family.get().number() : 0;
    }

    private void zone(final int zone) {
        if (zone != 0) {
            w.u16(CTA_ZONE, zone);
        }
    }

    /** A create in libnetfilter_conntrack's order: tuples, status, timeout, mark, protoinfo, NAT, helper, zone... */
    private void create(final CreateFlow r, final int seq) {
        final Flow f = r.flow();
        final int flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (r.replaceExisting() ? 0 : NLM_F_EXCL);
        w.begin(CT_NEW, flags, seq, f.family().number(), 0, 0);
        TupleCodec.write(w, CTA_TUPLE_ORIG, f.original());
        // plain ifs, not Option.forEach lambdas: this is the hot path of createAll and each capture allocates
        final Option<Tuple> reply = f.reply();
        if (reply.isDefined()) {
            TupleCodec.write(w, CTA_TUPLE_REPLY, reply.get());
        }
        final Option<Tuple> master = f.master();
        if (master.isDefined()) {
            TupleCodec.write(w, CTA_TUPLE_MASTER, master.get());
        }
        final Option<StatusBits> status = f.status();
        if (status.isDefined()) {
            w.u32(CTA_STATUS, status.get().value() & 0xFFFF_FFFFL);
        }
        final Option<Long> timeout = f.timeout();
        if (timeout.isDefined()) {
            w.u32(CTA_TIMEOUT, timeout.get());
        }
        final Option<Long> mark = f.mark();
        if (mark.isDefined()) {
            w.u32(CTA_MARK, mark.get());
        }
        final Option<ProtoInfo> protoInfo = f.protoInfo();
        if (protoInfo.isDefined()) {
            FlowCodec.writeProtoInfo(w, protoInfo.get());
        }
        if (r.sourceNat().isDefined()) {
            nat(CTA_NAT_SRC, r.sourceNat().get());
        }
        if (r.destinationNat().isDefined()) {
            nat(CTA_NAT_DST, r.destinationNat().get());
        }
        final Option<SeqAdjustment> seqAdjOriginal = f.seqAdjOriginal();
        if (seqAdjOriginal.isDefined()) {
            FlowCodec.writeSeqAdj(w, CTA_SEQ_ADJ_ORIG, seqAdjOriginal.get());
        }
        final Option<SeqAdjustment> seqAdjReply = f.seqAdjReply();
        if (seqAdjReply.isDefined()) {
            FlowCodec.writeSeqAdj(w, CTA_SEQ_ADJ_REPLY, seqAdjReply.get());
        }
        final Option<String> helper = f.helper();
        if (helper.isDefined()) {
            FlowCodec.writeString(w, CTA_HELP, CTA_HELP_NAME, helper.get());
        }
        zone(f.zone());
        final Labels labels = f.labels();
        if (!labels.isEmpty()) {
            w.longs(CTA_LABELS, labels.low(), labels.high());
            w.longs(CTA_LABELS_MASK, labels.low(), labels.high());
        }
        final Option<Synproxy> synproxy = f.synproxy();
        if (synproxy.isDefined()) {
            FlowCodec.writeSynproxy(w, synproxy.get());
        }
        w.end();
    }


    private void nat(final int type, final NatRange n) {
        final int nest = w.beginNest(type);
        final boolean v4 = n.minAddress().isV4();
        w.address(v4 ? CTA_NAT_V4_MINIP : CTA_NAT_V6_MINIP, n.minAddress());
        final Option<IpAddress> maxAddress = n.maxAddress();
        if (maxAddress.isDefined()) {
            w.address(v4 ? CTA_NAT_V4_MAXIP : CTA_NAT_V6_MAXIP, maxAddress.get());
        }
        final Option<Integer> minPort = n.minPort();
        if (minPort.isDefined()) {
            final int proto = w.beginNest(CTA_NAT_PROTO);
            final int min = minPort.get();
            final Option<Integer> maxPort = n.maxPort();
            w.u16(CTA_PROTONAT_PORT_MIN, min);
            w.u16(CTA_PROTONAT_PORT_MAX, maxPort.isDefined() ? maxPort.get() : min);
            w.endNest(proto);
        }
        w.endNest(nest);
    }

    /**
     * An update: the tuple, then only what changes. Status is sent with CONFIRMED and every bit the flow already
     * has that the kernel refuses to clear, so setting a bit never fails with EBUSY.
     */
    private void update(final UpdateFlow r, final int seq) {
        final FlowUpdate u = r.changes();
        w.begin(CT_NEW, NLM_F_REQUEST | NLM_F_ACK, seq, r.tuple().family().number(), 0, 0);
        TupleCodec.write(w, CTA_TUPLE_ORIG, r.tuple());
        r.statusToSend().forEach(status -> w.u32(CTA_STATUS, status.value() & 0xFFFF_FFFFL));
        u.timeout().forEach(t -> w.u32(CTA_TIMEOUT, t));
        u.mark().forEach(m -> {
            w.u32(CTA_MARK, m.value());
            if (m.mask() != 0xFFFF_FFFFL) {
                w.u32(CTA_MARK_MASK, m.mask());
            }
        });
        u.tcpState().forEach(s -> FlowCodec.writeProtoInfo(w, ProtoInfo.Tcp.of(s)));
        zone(r.zone());
        if (!u.labelsToAdd().isEmpty() || !u.labelsToRemove().isEmpty()) {
            final Labels mask = u.labelsMask();
            w.longs(CTA_LABELS, u.labelsToAdd().low(), u.labelsToAdd().high());
            w.longs(CTA_LABELS_MASK, mask.low(), mask.high());
        }
        w.end();
    }

    private void createExpectation(final Expectation x, final int seq) {
        w.begin(EXP_NEW, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, x.expected().family().number(),
            0, 0);
        ExpectationCodec.write(w, x, false);
        w.end();
    }

}
