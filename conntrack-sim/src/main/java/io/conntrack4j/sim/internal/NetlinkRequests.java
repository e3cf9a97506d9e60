package io.conntrack4j.sim.internal;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.error.Errno;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.RequestAttributes;
import io.vavr.control.Option;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Parses the parts of ctnetlink requests the kernel parses before it acts: tuples checked against the message's
 * family, and {@code IPCTNL_MSG_CT_NEW} into a {@link NewRequest}. Parse failures are the kernel's errnos.
 */
final class NetlinkRequests {
    private static final int MAX_LABEL_BYTES = 16;

    private NetlinkRequests() {
    }

    /**
     * @param r the message
     * @param a its attributes
     * @param type CTA_TUPLE_ORIG, CTA_TUPLE_REPLY or CTA_TUPLE_MASTER
     * @return the tuple
     * @throws Refusal EOPNOTSUPP without a family, EINVAL for a missing field or another family's addresses
     */
    static Tuple tuple(final MessageReader r, final RequestAttributes a, final int type) {
        final Family family = CtnetlinkHandler.familyOf(r);
        if (family == null) {
            throw new Refusal(Errno.EOPNOTSUPP, "a tuple needs the message's family (AF_UNSPEC given)");
        }
        final Tuple t;
        try {
            t = a.tuple(type);
        } catch (final DecodeException e) {
            throw new Refusal(Errno.EINVAL, "incomplete tuple: " + e.getMessage());
        }
        if (t.family() != family) {
            throw new Refusal(Errno.EINVAL, "the tuple's addresses are not " + family.kernelName());
        }
        return t;
    }

    /** @return the tuple GET and DELETE look up: the original if present, else the reply (EINVAL if neither) */
    static Tuple lookupTuple(final MessageReader r, final RequestAttributes a) {
        if (a.has(CTA_TUPLE_ORIG)) {
            return tuple(r, a, CTA_TUPLE_ORIG);
        }
        if (a.has(CTA_TUPLE_REPLY)) {
            return tuple(r, a, CTA_TUPLE_REPLY);
        }
        throw new Refusal(Errno.EINVAL, "a tuple is required");
    }

    private static Option<Tuple> optionalTuple(final MessageReader r, final RequestAttributes a, final int type) {
        return a.has(type) ? Option.some(tuple(r, a, type)) : Option.none();
    }

    /**
     * @param r      the message
     * @param a      its attributes
     * @param portId the requester
     * @return the parsed create or update
     */
    static NewRequest newRequest(final MessageReader r, final RequestAttributes a, final int portId) {
        final int flags = r.flags();
        final Option<Tuple> orig = optionalTuple(r, a, CTA_TUPLE_ORIG);
        final Option<Tuple> reply = optionalTuple(r, a, CTA_TUPLE_REPLY);
        final Option<Tuple> master = optionalTuple(r, a, CTA_TUPLE_MASTER);
        final int rawState = a.rawTcpState();
        final boolean outOfRange = rawState >= 10;
        final Option<ProtoInfo> info = outOfRange ? Option.none() : a.protoInfo();
        return new NewRequest(orig, reply, a.zone(), (flags & NLM_F_CREATE) != 0, (flags & NLM_F_EXCL) != 0,
            u32(a, CTA_TIMEOUT), u32(a, CTA_STATUS), info, outOfRange, u32(a, CTA_MARK), u32(a, CTA_MARK_MASK),
            labels(a), a.helperName(), a.nat(CTA_NAT_SRC), a.nat(CTA_NAT_DST), master, a.seqAdj(CTA_SEQ_ADJ_ORIG),
            a.seqAdj(CTA_SEQ_ADJ_REPLY), a.synproxy(), portId);
    }

    private static Option<Long> u32(final RequestAttributes a, final int type) {
        return a.has(type) ? Option.some(a.u32(type)) : Option.none();
    }

    /**
     * CTA_LABELS as the kernel takes it: longer than 16 bytes is refused by the policy (ERANGE) before anything
     * happens; a length that is not whole words, or a mask of another length, fails when the labels are applied.
     */
    private static Option<NewRequest.LabelChange> labels(final RequestAttributes a) {
        if (!a.has(CTA_LABELS)) {
            return Option.none();
        }
        final int length = a.length(CTA_LABELS);
        if (length > MAX_LABEL_BYTES || a.length(CTA_LABELS_MASK) > MAX_LABEL_BYTES) {
            throw new Refusal(Errno.ERANGE, "CTA_LABELS is at most 16 bytes");
        }
        final boolean badLength = length % 4 != 0
            || (a.has(CTA_LABELS_MASK) && a.length(CTA_LABELS_MASK) != length);
        final Labels value = a.labelsOf(CTA_LABELS);
        final int words = length / 4;
        final Labels sent = a.has(CTA_LABELS_MASK) ? a.labelsOf(CTA_LABELS_MASK)
            : CtnetlinkHandler.wordsFrom(0).minus(CtnetlinkHandler.wordsFrom(words));
        final Labels mask = sent.union(CtnetlinkHandler.wordsFrom(words));
        return Option.some(new NewRequest.LabelChange(value, mask, badLength ? Errno.EINVAL : null));
    }
}
