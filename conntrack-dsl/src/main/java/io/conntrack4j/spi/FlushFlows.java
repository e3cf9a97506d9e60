package io.conntrack4j.spi;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;

/**
 * Delete, in the kernel, every flow a kernel filter selects ({@code IPCTNL_MSG_CT_DELETE} without a tuple). The
 * filter may not be empty: deleting everything is {@link FlushAll}, a separately named request.
 *
 * @param filter the kernel filter, not empty
 */
public record FlushFlows(KernelFilter filter) implements Request {
    /** Rejects an empty filter. */
    public FlushFlows {
        Check.notNull("filter", filter);
        if (filter.isEmpty()) {
            throw new InvalidValueException("filter", "empty", "a flush without a filter deletes everything: use FlushAll");
        }
    }
}
