package io.conntrack4j;

import io.conntrack4j.error.DumpInterruptedException;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.internal.Planner;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A query over flows: an immutable value built step by step ({@code ct.flows().proto(TCP).dport(443)}), which can
 * be stored, compared, printed and reused. Nothing touches a backend until a terminal operation ({@link #stream()},
 * {@link #list()}, {@link #count()}, {@link #first()}, {@link #delete()}, {@link #update(FlowUpdate)}).
 *
 * <p>A query made by {@link Conntrack#flows()} is attached to that connection; {@link #flows()} makes a detached
 * one, which {@link #on(Conntrack)} attaches. Equality compares the criteria, the list and the attachment.
 */
public final class FlowQuery extends FilterSteps<FlowQuery> {
    /** How many deletes or updates are handed to the backend at once. */
    static final int BATCH_SIZE = 512;
    /** How many times a dump flagged inconsistent (NLM_F_DUMP_INTR) is tried by list() and count(). */
    static final int DUMP_ATTEMPTS = 3;

    private final FlowTable table;
    private final boolean zeroCounters;
    private final Conntrack target;

    FlowQuery(final FlowFilter filter, final FlowTable table, final boolean zeroCounters, final Conntrack target) {
        super(filter);
        this.table = Check.notNull("table", table);
        this.zeroCounters = zeroCounters;
        this.target = target;
    }

    /** @return a detached query over the whole table */
    public static FlowQuery flows() {
        return new FlowQuery(FlowFilter.ALL, FlowTable.CONNTRACK, false, null);
    }

    @Override
    FlowQuery withFilter(final FlowFilter newFilter) {
        return new FlowQuery(newFilter, table, zeroCounters, target);
    }

    /**
     * @param conntrack the connection to run on
     * @return this query attached to it
     */
    public FlowQuery on(final Conntrack conntrack) {
        return new FlowQuery(filter(), table, zeroCounters, Check.notNull("conntrack", conntrack));
    }

    /**
     * @param newTable the list to read: the table, or the dying or unconfirmed list
     * @return this query on that list
     */
    public FlowQuery table(final FlowTable newTable) {
        return new FlowQuery(filter(), Check.notNull("table", newTable), zeroCounters && newTable == FlowTable.CONNTRACK,
            target);
    }

    /** @return this query reading and zeroing the counters atomically ({@code conntrack -L -z}) */
    public FlowQuery zeroingCounters() {
        if (table != FlowTable.CONNTRACK) {
            throw new InvalidValueException("zero counters", table, "only the conntrack table has counters to zero");
        }
        return new FlowQuery(filter(), table, true, target);
    }

    /** @return the list this query reads */
    public FlowTable table() {
        return table;
    }

    /**
     * @param flow a flow
     * @return true if the query selects it
     */
    public boolean test(final Flow flow) {
        return filter().test(flow);
    }

    /**
     * @param capabilities a kernel's capabilities
     * @return what that kernel filters and what Java filters
     */
    public Plan explain(final Capabilities capabilities) {
        return Planner.plan(filter(), capabilities);
    }

    /** @return the plan against the attached backend's capabilities */
    public Plan explain() {
        return explain(backend().capabilities());
    }

    /**
     * Streams the selected flows: the kernel filters what it can, Java the rest. The stream holds the dump open:
     * close it (try-with-resources).
     *
     * @return the selected flows, lazily
     */
    public Stream<Flow> stream() {
        final Backend backend = backend();
        final Plan plan = explain(backend.capabilities());
        final Stream<Flow> dump = backend.dump(new DumpFlows(table, plan.kernel(), zeroCounters));
        return plan.residual().isEmpty() ? dump : dump.filter(plan.residual()::test);
    }

    /** @return every selected flow (a dump the kernel flags inconsistent is retried a few times) */
    public Seq<Flow> list() {
        return retrying(flows -> flows.collect(Vector.collector()));
    }

    /** @return how many flows the query selects (a dump flagged inconsistent is retried a few times) */
    public long count() {
        return retrying(Stream::count);
    }

    private <T> T retrying(final Function<Stream<Flow>, T> consume) {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Flow> flows = stream()) {
                return consume.apply(flows);
            } catch (final DumpInterruptedException e) {
                if (attempt >= DUMP_ATTEMPTS) {
                    throw new DumpInterruptedException(filter(), attempt);
                }
            }
        }
    }

    /** @return the first selected flow, if any */
    public Option<Flow> first() {
        try (Stream<Flow> flows = stream()) {
            return Option.ofOptional(flows.findFirst());
        }
    }

    /**
     * Deletes every selected flow: a kernel-filtered dump, every flow re-checked in Java against the whole query,
     * then deletes pipelined in batches, each carrying the flow's id so a flow that replaced a selected one is not
     * hit (unless it re-created the same original tuple right away: the kernel then gives it the same id). A query
     * without criteria is refused: deleting everything is {@link Conntrack#flushAll()}.
     *
     * @return counts of deleted, already gone and failed flows
     */
    public BulkResult delete() {
        if (filter().isEmpty()) {
            throw new InvalidValueException("query", "no criteria",
                "a delete without criteria would delete every flow; call flushAll() to do that");
        }
        return bulk(DeleteFlow::of);
    }

    /**
     * Updates every selected flow with the same changes, pipelined in batches. A query without criteria is refused:
     * updating everything is {@link Conntrack#updateAll(FlowUpdate)}.
     *
     * @param changes what to change; a TCP state change needs a query restricted to TCP
     * @return counts of updated, already gone and failed flows
     */
    public BulkResult update(final FlowUpdate changes) {
        Check.notNull("changes", changes);
        if (filter().isEmpty()) {
            throw new InvalidValueException("query", "no criteria",
                "an update without criteria would change every flow; call Conntrack.updateAll() to do that");
        }
        return updateSelected(changes);
    }

    /** The update of whatever the query selects, even everything (Conntrack.updateAll). */
    BulkResult updateSelected(final FlowUpdate changes) {
        if (changes.isEmpty()) {
            throw new InvalidValueException("update", changes, "nothing to change");
        }
        if (changes.tcpState().isDefined() && !filter().<Protocol>get(Criterion.PROTOCOL).contains(Protocol.TCP)) {
            throw new InvalidValueException("tcp state", changes.tcpState().get(),
                "a TCP state update needs a query restricted to proto(TCP)");
        }
        return bulk(flow -> UpdateFlow.of(flow, changes));
    }

    private BulkResult bulk(final Function<Flow, BatchItem> toItem) {
        if (table != FlowTable.CONNTRACK) {
            throw new InvalidValueException("table", table, "only flows of the conntrack table can be changed");
        }
        final Backend backend = backend();
        final Plan plan = explain(backend.capabilities());
        final Tally tally = new Tally();
        final List<BatchItem> chunk = new ArrayList<>(BATCH_SIZE);
        try (Stream<Flow> dump = backend.dump(new DumpFlows(table, plan.kernel(), false))) {
            final Iterator<Flow> flows = dump.iterator();
            while (flows.hasNext()) {
                final Flow flow = flows.next();
                // the whole query, not only the residual: a filter the kernel ignored must never widen a change
                if (filter().test(flow)) {
                    chunk.add(toItem.apply(flow));
                    if (chunk.size() == BATCH_SIZE) {
                        tally.add(backend.execute(new Batch(Vector.ofAll(chunk))));
                        chunk.clear();
                    }
                }
            }
        }
        if (!chunk.isEmpty()) {
            tally.add(backend.execute(new Batch(Vector.ofAll(chunk))));
        }
        return tally.result();
    }

    private Backend backend() {
        if (target == null) {
            throw new IllegalStateException("this query is not attached to a Conntrack: build it with ct.flows() "
                + "or attach it with query.on(ct)");
        }
        return target.backend();
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof FlowQuery)) {
            return false;
        }
        final FlowQuery q = (FlowQuery) o;
        return filter().equals(q.filter()) && table == q.table && zeroCounters == q.zeroCounters
            && target == q.target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter(), table, zeroCounters, System.identityHashCode(target));
    }

    @Override
    public String toString() {
        return (table == FlowTable.CONNTRACK ? "flows" : table.name().toLowerCase(java.util.Locale.ROOT))
            + filter() + (zeroCounters ? " zeroing counters" : "") + (target == null ? " (detached)" : "");
    }
}
