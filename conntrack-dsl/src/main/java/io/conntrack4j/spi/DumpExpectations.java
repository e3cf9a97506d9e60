package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * Dump expectations ({@code IPCTNL_MSG_EXP_GET} with dump), optionally only one master flow's.
 *
 * @param family the family (absent: both)
 * @param master the master flow's original tuple
 */
public record DumpExpectations(Option<Family> family, Option<Tuple> master) implements Request {
    /** Validates the fields. */
    public DumpExpectations {
        Check.notNull("family", family);
        Check.notNull("master", master);
    }
}
