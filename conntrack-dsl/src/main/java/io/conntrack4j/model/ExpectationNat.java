package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * NAT information of an expectation ({@code CTA_EXPECT_NAT}).
 *
 * @param direction the direction (0 original, 1 reply)
 * @param tuple     the NAT tuple
 */
public record ExpectationNat(long direction, Tuple tuple) {
    /** Validates the fields. */
    public ExpectationNat {
        Check.u32("nat direction", direction);
        Check.notNull("nat tuple", tuple);
    }
}
