package io.conntrack4j.sim.differential;

import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.Flow;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * What one {@link Op} did on one backend, normalised for comparison between backends: the kernel id of a flow is
 * masked (ids are opaque and differ between kernels), the remaining timeout is kept apart and compared within
 * {@value #TIMEOUT_TOLERANCE} s (the real kernel's clock runs on while requests are processed, and the kernel
 * truncates), and a dump is a set of flows (sorted, so order does not matter).
 */
public sealed interface Outcome {
    /** Timeouts may differ by this many seconds. */
    long TIMEOUT_TOLERANCE = 1;

    /**
     * @param other the outcome of the same step on another backend
     * @return true if both are the same up to the masking and the timeout tolerance
     */
    boolean sameAs(Outcome other);

    /** The request succeeded and returns nothing. */
    record Done() implements Outcome {
        @Override
        public boolean sameAs(final Outcome other) {
            return other instanceof Done;
        }

        @Override
        public String toString() {
            return "ok";
        }
    }

    /**
     * The kernel refused the request.
     *
     * @param errno the errno name
     */
    record Failed(String errno) implements Outcome {
        @Override
        public boolean sameAs(final Outcome other) {
            return equals(other);
        }

        @Override
        public String toString() {
            return errno;
        }
    }

    /**
     * The backend threw something other than a {@link KernelException} (a library or simulator bug).
     *
     * @param exception the exception's class and message
     */
    record Crashed(String exception) implements Outcome {
        @Override
        public boolean sameAs(final Outcome other) {
            return equals(other);
        }

        @Override
        public String toString() {
            return "CRASH " + exception;
        }
    }

    /**
     * A get's answer.
     *
     * @param flow the flow, or none (ENOENT)
     */
    record Found(Option<Seen> flow) implements Outcome {
        @Override
        public boolean sameAs(final Outcome other) {
            if (!(other instanceof Found)) {
                return false;
            }
            final Option<Seen> o = ((Found) other).flow;
            return flow.isEmpty() ? o.isEmpty() : o.exists(flow.get()::sameAs);
        }

        @Override
        public String toString() {
            return flow.map(Seen::toString).getOrElse("not found");
        }
    }

    /**
     * A dump's answer, as a set.
     *
     * @param flows the flows, sorted by their masked description
     */
    record Listed(List<Seen> flows) implements Outcome {
        @Override
        public boolean sameAs(final Outcome other) {
            if (!(other instanceof Listed) || ((Listed) other).flows.size() != flows.size()) {
                return false;
            }
            for (int i = 0; i < flows.size(); i++) {
                if (!flows.get(i).sameAs(((Listed) other).flows.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            if (flows.isEmpty()) {
                return "[] (no flows)";
            }
            final StringJoiner j = new StringJoiner("\n        ", "[" + flows.size() + " flows]\n        ", "");
            flows.forEach(f -> j.add(f.toString()));
            return j.toString();
        }
    }

    /**
     * A batch's answer: one errno name (or "ok") per item, in order.
     *
     * @param results the per-item results
     */
    record Items(List<String> results) implements Outcome {
        @Override
        public boolean sameAs(final Outcome other) {
            return equals(other);
        }

        @Override
        public String toString() {
            return results.toString();
        }
    }

    /**
     * One flow as a backend returned it, with the id masked and the timeout apart.
     *
     * @param masked  the flow without id and timeout
     * @param timeout the remaining timeout in seconds, or -1 when the flow had none
     */
    record Seen(Flow masked, long timeout) {
        /**
         * @param flow a flow from a dump or a get
         * @return it, normalised
         */
        static Seen of(final Flow flow) {
            return new Seen(flow.toBuilder().id(null).timeout(null).build(), flow.timeout().getOrElse(-1L));
        }

        boolean sameAs(final Seen other) {
            return masked.equals(other.masked) && (timeout < 0) == (other.timeout < 0)
                && Math.abs(timeout - other.timeout) <= TIMEOUT_TOLERANCE;
        }

        /** @return every attribute the flow has (the id masked), in a fixed order */
        @Override
        public String toString() {
            return describe(masked) + (timeout < 0 ? " timeout=absent" : " timeout=" + timeout);
        }
    }

    /**
     * @param flow a flow
     * @return every attribute it has, not just what conntrack -L prints
     */
    static String describe(final Flow flow) {
        final StringJoiner j = new StringJoiner(" ");
        j.add("{" + flow.original() + "}");
        j.add("reply={" + flow.reply().map(Object::toString).getOrElse("absent") + "}");
        j.add("zone=" + flow.zone());
        j.add("status=" + flow.status().map(Object::toString).getOrElse("absent"));
        j.add("mark=" + flow.mark().map(m -> "0x" + Long.toHexString(m)).getOrElse("absent"));
        flow.protoInfo().forEach(p -> j.add("protoinfo=" + p));
        flow.use().forEach(u -> j.add("use=" + u));
        flow.id().forEach(i -> j.add("id=" + i));
        if (!flow.labels().isEmpty()) {
            j.add("labels=" + flow.labels());
        }
        flow.helper().forEach(h -> j.add("helper=" + h));
        flow.master().forEach(m -> j.add("master={" + m + "}"));
        flow.countersOriginal().forEach(c -> j.add("counters-orig=" + c));
        flow.countersReply().forEach(c -> j.add("counters-reply=" + c));
        flow.timestamps().forEach(t -> j.add("timestamps=" + t));
        flow.seqAdjOriginal().forEach(s -> j.add("seqadj-orig=" + s));
        flow.seqAdjReply().forEach(s -> j.add("seqadj-reply=" + s));
        flow.synproxy().forEach(s -> j.add("synproxy=" + s));
        flow.secmark().forEach(s -> j.add("secmark=" + s));
        flow.secctx().forEach(s -> j.add("secctx=" + s));
        return j.toString();
    }

    /**
     * @param flows flows from a dump
     * @return the dump's outcome
     */
    static Listed listed(final List<Flow> flows) {
        final List<Seen> seen = new ArrayList<>();
        flows.forEach(f -> seen.add(Seen.of(f)));
        seen.sort(Comparator.comparing(s -> describe(s.masked())));
        return new Listed(List.copyOf(seen));
    }

    /**
     * Runs a request and captures its outcome: a {@link KernelException} becomes its errno, any other exception a
     * {@link Crashed} outcome.
     *
     * @param action the request
     * @return its outcome
     */
    static Outcome capture(final Supplier<Outcome> action) {
        try {
            return action.get();
        } catch (final KernelException e) {
            return new Failed(e.errno().name());
        } catch (final RuntimeException e) {
            return new Crashed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
