package io.conntrack4j;

import io.conntrack4j.error.Errno;
import io.conntrack4j.spi.ItemResult;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;

/** Counts the per-item results of batches into a {@link BulkResult}; ENOENT means the flow was already gone. */
final class Tally {
    private long matched;
    private long succeeded;
    private long gone;
    private Vector<ItemResult> failures = Vector.empty();

    void add(final Seq<ItemResult> results) {
        for (final ItemResult r : results) {
            matched++;
            if (r.succeeded()) {
                succeeded++;
            } else if (r.error().get().equals(Errno.ENOENT)) {
                gone++;
            } else {
                failures = failures.append(r);
            }
        }
    }

    BulkResult result() {
        return new BulkResult(matched, succeeded, gone, failures);
    }
}
