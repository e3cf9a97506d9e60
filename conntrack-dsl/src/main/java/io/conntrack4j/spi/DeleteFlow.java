package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * Delete one flow ({@code IPCTNL_MSG_CT_DELETE} with a tuple). With an id the kernel deletes the flow only if its id
 * still matches, so a flow that died and whose tuple was reused by another flow is not hit. The id is not unique
 * over time: Linux 6.18 hashes the object's address with the original tuple, and a flow deleted and re-created at
 * once with the same original tuple usually gets the same id (50 of 50 tries).
 *
 * @param tuple     the lookup tuple
 * @param direction whether it is the original or the reply tuple
 * @param zone      the zone
 * @param id        the expected kernel id
 */
public record DeleteFlow(Tuple tuple, TupleDirection direction, int zone, Option<FlowId> id) implements BatchItem {
    /** Validates the fields. */
    public DeleteFlow {
        Check.notNull("tuple", tuple);
        Check.notNull("direction", direction);
        Check.u16("zone", zone);
        Check.notNull("id", id);
    }

    /**
     * @param flow a flow as dumped
     * @return the delete of exactly that flow (its original tuple, zone and id)
     */
    public static DeleteFlow of(final Flow flow) {
        return new DeleteFlow(flow.original(), TupleDirection.ORIGINAL, flow.zone(), flow.id());
    }
}
