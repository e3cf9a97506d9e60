package io.conntrack4j.model;

import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * A conntrack expectation: a flow a helper expects (e.g. an FTP data connection), with the mask of the fields that
 * must match and the master flow it belongs to.
 *
 * @param expected the expected tuple ({@code CTA_EXPECT_TUPLE})
 * @param mask     the mask tuple: which bits of the expected tuple must match
 * @param master   the master flow's original tuple
 * @param timeout  remaining seconds
 * @param zone     the zone (0 = default)
 * @param flags    the {@link ExpectationFlag} bits
 * @param expectClass the expectation class
 * @param helper   the helper's name
 * @param nat      NAT information
 * @param function the helper function name ({@code CTA_EXPECT_FN})
 * @param id       the kernel's opaque id
 */
public record Expectation(Tuple expected, Tuple mask, Tuple master, Option<Long> timeout, int zone, int flags,
                          Option<Long> expectClass, Option<String> helper, Option<ExpectationNat> nat,
                          Option<String> function, Option<FlowId> id) {
    /** Validates the fields. */
    public Expectation {
        Check.notNull("expected tuple", expected);
        Check.notNull("mask tuple", mask);
        Check.notNull("master tuple", master);
        timeout.forEach(t -> Check.u32("timeout", t));
        Check.u16("zone", zone);
        expectClass.forEach(c -> Check.u32("class", c));
        Check.notNull("helper", helper);
        Check.notNull("nat", nat);
        Check.notNull("function", function);
        Check.notNull("id", id);
    }

    /**
     * @param flag an expectation flag
     * @return true if set
     */
    public boolean has(final ExpectationFlag flag) {
        return (flags & flag.value()) != 0;
    }

    @Override
    public String toString() {
        return io.conntrack4j.text.ConntrackFormatter.DEFAULT.expectation(this);
    }
}
