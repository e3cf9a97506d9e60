package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Tuple;

/**
 * Delete one expectation by its expected tuple ({@code IPCTNL_MSG_EXP_DELETE} with a tuple).
 *
 * @param expected the expected tuple
 * @param zone     the zone
 */
public record DeleteExpectation(Tuple expected, int zone) implements Request {
    /** Validates the fields. */
    public DeleteExpectation {
        Check.notNull("expected tuple", expected);
        Check.u16("zone", zone);
    }
}
