package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;

/**
 * Creates, updates and deletes to pipeline: a backend may send them many per system call and reports one result per item.
 *
 * @param items the requests, in order
 */
public record Batch(Seq<BatchItem> items) {
    /** Copies the items. */
    public Batch {
        items = Vector.ofAll(Check.notNull("items", items));
    }
}
