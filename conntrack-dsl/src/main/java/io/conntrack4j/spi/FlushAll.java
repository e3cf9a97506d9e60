package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Family;
import io.vavr.control.Option;

/**
 * Delete every flow of the network namespace, or of one family (sent with nfgenmsg version 1 so the kernel honours
 * the family; conntrack 1.4.7's {@code -F -f ipv6} flushes IPv4 too).
 *
 * @param family the family to flush, or none for every flow
 */
public record FlushAll(Option<Family> family) implements Request {
    /** Validates the field. */
    public FlushAll {
        Check.notNull("family", family);
    }
}
