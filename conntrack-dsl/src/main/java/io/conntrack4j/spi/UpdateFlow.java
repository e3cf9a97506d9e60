package io.conntrack4j.spi;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * Update one existing flow ({@code IPCTNL_MSG_CT_NEW} without {@code NLM_F_CREATE}).
 *
 * @param tuple         the flow's original tuple
 * @param zone          the flow's zone
 * @param currentStatus the status the flow had when selected: a status change must repeat the bits the kernel
 *                      refuses to clear (SEEN_REPLY, ASSURED, EXPECTED), or it fails with EBUSY
 * @param changes       what to change
 */
public record UpdateFlow(Tuple tuple, int zone, StatusBits currentStatus, FlowUpdate changes) implements BatchItem {
    /** Validates the fields. */
    public UpdateFlow {
        Check.notNull("tuple", tuple);
        Check.u16("zone", zone);
        Check.notNull("current status", currentStatus);
        Check.notNull("changes", changes);
    }

    /**
     * An update of a flow whose current status is unknown (treated as none).
     *
     * @param tuple   the flow's original tuple
     * @param zone    the flow's zone
     * @param changes what to change
     */
    public UpdateFlow(final Tuple tuple, final int zone, final FlowUpdate changes) {
        this(tuple, zone, StatusBits.NONE, changes);
    }

    /**
     * The CTA_STATUS an update sends: the bits to set plus the current bits the kernel refuses to clear (EXPECTED,
     * SEEN_REPLY, ASSURED) or keeps anyway, and CONFIRMED, which every CTA_STATUS must carry.
     *
     * @return the status to send, or none if the update sets no status bit
     */
    public Option<StatusBits> statusToSend() {
        if (changes.statusToSet().value() == 0) {
            return Option.none();
        }
        final int keep = Status.EXPECTED.value() | Status.SEEN_REPLY.value() | Status.ASSURED.value()
            | Status.FIXED_TIMEOUT.value() | Status.HELPER.value();
        return Option.some(new StatusBits((currentStatus.value() & keep) | changes.statusToSet().value()
            | Status.CONFIRMED.value()));
    }

    /**
     * @param flow    a flow as dumped
     * @param changes what to change
     * @return the update of exactly that flow
     */
    public static UpdateFlow of(final Flow flow, final FlowUpdate changes) {
        return new UpdateFlow(flow.original(), flow.zone(), flow.status().getOrElse(StatusBits.NONE), changes);
    }
}
