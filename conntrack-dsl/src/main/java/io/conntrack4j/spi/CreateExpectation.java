package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Expectation;

/**
 * Create an expectation ({@code IPCTNL_MSG_EXP_NEW}); its master flow must have a helper.
 *
 * @param expectation the expectation (expected, mask and master tuples, timeout, ...)
 */
public record CreateExpectation(Expectation expectation) implements Request {
    /** Validates the field. */
    public CreateExpectation {
        Check.notNull("expectation", expectation);
        if (expectation.timeout().isEmpty()) {
            throw new io.conntrack4j.error.InvalidValueException("timeout", "absent", "an expectation needs a timeout");
        }
    }
}
