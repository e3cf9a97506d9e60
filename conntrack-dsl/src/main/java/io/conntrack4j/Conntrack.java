package io.conntrack4j;

import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.spi.TupleDirection;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.EnumSet;

/**
 * The entry point: a connection to one conntrack table, real (netlink) or simulated, through a {@link Backend}.
 *
 * <pre>{@code
 * try (Conntrack ct = Conntrack.using(backend)) {
 *     ct.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8").delete();
 * }
 * }</pre>
 *
 * Thread-safe when the backend is. Deleting everything has its own name, {@link #flushAll()}: no query, however
 * empty, flushes the table.
 */
public final class Conntrack implements AutoCloseable {
    private final Backend backend;

    private Conntrack(final Backend backend) {
        this.backend = Check.notNull("backend", backend);
    }

    /**
     * @param backend the backend to run on; closing this Conntrack closes it
     * @return the connection
     */
    public static Conntrack using(final Backend backend) {
        return new Conntrack(backend);
    }

    Backend backend() {
        return backend;
    }

    /** @return what the backend's kernel can filter on its side */
    public Capabilities capabilities() {
        return backend.capabilities();
    }

    /** @return a query over every flow of the table, attached to this connection */
    public FlowQuery flows() {
        return FlowQuery.flows().on(this);
    }

    /** @return a query over the dying list (flows whose DESTROY event is undelivered) */
    public FlowQuery dying() {
        return flows().table(FlowTable.DYING);
    }

    /** @return a query over the unconfirmed list (always empty since Linux 5.19) */
    public FlowQuery unconfirmed() {
        return flows().table(FlowTable.UNCONFIRMED);
    }

    /**
     * @param original a flow's original tuple (in zone 0, or the tuple's own zone)
     * @return the flow, if it exists
     */
    public Option<Flow> get(final Tuple original) {
        return get(original, 0);
    }

    /**
     * @param original a flow's original tuple
     * @param zone     the zone to look in
     * @return the flow, if it exists
     */
    public Option<Flow> get(final Tuple original, final int zone) {
        return backend.get(new GetFlow(original, TupleDirection.ORIGINAL, zone));
    }

    /**
     * @param reply a flow's reply tuple
     * @param zone  the zone to look in
     * @return the flow, if it exists
     */
    public Option<Flow> getByReply(final Tuple reply, final int zone) {
        return backend.get(new GetFlow(reply, TupleDirection.REPLY, zone));
    }

    /**
     * Creates a flow; fails with EEXIST if it exists.
     *
     * @param flow the flow: an original tuple and a timeout at least; the reply tuple defaults to the inverse
     */
    public void create(final Flow flow) {
        backend.create(CreateFlow.of(flow));
    }

    /** @param request a create with NAT or create-or-update semantics */
    public void create(final CreateFlow request) {
        backend.create(request);
    }

    /**
     * Creates many flows, pipelined: many create messages per system call, one result per flow. A flow that
     * already exists is a failure with EEXIST (the others are still created).
     *
     * @param flows the flows to create (each as in {@link #create(Flow)})
     * @return counts of created and failed flows
     */
    public BulkResult createAll(final Iterable<Flow> flows) {
        final Tally tally = new Tally();
        final java.util.List<BatchItem> chunk = new java.util.ArrayList<>(FlowQuery.BATCH_SIZE);
        for (final Flow flow : flows) {
            chunk.add(CreateFlow.of(flow));
            if (chunk.size() == FlowQuery.BATCH_SIZE) {
                tally.add(backend.execute(new Batch(io.vavr.collection.Vector.ofAll(chunk))));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            tally.add(backend.execute(new Batch(io.vavr.collection.Vector.ofAll(chunk))));
        }
        return tally.result();
    }

    /**
     * Updates every flow of the table with the same changes (the explicit form of an update without criteria).
     *
     * @param changes what to change (a TCP state change is refused: it needs a query restricted to TCP)
     * @return counts of updated, already gone and failed flows
     */
    public BulkResult updateAll(final FlowUpdate changes) {
        return flows().updateSelected(changes);
    }

    /** Deletes every flow of the table. */
    public void flushAll() {
        backend.flushAll(new FlushAll(Option.none()));
    }

    /**
     * Deletes every flow of one family. On a kernel without {@link KernelFeature#FLUSH_BY_FAMILY} (before 5.2) a
     * flush ignores the family and empties the whole table, so there the family's flows are deleted one by one.
     *
     * @param family the family whose flows to delete, all of them
     * @throws KernelException if some flows of the family could not be deleted (one by one only)
     */
    public void flushAll(final Family family) {
        Check.notNull("family", family);
        if (backend.capabilities().has(KernelFeature.FLUSH_BY_FAMILY)) {
            backend.flushAll(new FlushAll(Option.some(family)));
            return;
        }
        final BulkResult result = flows().family(family).delete();
        if (!result.isComplete()) {
            throw new KernelException(Operation.FLUSH, result.failures().head().error().get(),
                "family " + family.kernelName(), result.failures().size() + " of " + result.matched()
                + " flows could not be deleted");
        }
    }

    /** @return the number of entries (expired ones not yet collected included) */
    public long count() {
        return globalStats().entries();
    }

    /** @return the entry count and the table maximum */
    public GlobalStats globalStats() {
        return backend.globalStats(new GetGlobalStats());
    }

    /** @return the per-CPU statistics */
    public Seq<CpuStats> stats() {
        return backend.cpuStats(new GetCpuStats());
    }

    /** @return a subscription to every event type, with no filter yet */
    public EventQuery events() {
        return new EventQuery(FlowFilter.ALL, EnumSet.allOf(EventType.class), this);
    }

    /** @return the expectation table */
    public Expectations expectations() {
        return new Expectations(backend);
    }

    /** Closes the backend. */
    @Override
    public void close() {
        backend.close();
    }
}
