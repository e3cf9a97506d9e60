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
        final RequestAttributes a = new RequestAttributes(b, start, end,
            reader.family() == 0 ? null : Family.ofNumber(reader.family()), reader.offset(), cursors);
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
                    return new DumpExpectations(Option.of(a.family()),
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
}
