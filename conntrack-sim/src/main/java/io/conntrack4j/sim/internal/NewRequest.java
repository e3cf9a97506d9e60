package io.conntrack4j.sim.internal;

import io.conntrack4j.error.Errno;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * An {@code IPCTNL_MSG_CT_NEW} as the kernel parsed it: create or update, with each attribute present or absent.
 * Faces build it from a netlink message or from a {@link io.conntrack4j.spi.CreateFlow}/{@code UpdateFlow}; the
 * namespace applies it with the kernel's checks and in the kernel's order.
 *
 * @param original       CTA_TUPLE_ORIG
 * @param reply          CTA_TUPLE_REPLY
 * @param zone           CTA_ZONE (0 when absent)
 * @param create         NLM_F_CREATE
 * @param exclusive      NLM_F_EXCL
 * @param timeout        CTA_TIMEOUT, seconds
 * @param status         CTA_STATUS
 * @param protoInfo      CTA_PROTOINFO
 * @param tcpStateOutOfRange true if CTA_PROTOINFO_TCP_STATE was 10 or more (ERANGE for TCP entries)
 * @param mark           CTA_MARK
 * @param markMask       CTA_MARK_MASK
 * @param labels         CTA_LABELS (+ CTA_LABELS_MASK)
 * @param helper         CTA_HELP name
 * @param sourceNat      CTA_NAT_SRC
 * @param destinationNat CTA_NAT_DST
 * @param master         CTA_TUPLE_MASTER
 * @param seqAdjOriginal CTA_SEQ_ADJ_ORIG
 * @param seqAdjReply    CTA_SEQ_ADJ_REPLY
 * @param synproxy       CTA_SYNPROXY
 * @param portId         the requester's netlink port id (events carry it)
 */
public record NewRequest(Option<Tuple> original, Option<Tuple> reply, int zone, boolean create, boolean exclusive,
                         Option<Long> timeout, Option<Long> status, Option<ProtoInfo> protoInfo,
                         boolean tcpStateOutOfRange, Option<Long> mark, Option<Long> markMask,
                         Option<LabelChange> labels, Option<String> helper, Option<NatRange> sourceNat,
                         Option<NatRange> destinationNat, Option<Tuple> master, Option<SeqAdjustment> seqAdjOriginal,
                         Option<SeqAdjustment> seqAdjReply, Option<Synproxy> synproxy, int portId) {

    /**
     * A CTA_LABELS change: per 32-bit word {@code word = (word & ~mask) ^ value}; words past the sent length are
     * zeroed (the mask covers them).
     *
     * @param value       the label bits
     * @param mask        the bits to replace (all ones without CTA_LABELS_MASK)
     * @param lengthError EINVAL for a length that is not a multiple of 4 or a mask of another length, else null
     */
    public record LabelChange(Labels value, Labels mask, Errno lengthError) {
        /** @return the labels after the change */
        Labels applyTo(final Labels current) {
            final long low = (current.low() & ~mask.low()) ^ value.low();
            final long high = (current.high() & ~mask.high()) ^ value.high();
            return Labels.ofWords(low, high);
        }
    }

    /** @return the tuple the kernel looks up: the original if given, else the reply */
    Option<Tuple> lookupTuple() {
        return original.orElse(reply);
    }
}
