package io.conntrack4j.internal;

import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Keeps the view a consumer builds from an event stream (the flows it has been told about) and makes it exact
 * again when events were lost: at the start and after every {@link EventSignal.Overrun} it dumps the table and
 * reports the difference as {@link EventSignal.Resync} signals followed by {@link EventSignal.Resynced}. Events
 * queued while a dump ran may repeat what the resync reported.
 */
public final class Resyncer implements Iterator<EventSignal> {
    private final Iterator<EventSignal> upstream;
    private final Supplier<Seq<Flow>> table;
    private final Map<Key, Flow> view = new HashMap<>();
    private final ArrayDeque<EventSignal> pending = new ArrayDeque<>();
    private boolean started;

    private record Key(Tuple original, int zone) {
        static Key of(final Flow f) {
            final Tuple t = f.original();
            return new Key(t.zone().isEmpty() ? t
                : new Tuple(t.source(), t.destination(), t.protocol(), t.layer4(), Option.none()), f.zoneId());
        }
    }

    /** What a resync compares: the fields a consumer acts on, not the ones that change by themselves. */
    private record Fingerprint(StatusBits status, long mark, Option<TcpState> tcpState, Labels labels,
                               Option<String> helper) {
        static Fingerprint of(final Flow f) {
            return new Fingerprint(f.status().getOrElse(StatusBits.NONE), f.markValue(), f.tcpState(), f.labels(),
                f.helper());
        }
    }

    private Resyncer(final Iterator<EventSignal> upstream, final Supplier<Seq<Flow>> table) {
        this.upstream = upstream;
        this.table = table;
    }

    /**
     * @param signals the filtered signals of a subscription
     * @param table   dumps the flows the subscription's filter selects
     * @return the signals with the resyncs added; closing it closes {@code signals}
     */
    public static Stream<EventSignal> around(final Stream<EventSignal> signals, final Supplier<Seq<Flow>> table) {
        final Resyncer r = new Resyncer(signals.iterator(), table);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(r, Spliterator.ORDERED | Spliterator.NONNULL),
            false).onClose(signals::close);
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty() || !started || upstream.hasNext();
    }

    @Override
    public EventSignal next() {
        if (!started) {
            started = true;
            resync();
        }
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (!upstream.hasNext()) {
            throw new NoSuchElementException();
        }
        final EventSignal s = upstream.next();
        if (s instanceof FlowEvent) {
            apply((FlowEvent) s);
            return s;
        }
        if (s instanceof EventSignal.Overrun) {
            resync();
        }
        return s;
    }

    private void apply(final FlowEvent e) {
        if (e.type() == EventType.DESTROY) {
            view.remove(Key.of(e.flow()));
        } else {
            view.put(Key.of(e.flow()), e.flow());
        }
    }

    private void resync() {
        final Map<Key, Flow> now = new HashMap<>();
        for (final Flow f : table.get()) {
            now.put(Key.of(f), f);
        }
        long created = 0;
        long updated = 0;
        long destroyed = 0;
        for (final Map.Entry<Key, Flow> e : now.entrySet()) {
            final Flow seen = view.get(e.getKey());
            if (seen == null) {
                pending.add(new EventSignal.Resync(EventType.NEW, e.getValue()));
                created++;
            } else if (!Fingerprint.of(seen).equals(Fingerprint.of(e.getValue()))) {
                pending.add(new EventSignal.Resync(EventType.UPDATE, e.getValue()));
                updated++;
            }
        }
        for (final Map.Entry<Key, Flow> e : view.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                pending.add(new EventSignal.Resync(EventType.DESTROY, e.getValue()));
                destroyed++;
            }
        }
        view.clear();
        view.putAll(now);
        pending.add(new EventSignal.Resynced(created, updated, destroyed, now.size()));
    }
}
