package io.conntrack4j;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.GetExpectationStats;
import io.conntrack4j.spi.SubscribeExpectations;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/** The expectation table of a {@link Conntrack}: list, get, create, delete, flush, statistics and events. */
public final class Expectations {
    private final Backend backend;

    Expectations(final Backend backend) {
        this.backend = Check.notNull("backend", backend);
    }

    /** @return every expectation of both families */
    public Seq<Expectation> list() {
        return dump(new DumpExpectations(Option.none(), Option.none()));
    }

    /** @param family a family @return the expectations of that family */
    public Seq<Expectation> list(final Family family) {
        return dump(new DumpExpectations(Option.some(family), Option.none()));
    }

    /** @param master a master flow's original tuple @return the expectations that flow's helper created */
    public Seq<Expectation> ofMaster(final Tuple master) {
        return dump(new DumpExpectations(Option.some(master.family()), Option.some(master)));
    }

    private Seq<Expectation> dump(final DumpExpectations request) {
        try (Stream<Expectation> s = backend.dumpExpectations(request)) {
            return s.collect(Vector.collector());
        }
    }

    /** @param expected the expected tuple @return the expectation, if it exists */
    public Option<Expectation> get(final Tuple expected) {
        return backend.getExpectation(new GetExpectation(expected, 0));
    }

    /** @param expectation the expectation to create (its master must have a helper) */
    public void create(final Expectation expectation) {
        backend.createExpectation(new CreateExpectation(expectation));
    }

    /** @param expected the expected tuple of the expectation to delete */
    public void delete(final Tuple expected) {
        backend.deleteExpectation(new DeleteExpectation(expected, 0));
    }

    /** Deletes every expectation. */
    public void flushAll() {
        backend.flushExpectations(new FlushExpectations(Option.none()));
    }

    /** @param helper a helper name @return nothing; deletes every expectation of that helper */
    public void flush(final String helper) {
        backend.flushExpectations(new FlushExpectations(Option.some(Check.notNull("helper", helper))));
    }

    /**
     * Subscribes to expectation events (NEW and DESTROY: the kernel sends no UPDATE for expectations).
     *
     * <pre>{@code
     * try (Stream<EventSignal> events = ct.expectations().events(EventType.NEW, EventType.DESTROY)) {
     *     events.forEach(System.out::println);   // ExpectationEvent, or an Overrun if events were lost
     * }
     * }</pre>
     *
     * @param types the event types, at least one
     * @return an endless stream of {@link ExpectationEvent}s and overruns; close it to unsubscribe
     */
    public Stream<EventSignal> events(final EventType... types) {
        Check.notNull("types", types);
        final Set<EventType> set = EnumSet.noneOf(EventType.class);
        for (final EventType t : types) {
            set.add(Check.notNull("type", t));
        }
        return backend.subscribeExpectations(new SubscribeExpectations(set));
    }

    /** @return the per-CPU expectation statistics */
    public Seq<ExpectationStats> stats() {
        return backend.expectationStats(new GetExpectationStats());
    }
}
