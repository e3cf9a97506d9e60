package io.conntrack4j.cli.internal;

import io.conntrack4j.MarkMatch;
import io.conntrack4j.error.Errno;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.UpdateFlow;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.text.FlowContext;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code conntrack -U}: dumps, selects, and for every selected entry that the command line would actually change
 * (new mark = (old &amp; ~MASK) ^ MARK, status bits added, timeout, TCP state, labels) sends an update, then reads the
 * entry back and prints it. Updates are pipelined in batches; an entry that vanished meanwhile is skipped.
 */
final class Updater {
    private static final int BATCH = 512;

    private final Template t;
    private final Backend backend;
    private final Io io;
    private final Output output;
    private final UserFilter filter;

    Updater(final Template t, final Backend backend, final Io io, final Output output) {
        this.t = t;
        this.backend = backend;
        this.io = io;
        this.output = output;
        this.filter = new UserFilter(t, t.labelFilter);
    }

    /**
     * @param kernel what the kernel filters while dumping
     * @return how many entries were updated
     */
    long run(final KernelFilter kernel) {
        final List<Flow> flows = new ArrayList<>(BATCH);
        final List<BatchItem> items = new ArrayList<>(BATCH);
        long updated = 0;
        try (Stream<Flow> dump = backend.dump(new DumpFlows(FlowTable.CONNTRACK, kernel, false))) {
            final Iterator<Flow> it = dump.iterator();
            while (it.hasNext()) {
                final Flow f = it.next();
                if (!filter.selectsForUpdate(f)) {
                    continue;
                }
                final FlowUpdate change = change(f);
                if (change == null) {
                    continue;
                }
                flows.add(f);
                items.add(new UpdateFlow(f.original(), f.zone(), f.status().getOrElse(StatusBits.NONE), change));
                if (items.size() == BATCH) {
                    updated += send(flows, items);
                }
            }
        }
        return updated + send(flows, items);
    }

    /** @return the update to send, or null if the entry already has every value the command line sets */
    private FlowUpdate change(final Flow f) {
        FlowUpdate u = FlowUpdate.none();
        boolean changes = false;
        if (t.has(Opt.MARK)) {
            final long mark = (f.markValue() & ~t.markMask & 0xFFFFFFFFL) ^ t.markValue;
            u = new FlowUpdate(Option.some(new MarkMatch(mark, 0xFFFFFFFFL)), u.timeout(), u.statusToSet(),
                u.labelsToAdd(), u.labelsToRemove(), u.tcpState());
            changes |= mark != f.markValue();
        }
        if (t.timeout != null) {
            u = u.timeout(t.timeout);
            changes |= !f.timeout().contains(t.timeout);
        }
        if (t.has(Opt.STATUS)) {
            final int current = f.status().getOrElse(StatusBits.NONE).value();
            u = new FlowUpdate(u.mark(), u.timeout(), new StatusBits(t.statusValue), u.labelsToAdd(),
                u.labelsToRemove(), u.tcpState());
            changes |= (current | t.statusValue) != current;
        }
        if (t.protonum == 6 && t.protoState != null) {
            final TcpState state = TcpState.of(t.protoState);
            u = new FlowUpdate(u.mark(), u.timeout(), u.statusToSet(), u.labelsToAdd(), u.labelsToRemove(),
                Option.some(state));
            changes |= !f.protoInfo().exists(p -> p instanceof ProtoInfo.Tcp && ((ProtoInfo.Tcp) p).state() == state);
        }
        if (t.has(Opt.ADD_LABEL) || t.has(Opt.DEL_LABEL)) {
            final Labels current = f.labels();
            final Labels add = t.has(Opt.ADD_LABEL) ? t.labelChange : Labels.NONE;
            final Labels remove = t.has(Opt.DEL_LABEL)
                ? (t.labelChanges.isEmpty() ? current : t.labelChange) : Labels.NONE;
            u = new FlowUpdate(u.mark(), u.timeout(), u.statusToSet(), add, remove, u.tcpState());
            changes |= !current.union(add).minus(remove).equals(current);
        }
        return changes ? u : null;
    }

    private long send(final List<Flow> flows, final List<BatchItem> items) {
        if (items.isEmpty()) {
            return 0;
        }
        final Seq<ItemResult> results = backend.execute(new Batch(Vector.ofAll(items)));
        long updated = 0;
        for (int i = 0; i < flows.size(); i++) {
            final Option<Errno> error = results.get(i).error();
            if (error.isDefined()) {
                if (!error.get().equals(Errno.ENOENT)) {
                    io.err().print("Operation failed: " + Messages.describe(error.get(), Cmd.CT_UPDATE) + "\n");
                }
                continue;
            }
            final Flow f = flows.get(i);
            final Option<Flow> now = backend.get(new GetFlow(f.original(), TupleDirection.ORIGINAL, f.zone()));
            if (now.isDefined()) {
                output.flow(now.get(), FlowContext.UPDATE, false);
                updated++;
            }
        }
        flows.clear();
        items.clear();
        return updated;
    }
}
