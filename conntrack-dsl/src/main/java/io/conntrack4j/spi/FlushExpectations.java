package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * Delete every expectation, or every expectation of one helper ({@code IPCTNL_MSG_EXP_DELETE} without a tuple).
 *
 * @param helper the helper whose expectations to delete, or none for all
 */
public record FlushExpectations(Option<String> helper) implements Request {
    /** Validates the field. */
    public FlushExpectations {
        Check.notNull("helper", helper);
    }
}
