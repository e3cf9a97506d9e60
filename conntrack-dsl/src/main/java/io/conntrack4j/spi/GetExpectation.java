package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Tuple;

/**
 * Get one expectation by its expected tuple ({@code IPCTNL_MSG_EXP_GET}).
 *
 * @param expected the expected tuple
 * @param zone     the zone
 */
public record GetExpectation(Tuple expected, int zone) implements Request {
    /** Validates the fields. */
    public GetExpectation {
        Check.notNull("expected tuple", expected);
        Check.u16("zone", zone);
    }
}
