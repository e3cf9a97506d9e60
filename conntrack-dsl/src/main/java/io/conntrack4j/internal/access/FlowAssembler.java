package io.conntrack4j.internal.access;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;

/**
 * Creates a {@link Flow} from all its parts at once, without a {@link Flow.Builder}: the decoders of a dump create
 * one flow per message, and a builder per flow cost them a second object of the same size and a copy of every
 * field. Internal: exported only to this project's backend modules. The parts are what a decoder read, so they
 * are in range by construction; the flow still runs its cross-field checks. Absent parts are null ({@code labels}:
 * {@link Labels#NONE}, {@code zone}: 0).
 */
@FunctionalInterface
public interface FlowAssembler {
    /**
     * @return the flow
     * @throws io.conntrack4j.error.InvalidValueException if the parts do not belong together (a reply tuple or
     *     protocol info of another family or protocol than the original tuple)
     */
    Flow assemble(Tuple original, Tuple reply, StatusBits status, Long timeout, ProtoInfo protoInfo, Long mark,
                  int zone, Labels labels, Long secmark, String secctx, Long use, FlowId id, Counters countersOriginal,
                  Counters countersReply, Timestamps timestamps, String helper, Tuple master,
                  SeqAdjustment seqAdjOriginal, SeqAdjustment seqAdjReply, Synproxy synproxy);
}
