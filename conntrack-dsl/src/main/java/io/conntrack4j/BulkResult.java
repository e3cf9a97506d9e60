package io.conntrack4j;

import io.conntrack4j.internal.Check;
import io.conntrack4j.spi.ItemResult;
import io.vavr.collection.Seq;

/**
 * The outcome of a bulk delete or update: how many flows the query selected, how many were changed, how many had
 * already gone (ENOENT: the flow died between the dump and the change), and every other failure with its errno.
 *
 * @param matched     flows the query selected
 * @param succeeded   flows deleted or updated
 * @param alreadyGone flows that no longer existed (not an error)
 * @param failures    the items that failed for another reason
 */
public record BulkResult(long matched, long succeeded, long alreadyGone, Seq<ItemResult> failures) {
    /** Validates the fields. */
    public BulkResult {
        Check.notNull("failures", failures);
        if (succeeded + alreadyGone + failures.size() != matched) {
            throw new IllegalArgumentException("inconsistent counts: " + succeeded + " + " + alreadyGone + " + "
                + failures.size() + " != " + matched);
        }
    }

    /** @return true if nothing failed (flows already gone are not failures) */
    public boolean isComplete() {
        return failures.isEmpty();
    }

    @Override
    public String toString() {
        return "matched=" + matched + " succeeded=" + succeeded + " alreadyGone=" + alreadyGone + " failed="
            + failures.size() + (failures.isEmpty() ? "" : " " + failures.map(r -> r.error().get().name())
            .groupBy(n -> n).mapValues(Seq::size).toJavaMap());
    }
}
