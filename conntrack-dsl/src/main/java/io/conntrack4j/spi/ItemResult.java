package io.conntrack4j.spi;

import io.conntrack4j.error.Errno;
import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * The outcome of one item of a {@link Batch}: success, or the kernel's errno.
 *
 * @param item  the request
 * @param error the errno, if it failed
 */
public record ItemResult(BatchItem item, Option<Errno> error) {
    /** Validates the fields. */
    public ItemResult {
        Check.notNull("item", item);
        Check.notNull("error", error);
    }

    /** @return true if the item succeeded */
    public boolean succeeded() {
        return error.isEmpty();
    }
}
