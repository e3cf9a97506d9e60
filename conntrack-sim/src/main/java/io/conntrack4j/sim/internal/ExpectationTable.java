package io.conntrack4j.sim.internal;

import io.conntrack4j.error.Errno;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The expectations of one namespace: created for a master entry that has a helper, found by expected tuple and
 * zone, removed with their master, on expiry, or by delete and flush. Each creation is a NEW event and each
 * removal a DESTROY event, carrying the timeout left at that moment (0 on expiry). Guarded by the namespace's lock.
 */
public final class ExpectationTable {
    private static final long SECOND = 1_000_000_000L;
    /**
     * The expectation timeout of each helper's policy, in seconds, which the kernel applies instead of the requested
     * CTA_EXPECT_TIMEOUT (nf_ct_expect_insert); only what was seen on the kernel: ftp's 5 minutes. The expectations
     * of other helpers keep the requested timeout.
     */
    private static final Map<String, Long> POLICY_TIMEOUTS = Map.of("ftp", 300L);

    private final Map<TableKey, Stored> byTuple = new LinkedHashMap<>();
    private final BiConsumer<Entry, ExpectationEvent> events;
    private int nextId = 0x5EED;

    /** @param events receives each event with the master entry it belongs to */
    ExpectationTable(final BiConsumer<Entry, ExpectationEvent> events) {
        this.events = events;
    }

    private static final class Stored {
        final Expectation value;
        final Entry master;
        final long deadlineNanos;

        Stored(final Expectation value, final Entry master, final long deadlineNanos) {
            this.value = value;
            this.master = master;
            this.deadlineNanos = deadlineNanos;
        }

        Expectation shown(final long now) {
            final long left = Math.max(0, deadlineNanos - now) / SECOND;
            final Expectation v = value;
            return new Expectation(v.expected(), v.mask(), master.original, Option.some(left), v.zone(), v.flags(),
                v.expectClass(), Option.of(master.ext().helper).orElse(v.helper()), v.nat(), v.function(), v.id());
        }
    }

    /**
     * @param ns the namespace (for the master lookup and the clock)
     * @param x  the expectation to create (timeout required)
     */
    public void create(final KernelNamespace ns, final Expectation x) {
        synchronized (ns) {
            final Entry master = ns.masterOf(x.master(), x.zone());
            if (master == null) {
                throw new Refusal(Errno.ENOENT, "the master entry does not exist");
            }
            if (!master.hasHelperExtension) {
                throw new Refusal(Errno.EOPNOTSUPP, "the master entry has no helper");
            }
            if (x.timeout().isEmpty()) {
                throw new Refusal(Errno.EINVAL, "an expectation needs a timeout");
            }
            final TableKey key = TableKey.of(x.expected(), x.zone());
            final long now = ns.clock().nanos();
            final Stored old = byTuple.get(key);
            if (old != null && old.deadlineNanos - now > 0) {
                throw new Refusal(Errno.EEXIST, "the expectation exists");
            }
            if (old != null) {
                removed(byTuple.remove(key), now);
            }
            final long timeout = POLICY_TIMEOUTS.getOrDefault(master.ext().helper, x.timeout().get());
            final Expectation withId = new Expectation(x.expected(), x.mask(), master.original, Option.some(timeout),
                x.zone(), x.flags(), x.expectClass(), x.helper(), x.nat(), x.function(),
                Option.some(new FlowId(nextId++)));
            final Stored created = new Stored(withId, master, now + KernelNamespace.timeoutNanos(timeout));
            byTuple.put(key, created);
            events.accept(master, new ExpectationEvent(EventType.NEW, created.shown(now)));
        }
    }

    /**
     * @param ns       the namespace
     * @param expected the expected tuple
     * @param zone     the zone
     * @return the expectation as the kernel shows it
     */
    public Expectation get(final KernelNamespace ns, final Tuple expected, final int zone) {
        synchronized (ns) {
            return live(ns, TableKey.of(expected, zone)).shown(ns.clock().nanos());
        }
    }

    /**
     * @param ns       the namespace
     * @param expected the expected tuple
     * @param zone     the zone
     */
    public void delete(final KernelNamespace ns, final Tuple expected, final int zone) {
        synchronized (ns) {
            final TableKey key = TableKey.of(expected, zone);
            live(ns, key);
            removed(byTuple.remove(key), ns.clock().nanos());
        }
    }

    private Stored live(final KernelNamespace ns, final TableKey key) {
        final Stored s = byTuple.get(key);
        final long now = ns.clock().nanos();
        if (s == null || s.deadlineNanos - now <= 0) {
            if (s != null) {
                removed(byTuple.remove(key), now);
            }
            throw new Refusal(Errno.ENOENT, "no such expectation");
        }
        return s;
    }

    /**
     * @param ns     the namespace
     * @param family only this family, if given
     * @param master only expectations of this master, if given
     * @return the live expectations
     */
    public List<Expectation> dump(final KernelNamespace ns, final Option<Family> family, final Option<Tuple> master) {
        synchronized (ns) {
            final long now = ns.clock().nanos();
            collect(now);
            final List<Expectation> out = new ArrayList<>();
            for (final Stored s : byTuple.values()) {
                if (family.forAll(f -> s.value.expected().family() == f)
                    && master.forAll(m -> TableKey.withoutZone(m).equals(s.master.original)
                    || TableKey.withoutZone(m).equals(s.master.reply))) {
                    out.add(s.shown(now));
                }
            }
            return out;
        }
    }

    /**
     * @param ns     the namespace
     * @param helper only expectations whose master has this helper, if given
     */
    public void flush(final KernelNamespace ns, final Option<String> helper) {
        synchronized (ns) {
            final long now = ns.clock().nanos();
            removeIf(s -> helper.forAll(h -> h.equals(s.master.ext().helper)), now);
        }
    }

    /** @return how many expectations are stored (expired ones included) */
    public int size() {
        return byTuple.size();
    }

    /**
     * @param master a master entry going away
     * @param now    the clock
     */
    void removeOf(final Entry master, final long now) {
        removeIf(s -> s.master == master, now);
    }

    /** @param now the clock: expectations that ran out by then go, each with its DESTROY event */
    void collect(final long now) {
        if (!byTuple.isEmpty()) { // every tick asks: most namespaces have no expectation
            removeIf(s -> s.deadlineNanos - now <= 0, now);
        }
    }

    private void removeIf(final Predicate<Stored> which, final long now) {
        final Iterator<Stored> it = byTuple.values().iterator();
        while (it.hasNext()) {
            final Stored s = it.next();
            if (which.test(s)) {
                it.remove();
                removed(s, now);
            }
        }
    }

    private void removed(final Stored s, final long now) {
        events.accept(s.master, new ExpectationEvent(EventType.DESTROY, s.shown(now)));
    }
}
