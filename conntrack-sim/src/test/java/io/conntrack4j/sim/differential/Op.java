package io.conntrack4j.sim.differential;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One step of a random operation sequence, applied to a {@link Face}. Every step is a plain value with a readable
 * {@code toString()}, so QuickTheories prints a shrunk failing sequence as something a person can replay.
 */
public sealed interface Op {

    /**
     * Applies the step.
     *
     * @param face the system under test
     * @return what happened, normalised
     */
    Outcome apply(Face face);

    /** A step that is also a {@link BatchItem} (create, update, delete). */
    sealed interface Item extends Op {
        /**
         * @param face the system the item is for (an update or delete may use what it showed earlier)
         * @return the request
         */
        BatchItem request(Face face);
    }

    /** Which id a delete carries. */
    enum IdChoice {
        /** No CTA_ID. */
        NONE,
        /** The id of the flow with this tuple the same system showed last (none if it never showed one). */
        LAST_SEEN,
        /** An id no flow has. */
        WRONG
    }

    /** An id no flow has (the simulator's ids are a fixed sequence; the kernel's are hashes). */
    FlowId WRONG_ID = new FlowId(0x0BAD_1D00);

    /**
     * Creates a flow ({@link CreateFlow}; with {@code orUpdate} it updates the flow if it exists).
     *
     * @param flow     the flow, with its reply tuple, timeout, zone and optional status, mark and TCP state
     * @param orUpdate no NLM_F_EXCL: update an existing flow instead of failing with EEXIST
     */
    record Create(Flow flow, boolean orUpdate) implements Item {
        @Override
        public BatchItem request(final Face face) {
            final CreateFlow create = CreateFlow.of(flow);
            return orUpdate ? create.orUpdate() : create;
        }

        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                face.backend().create((CreateFlow) request(face));
                return new Outcome.Done();
            });
        }

        @Override
        public String toString() {
            final Flow sent = CreateFlow.of(flow).flow();
            final StringJoiner j = new StringJoiner(" ", orUpdate ? "create-or-update " : "create ", "");
            j.add("{" + sent.original() + "}");
            final Tuple reply = sent.reply().get();
            if (reply.zone().isDefined() || !reply.equals(sent.original().inverse())) {
                j.add("reply={" + reply + "}");
            }
            j.add("timeout=" + sent.timeout().get());
            if (sent.zone() != 0) {
                j.add("zone=" + sent.zone());
            }
            sent.mark().forEach(m -> j.add("mark=0x" + Long.toHexString(m)));
            sent.status().forEach(s -> j.add("status=" + s));
            sent.tcpState().forEach(s -> j.add("state=" + s));
            return j.toString();
        }
    }

    /**
     * Updates the flow with a tuple ({@link UpdateFlow}).
     *
     * @param tuple          the lookup tuple (sent as CTA_TUPLE_ORIG; the kernel finds a flow by either tuple)
     * @param zone           the zone
     * @param statusFromSeen pass the status the system last showed for the flow as the current status (as
     *                       {@code UpdateFlow.of(flow, ...)} does), else none
     * @param changes        the changes
     */
    record Update(Tuple tuple, int zone, boolean statusFromSeen, FlowUpdate changes) implements Item {
        @Override
        public BatchItem request(final Face face) {
            final StatusBits current = statusFromSeen
                ? face.lastSeen(tuple, zone).flatMap(Flow::status).getOrElse(StatusBits.NONE) : StatusBits.NONE;
            return new UpdateFlow(tuple, zone, current, changes);
        }

        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                face.backend().update((UpdateFlow) request(face));
                return new Outcome.Done();
            });
        }

        @Override
        public String toString() {
            return "update {" + tuple + "}" + (zone != 0 ? " zone=" + zone : "") + " " + changes
                + (statusFromSeen ? " current-status=last seen" : "");
        }
    }

    /**
     * Deletes the flow with a tuple ({@link DeleteFlow}).
     *
     * @param tuple     the lookup tuple
     * @param direction how it is sent
     * @param zone      the zone
     * @param id        which id to send
     */
    record Delete(Tuple tuple, TupleDirection direction, int zone, IdChoice id) implements Item {
        @Override
        public BatchItem request(final Face face) {
            final Option<FlowId> sent;
            switch (id) {
                case LAST_SEEN:
                    sent = face.lastSeen(tuple, zone).flatMap(Flow::id);
                    break;
                case WRONG:
                    sent = Option.some(WRONG_ID);
                    break;
                default:
                    sent = Option.none();
                    break;
            }
            return new DeleteFlow(tuple, direction, zone, sent);
        }

        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                face.backend().delete((DeleteFlow) request(face));
                return new Outcome.Done();
            });
        }

        @Override
        public String toString() {
            return "delete " + (direction == TupleDirection.REPLY ? "by-reply " : "") + "{" + tuple + "}"
                + (zone != 0 ? " zone=" + zone : "") + (id == IdChoice.NONE ? "" : " id=" + id.name().toLowerCase());
        }
    }

    /**
     * Gets the flow with a tuple ({@link GetFlow}).
     *
     * @param tuple     the lookup tuple
     * @param direction how it is sent
     * @param zone      the zone
     */
    record Get(Tuple tuple, TupleDirection direction, int zone) implements Op {
        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                final Option<Flow> flow = face.backend().get(new GetFlow(tuple, direction, zone));
                flow.forEach(face::remember);
                return new Outcome.Found(flow.map(Outcome.Seen::of));
            });
        }

        @Override
        public String toString() {
            return "get " + (direction == TupleDirection.REPLY ? "by-reply " : "") + "{" + tuple + "}"
                + (zone != 0 ? " zone=" + zone : "");
        }
    }

    /**
     * Dumps the table with a kernel filter ({@link DumpFlows}).
     *
     * @param filter       the filter
     * @param zeroCounters IPCTNL_MSG_CT_GET_CTRZERO
     */
    record Dump(KernelFilter filter, boolean zeroCounters) implements Op {
        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                final List<Flow> flows;
                try (Stream<Flow> s = face.backend().dump(new DumpFlows(FlowTable.CONNTRACK, filter, zeroCounters))) {
                    flows = s.collect(Collectors.toList());
                }
                flows.forEach(face::remember);
                return Outcome.listed(flows);
            });
        }

        @Override
        public String toString() {
            return (zeroCounters ? "dump-and-zero " : "dump ") + filter;
        }
    }

    /**
     * Flushes what a kernel filter selects ({@link FlushFlows}).
     *
     * @param filter the filter, not empty
     */
    record Flush(KernelFilter filter) implements Op {
        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                face.backend().flush(new FlushFlows(filter));
                return new Outcome.Done();
            });
        }

        @Override
        public String toString() {
            return "flush " + filter;
        }
    }

    /**
     * Flushes everything, or one family ({@link FlushAll}).
     *
     * @param family the family, or none
     */
    record FlushEverything(Option<Family> family) implements Op {
        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                face.backend().flushAll(new FlushAll(family));
                return new Outcome.Done();
            });
        }

        @Override
        public String toString() {
            return "flush-all" + family.map(f -> " family=" + f.kernelName()).getOrElse("");
        }
    }

    /**
     * Time passes: the simulator's virtual clock advances, the real kernel is waited for.
     *
     * @param seconds how long
     */
    record TimePasses(int seconds) implements Op {
        @Override
        public Outcome apply(final Face face) {
            face.pass(Duration.ofSeconds(seconds));
            return new Outcome.Done();
        }

        @Override
        public String toString() {
            return "time passes " + seconds + " s";
        }
    }

    /**
     * Creates, updates and deletes pipelined in one {@link Batch} ({@code Backend.execute}).
     *
     * @param items the items, in order
     */
    record Pipelined(List<Item> items) implements Op {
        /** Copies the items. */
        public Pipelined {
            items = List.copyOf(items);
        }

        @Override
        public Outcome apply(final Face face) {
            return Outcome.capture(() -> {
                final List<BatchItem> requests = new ArrayList<>();
                items.forEach(i -> requests.add(i.request(face)));
                final List<String> results = new ArrayList<>();
                for (final ItemResult r : face.backend().execute(new Batch(Vector.ofAll(requests)))) {
                    results.add(r.error().map(e -> e.name()).getOrElse("ok"));
                }
                return new Outcome.Items(List.copyOf(results));
            });
        }

        @Override
        public String toString() {
            return items.stream().map(Object::toString).collect(Collectors.joining("; ", "batch [", "]"));
        }
    }
}
