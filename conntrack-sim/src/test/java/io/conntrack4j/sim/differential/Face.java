package io.conntrack4j.sim.differential;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Backend;
import io.vavr.control.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One system under test: a {@link Backend}, the way time passes for it, and what it has shown so far (the flows of
 * its earlier dumps and gets, from which a delete takes the id and an update the current status, as a program using
 * that backend would).
 */
public final class Face implements AutoCloseable {
    private final String name;
    private final Backend backend;
    private final Consumer<Duration> time;
    private final boolean ownsBackend;
    private final List<Flow> seen = new ArrayList<>();

    /**
     * @param name        how reports name it
     * @param backend     the backend
     * @param time        lets time pass (a virtual clock's advance, or a real sleep)
     * @param ownsBackend close the backend with this face
     */
    public Face(final String name, final Backend backend, final Consumer<Duration> time, final boolean ownsBackend) {
        this.name = name;
        this.backend = backend;
        this.time = time;
        this.ownsBackend = ownsBackend;
    }

    /** @return how reports name it */
    public String name() {
        return name;
    }

    /** @return the backend */
    public Backend backend() {
        return backend;
    }

    /** @param amount how much time passes */
    void pass(final Duration amount) {
        time.accept(amount);
    }

    /** @param flow a flow the backend returned */
    void remember(final Flow flow) {
        seen.add(flow);
    }

    /**
     * @param tuple either tuple of a flow
     * @param zone  the zone looked in
     * @return the flow with that tuple and zone the backend showed last, if any
     */
    Option<Flow> lastSeen(final Tuple tuple, final int zone) {
        for (int i = seen.size() - 1; i >= 0; i--) {
            final Flow f = seen.get(i);
            if (f.zone() == zone && (f.original().equals(tuple) || f.reply().contains(tuple))) {
                return Option.some(f);
            }
        }
        return Option.none();
    }

    @Override
    public void close() {
        if (ownsBackend) {
            backend.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
