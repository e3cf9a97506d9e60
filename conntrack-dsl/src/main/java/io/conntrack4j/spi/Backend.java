package io.conntrack4j.spi;

import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.GlobalStats;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.stream.Stream;

/**
 * Executes compiled {@link Request requests} against a conntrack table: the real kernel over netlink, or the
 * simulated kernel. Implementations are thread-safe. Failures are {@link io.conntrack4j.error.KernelException}s
 * carrying the kernel's errno.
 *
 * <p>Streams returned here are lazy and hold resources until closed: consume them in try-with-resources. While a
 * dump stream is open, the same backend must accept other requests (deletes and updates of what was dumped).
 */
public interface Backend extends AutoCloseable {

    /** @return the kernel-side filters this backend honours */
    Capabilities capabilities();

    /**
     * @param request what to dump
     * @return the flows the kernel filter lets through, streamed
     */
    Stream<Flow> dump(DumpFlows request);

    /**
     * @param request the lookup
     * @return the flow, or none if it does not exist (ENOENT)
     */
    Option<Flow> get(GetFlow request);

    /** @param request the flow to create */
    void create(CreateFlow request);

    /** @param request the update of one flow */
    void update(UpdateFlow request);

    /** @param request the delete of one flow (ENOENT is raised) */
    void delete(DeleteFlow request);

    /**
     * @param batch deletes and updates to pipeline
     * @return one result per item, in order; errnos are results, not exceptions
     */
    Seq<ItemResult> execute(Batch batch);

    /** @param request a filtered flush */
    void flush(FlushFlows request);

    /** @param request a flush of everything, or of one family */
    void flushAll(FlushAll request);

    /**
     * @param request the request
     * @return the entry count and maximum
     */
    GlobalStats globalStats(GetGlobalStats request);

    /**
     * @param request the request
     * @return one entry per CPU
     */
    Seq<CpuStats> cpuStats(GetCpuStats request);

    /**
     * @param request what to dump
     * @return the expectations, streamed
     */
    Stream<Expectation> dumpExpectations(DumpExpectations request);

    /**
     * @param request the lookup
     * @return the expectation, or none
     */
    Option<Expectation> getExpectation(GetExpectation request);

    /** @param request the expectation to create */
    void createExpectation(CreateExpectation request);

    /** @param request the expectation to delete */
    void deleteExpectation(DeleteExpectation request);

    /** @param request which expectations to delete */
    void flushExpectations(FlushExpectations request);

    /**
     * @param request the request
     * @return one entry per CPU
     */
    Seq<ExpectationStats> expectationStats(GetExpectationStats request);

    /**
     * Subscribes to events. The stream never ends on its own and never loses events silently: when the kernel
     * drops events for this subscriber, an {@link EventSignal.Overrun} takes their place and the stream goes on.
     * It blocks while no event is queued; closing it (from any thread) ends it within a fraction of a second and
     * releases its socket.
     *
     * @param request the event types, a filter the backend may apply early, the receive buffer
     * @return an endless stream of {@link io.conntrack4j.model.FlowEvent}s and overruns
     */
    Stream<EventSignal> subscribe(Subscribe request);

    /**
     * Subscribes to expectation events, with the same guarantees as {@link #subscribe(Subscribe)}: an overrun is
     * reported, never silent, and closing the stream releases its socket.
     *
     * @param request the event types and the receive buffer
     * @return an endless stream of {@link io.conntrack4j.model.ExpectationEvent}s and overruns
     */
    Stream<EventSignal> subscribeExpectations(SubscribeExpectations request);

    /** Releases the backend's sockets or state. */
    @Override
    void close();
}
