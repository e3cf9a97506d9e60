package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Tuple;

/**
 * Get one flow by a tuple of either direction ({@code IPCTNL_MSG_CT_GET} without dump).
 *
 * @param tuple     the lookup tuple
 * @param direction whether it is the flow's original or reply tuple
 * @param zone      the zone to look in (0 = default)
 */
public record GetFlow(Tuple tuple, TupleDirection direction, int zone) implements Request {
    /** Validates the fields. */
    public GetFlow {
        Check.notNull("tuple", tuple);
        Check.notNull("direction", direction);
        Check.u16("zone", zone);
    }
}
