package io.conntrack4j.sim.internal;

import io.conntrack4j.error.Errno;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IcmpTypes;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Sysctls;
import io.conntrack4j.sim.VirtualClock;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The conntrack state of one simulated network namespace and the ctnetlink operations on it, with the kernel's
 * checks, errnos, ordering and events (reference kernel-semantics §4–§9). Packets are handled by
 * {@link PacketPath}. Every operation holds this object's lock, so operations are atomic as the kernel's are.
 */
public final class KernelNamespace {
    /** Status bits a request can never set or clear (the kernel's IPS_UNCHANGEABLE_MASK). */
    static final int UNCHANGEABLE = Status.SRC_NAT.value() | Status.DST_NAT.value() | Status.SEQ_ADJUST.value()
        | Status.SRC_NAT_DONE.value() | Status.DST_NAT_DONE.value() | Status.EXPECTED.value()
        | Status.CONFIRMED.value() | Status.DYING.value() | Status.TEMPLATE.value() | Status.UNTRACKED.value()
        | Status.OFFLOAD.value() | Status.HW_OFFLOAD.value();
    /** The largest timeout: INT_MAX jiffies at HZ=250. */
    static final long MAX_TIMEOUT_NANOS = Integer.MAX_VALUE * 4_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final String name;
    private final VirtualClock clock;
    private final Set<String> helpers;
    private final Table table = new Table();
    private final Stats stats;
    private final EventHub events = new EventHub();
    private final ExpectationTable expectations = new ExpectationTable(this::publish);
    private final long gcIntervalNanos;
    private final java.util.function.BooleanSupplier anyListener;
    private volatile Sysctls sysctls = Sysctls.defaults();
    private boolean labelsInUse;
    private final long idKey;
    private long nextGcNanos;
    private int failNextDumps;
    private Errno failAllWith;

    /**
     * @param name            the namespace's name
     * @param clock           the kernel's clock
     * @param helpers         the helper names the kernel knows
     * @param cpus            CPUs to report statistics for
     * @param gcIntervalNanos how often the garbage collector collects expired entries (0: never)
     * @param idSeed          where entry ids start
     * @param anyListener     whether a conntrack event listener exists anywhere on the host (nf_conntrack_events=2
     *                        asks the kernel-wide flag, not the namespace's)
     */
    public KernelNamespace(final String name, final VirtualClock clock, final Set<String> helpers, final int cpus,
                           final long gcIntervalNanos, final int idSeed,
                           final java.util.function.BooleanSupplier anyListener) {
        this.anyListener = anyListener;
        this.name = name;
        this.clock = clock;
        this.helpers = Set.copyOf(helpers);
        this.stats = new Stats(cpus);
        this.gcIntervalNanos = gcIntervalNanos;
        this.nextGcNanos = gcIntervalNanos;
        this.idKey = idSeed;
    }

    /** @return the namespace's name */
    public String name() {
        return name;
    }

    /** @return the current sysctl values */
    public Sysctls sysctls() {
        return sysctls;
    }

    /** @param values new sysctl values */
    public synchronized void sysctls(final Sysctls values) {
        sysctls = values;
    }

    /** @param inUse true once the ruleset uses connlabels (new entries then get the labels extension) */
    public synchronized void labelsInUse(final boolean inUse) {
        labelsInUse = inUse;
    }

    VirtualClock clock() {
        return clock;
    }

    Stats stats() {
        return stats;
    }

    // ---------------------------------------------------------------------------------------------- fault injection

    /** @param count how many of the next dumps end with NLM_F_DUMP_INTR */
    public synchronized void interruptNextDumps(final int count) {
        failNextDumps = count;
    }

    /** @return true (once per injected fault) if the dump now starting is to be interrupted */
    public synchronized boolean takeDumpInterruption() {
        if (failNextDumps > 0) {
            failNextDumps--;
            return true;
        }
        return false;
    }

    /** @param errno an errno every ctnetlink request fails with (EPERM: no CAP_NET_ADMIN), or null to stop */
    public synchronized void failRequestsWith(final Errno errno) {
        failAllWith = errno;
    }

    private void checkInjectedFailure() {
        if (failAllWith != null) {
            throw new Refusal(failAllWith, "injected failure");
        }
    }

    // ------------------------------------------------------------------------------------------------------ events

    /** @return true if a listener in this namespace joined a conntrack group */
    public boolean hasListeners() {
        return events.hasListeners();
    }

    /**
     * @param capacity events the queue holds before it overruns
     * @return a new listener (join groups on it)
     */
    public EventListener openListener(final int capacity) {
        return events.open(capacity);
    }

    private void publish(final Entry e, final EventType type, final Flow flow, final int portId) {
        if (!e.hasEvents) {
            return;
        }
        final Option<Long> at = e.hasTimestamps ? Option.some(clock.wallNanos()) : Option.none();
        events.publish(new FlowEvent(type, flow, Integer.toUnsignedLong(portId), at));
    }

    /** An expectation's events need the master's event cache, as a flow's do. */
    private void publish(final Entry master, final ExpectationEvent event) {
        if (master.hasEvents) {
            events.publish(event);
        }
    }

    // ------------------------------------------------------------------------------------------------ lookups

    private void collectIfDue() {
        if (gcIntervalNanos <= 0) {
            return;
        }
        final long now = clock.nanos();
        if (now >= nextGcNanos) {
            for (final Entry e : table.snapshot()) {
                if (e.isExpired(now)) {
                    kill(e, 0);
                }
            }
            expectations.collect(now);
            nextGcNanos = now + gcIntervalNanos;
        }
    }

    /**
     * Runs the work that is due at the current time: the garbage collector's passes, and the expiry of expectations
     * (each has a timer of its own in the kernel, so its DESTROY event comes when it runs out).
     */
    public synchronized void tick() {
        collectIfDue();
        expectations.collect(clock.nanos());
    }

    /** Runs the garbage collector now: every expired entry is collected with its DESTROY event. */
    public synchronized void collectGarbage() {
        final long now = clock.nanos();
        for (final Entry e : table.snapshot()) {
            if (e.isExpired(now)) {
                kill(e, 0);
            }
        }
        expectations.collect(now);
    }

    /** Accepts every entry holding the tuple: a packet's zone 0 covers both directions. */
    private static final Table.Match ANY = (e, reply) -> true;

    /**
     * A packet's lookup (zone 0): an expired entry met here is collected and passed over.
     *
     * @param tuple the packet's tuple
     * @return the entry, or null
     */
    Entry lookup(final Tuple tuple) {
        return findLive(tuple, TupleHash.of(tuple), 0, ANY);
    }

    /**
     * A request's lookup, as nf_conntrack_find_get does it: first the hash bucket of the tuple with the request's
     * zone id of the original direction, then, if different, with its zone id of the reply direction. An entry found
     * through its tuple of direction d matches only if the request's zone id for d equals the entry's.
     */
    Entry lookup(final Tuple tuple, final RequestZone zone) {
        return lookup(tuple, TupleHash.of(tuple), zone);
    }

    /** {@link #lookup(Tuple, RequestZone)} with the tuple's {@link TupleHash} already computed. */
    private Entry lookup(final Tuple tuple, final int tupleHash, final RequestZone zone) {
        final Tuple t = TableKey.withoutZone(tuple);
        final Entry e = findLive(t, tupleHash, zone.idFor(false), zone);
        if (e == null && zone.idFor(true) != zone.idFor(false)) {
            return findLive(t, tupleHash, zone.idFor(true), zone);
        }
        return e;
    }

    /**
     * One bucket's walk, as ____nf_conntrack_find does it: an expired entry met there is collected and the walk goes
     * on, so it never hides a live entry behind it in the same bucket, nor (for a request) one in the bucket of the
     * reply direction's zone.
     */
    private Entry findLive(final Tuple t, final int tupleHash, final int zone, final Table.Match accept) {
        Entry e = table.find(t, tupleHash, zone, accept);
        // the clock only when something is found: a create's lookup usually finds nothing
        while (e != null && e.isExpired(clock.nanos())) {
            kill(e, 0);
            e = table.find(t, tupleHash, zone, accept);
        }
        return e;
    }

    /** Removes an entry with its DESTROY event; the timestamp's stop is backdated to the expiry if it expired. */
    void kill(final Entry e, final int portId) {
        if (!table.contains(e)) {
            return;
        }
        final long now = clock.nanos();
        table.remove(e);
        e.dying = true;
        if (e.hasTimestamps) {
            final long end = e.isExpired(now) ? Math.min(now, e.deadlineNanos) : now;
            e.extras().stopNanos = clock.wallNanos() - (now - end);
        }
        table.freeAddress(e.address);
        if (e.hasEvents) {
            publish(e, EventType.DESTROY, FlowViews.destroyed(e, now), portId);
        }
        // the kernel sends the master's DESTROY before unlinking its expectations (nf_ct_delete)
        expectations.removeOf(e, now);
    }

    private static void checkTuple(final Option<Tuple> t) {
        if (t.isDefined()) {
            checkTuple(t.get());
        }
    }

    private static void checkTuple(final Tuple t) {
        if (t.layer4() instanceof Layer4.Icmp && !IcmpTypes.invertible(t.protocol(), ((Layer4.Icmp) t.layer4()).type())) {
            throw new Refusal(Errno.EINVAL, "ICMP type " + ((Layer4.Icmp) t.layer4()).type() + " has no reply type");
        }
    }

    // --------------------------------------------------------------------------------------------- NEW (create)

    /**
     * {@code IPCTNL_MSG_CT_NEW}: creates or updates one entry.
     *
     * @param r the parsed request
     * @throws Refusal with the kernel's errno
     */
    public synchronized void newFlow(final NewRequest r) {
        checkInjectedFailure();
        collectIfDue();
        // isDefined/get rather than forEach on this path: a vavr forEach makes an iterator per value
        checkTuple(r.original());
        checkTuple(r.reply());
        checkTuple(r.master());
        if (r.lookupTuple().isEmpty()) {
            if (!r.create()) {
                throw new Refusal(Errno.ENOENT, "no tuple to look up");
            }
            throw new Refusal(Errno.EINVAL, "a create needs the original and the reply tuple");
        }
        final RequestZone zone = RequestZone.parse(r.zone(), r.original(), r.reply());
        final int lookupHash = TupleHash.of(r.lookupTuple().get());
        final Entry found = lookup(r.lookupTuple().get(), lookupHash, zone);
        if (found == null) {
            if (!r.create()) {
                throw new Refusal(Errno.ENOENT, "no such conntrack entry, and NLM_F_CREATE was not given");
            }
            create(r, zone, lookupHash);
        } else {
            if (r.exclusive()) {
                throw new Refusal(Errno.EEXIST, "the entry exists and NLM_F_EXCL was given");
            }
            update(found, r);
        }
    }

    /** @param originalHash the {@link TupleHash} of the original tuple (the one the request looked up) */
    private void create(final NewRequest r, final RequestZone zone, final int originalHash) {
        if (r.original().isEmpty() || r.reply().isEmpty()) {
            throw new Refusal(Errno.EINVAL, "a create needs both CTA_TUPLE_ORIG and CTA_TUPLE_REPLY");
        }
        final Tuple orig = r.original().get();
        final Tuple reply = r.reply().get();
        if (!orig.protocol().equals(reply.protocol())) {
            throw new Refusal(Errno.EINVAL, "the tuples' protocol numbers differ");
        }
        if (r.timeout().isEmpty()) {
            throw new Refusal(Errno.EINVAL, "a create needs CTA_TIMEOUT");
        }
        allocate(true);
        if (r.helper().isDefined() && !r.helper().get().isEmpty() && !helpers.contains(r.helper().get())) {
            throw new Refusal(Errno.EOPNOTSUPP, "unknown helper " + r.helper().get());
        }
        final long now = clock.nanos();
        final int address = table.allocateAddress();
        final Entry e = new Entry(idOf(address, originalHash), address, orig, reply, zone.id(), zone.directions(), now,
            true);
        final int replyHash = TupleHash.of(reply);
        try {
            fill(e, r, now);
            if (table.clashes(e, originalHash, replyHash)) {
                throw new Refusal(Errno.EEXIST, "a tuple of the new entry is in use");
            }
        } catch (final Refusal refused) {
            table.freeAddress(address);
            throw refused;
        }
        table.insert(e, originalHash, replyHash);
        stats.add(CpuCounter.INSERT, 1);
        if (r.labels().isDefined() && e.hasLabels && r.labels().get().lengthError() == null) {
            e.extras().labels = r.labels().get().applyTo(e.ext().labels);
        }
        if (e.hasEvents) {
            final int bits = FlowViews.EV_NETLINK_NEW | (e.ext().master != null ? FlowViews.EV_MASTER : 0);
            publish(e, EventType.NEW, FlowViews.changed(e, clock.nanos(), bits, true), r.portId());
        }
    }

    /** Everything a create sets on the new entry before its clash check and insertion, in the kernel's order. */
    private void fill(final Entry e, final NewRequest r, final long now) {
        final Tuple orig = e.original;
        e.status = Status.CONFIRMED.value();
        if (r.helper().isDefined() && !r.helper().get().isEmpty()) {
            e.extras().helper = r.helper().get();
            e.hasHelperExtension = true;
            e.set(Status.HELPER);
        }
        if (r.sourceNat().isDefined()) {
            e.status |= Status.SRC_NAT.value() | Status.SRC_NAT_DONE.value();
        }
        if (r.destinationNat().isDefined()) {
            e.status |= Status.DST_NAT.value() | Status.DST_NAT_DONE.value();
        }
        attachExtensions(e, now);
        e.deadlineNanos = now + timeoutNanos(r.timeout().get());
        if (r.status().isDefined()) {
            changeStatus(e, r.status().get());
        }
        if (r.seqAdjOriginal().isDefined() || r.seqAdjReply().isDefined()) {
            e.extras().seqAdjOriginal = r.seqAdjOriginal().getOrNull();
            e.extras().seqAdjReply = r.seqAdjReply().getOrNull();
            e.set(Status.SEQ_ADJUST);
        }
        if (orig.protocol().equals(Protocol.TCP)) {
            if (r.tcpStateOutOfRange()) {
                throw new Refusal(Errno.ERANGE, "TCP state must be below 10");
            }
            final ProtoInfo.Tcp tcp = r.protoInfo().getOrNull() instanceof ProtoInfo.Tcp
                ? (ProtoInfo.Tcp) r.protoInfo().get() : null;
            e.tcp = TcpConnection.fromNetlink(tcp != null ? tcp.state() : TcpState.NONE);
            if (tcp != null) {
                e.tcp.applyNetlink(tcp);
            }
        } else if (r.protoInfo().isDefined() && r.protoInfo().get().protocol().equals(orig.protocol())) {
            e.extras().otherProtoInfo = r.protoInfo().get();
        }
        e.synproxy = r.synproxy().getOrElse(Synproxy.ZERO);
        if (r.mark().isDefined()) {
            e.mark = applyMark(0, r.mark().get(), r.markMask());
        }
        if (r.master().isDefined()) {
            final Entry master = lookup(r.master().get(), RequestZone.parse(r.zone(), Option.none(), Option.none()));
            if (master == null) {
                throw new Refusal(Errno.ENOENT, "the master entry does not exist");
            }
            e.extras().master = master.original;
            e.set(Status.EXPECTED);
        }
    }

    /**
     * The kernel's id is a keyed hash of the object's address and its original tuple, and a freed object is the
     * next one allocated (the slab's free list is LIFO): so a flow deleted and re-created with the same original
     * tuple gets the same id back, as on Linux 6.18.
     *
     * @param originalHash {@link TupleHash#of} the original tuple (computed once for the table anyway)
     */
    private FlowId idOf(final int address, final int originalHash) {
        long h = (address * 0x9E3779B97F4A7C15L) ^ (originalHash + idKey);
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        return new FlowId((int) (h ^ (h >>> 32)));
    }

    /** The extensions a new entry gets, decided by the sysctls and the ruleset at this moment. */
    void attachExtensions(final Entry e, final long now) {
        final Sysctls s = sysctls;
        e.hasCounters = s.isOn(Sysctl.ACCT);
        if (s.isOn(Sysctl.TIMESTAMP)) {
            e.hasTimestamps = true;
            e.extras().startNanos = clock.wallNanos();
        }
        final long mode = s.get(Sysctl.EVENTS);
        e.hasEvents = mode == 1 || (mode == 2 && anyListener.getAsBoolean());
        e.hasLabels = labelsInUse;
    }

    /**
     * Makes room for one more entry, early-dropping if the namespace is full.
     *
     * @param fromNetlink true for a ctnetlink create (ENOMEM when full), false for a packet (returns false)
     * @return true if there is room
     */
    boolean allocate(final boolean fromNetlink) {
        final long max = sysctls.get(Sysctl.MAX);
        if (table.size() < max) {
            return true;
        }
        final long now = clock.nanos();
        for (final Entry e : table.snapshot()) {
            if (e.isExpired(now)) {
                kill(e, 0);
                continue;
            }
            if (!e.has(Status.ASSURED) && e.has(Status.CONFIRMED) && !e.dying) {
                kill(e, 0);
                stats.add(CpuCounter.EARLY_DROP, 1);
                break;
            }
        }
        if (table.size() < max) {
            return true;
        }
        if (fromNetlink) {
            throw new Refusal(Errno.ENOMEM, "table full in netns " + name + " and nothing could be early-dropped");
        }
        return false;
    }

    static long timeoutNanos(final long seconds) {
        return seconds >= MAX_TIMEOUT_NANOS / SECOND ? MAX_TIMEOUT_NANOS : seconds * SECOND;
    }

    private static long applyMark(final long old, final long mark, final Option<Long> mask) {
        final long m = mask.getOrElse(0xFFFF_FFFFL);
        return ((old & ~m) ^ mark) & 0xFFFF_FFFFL;
    }

    /** The kernel's status change rule, for create and update alike (reference §4). */
    private static void changeStatus(final Entry e, final long requested) {
        final int req = (int) requested;
        final int diff = e.status ^ req;
        final int fixed = Status.EXPECTED.value() | Status.CONFIRMED.value() | Status.DYING.value();
        if ((diff & fixed) != 0) {
            throw new Refusal(Errno.EBUSY, "EXPECTED, CONFIRMED and DYING cannot change");
        }
        for (final Status sticky : new Status[] {Status.SEEN_REPLY, Status.ASSURED}) {
            if ((diff & sticky.value()) != 0 && (req & sticky.value()) == 0) {
                throw new Refusal(Errno.EBUSY, sticky + " cannot be cleared");
            }
        }
        e.status |= req & 0xFFFF & ~UNCHANGEABLE;
    }

    // --------------------------------------------------------------------------------------------- NEW (update)

    private void update(final Entry e, final NewRequest r) {
        if (r.sourceNat().isDefined() || r.destinationNat().isDefined() || r.master().isDefined()) {
            throw new Refusal(Errno.EOPNOTSUPP, "NAT and master cannot be changed by an update");
        }
        r.helper().forEach(h -> changeHelper(e, h));
        if (r.timeout().isDefined()) {
            if (e.has(Status.FIXED_TIMEOUT)) {
                throw new Refusal(Errno.EPERM, "the entry has FIXED_TIMEOUT");
            }
            e.deadlineNanos = clock.nanos() + timeoutNanos(r.timeout().get());
            if (e.dying) {
                throw new Refusal(Errno.ETIME, "the entry is dying");
            }
        }
        r.status().forEach(s -> changeStatus(e, s));
        if (r.protoInfo().isDefined() || r.tcpStateOutOfRange()) {
            if (e.tcp != null) {
                if (r.tcpStateOutOfRange()) {
                    throw new Refusal(Errno.ERANGE, "TCP state must be below 10");
                }
                r.protoInfo().filter(ProtoInfo.Tcp.class::isInstance).map(ProtoInfo.Tcp.class::cast)
                    .forEach(e.tcp::applyNetlink);
            } else if (e.ext().otherProtoInfo != null) {
                r.protoInfo().filter(p -> p.protocol().equals(e.protocol())).forEach(p -> e.extras().otherProtoInfo = p);
            }
        }
        final long oldMark = e.mark;
        r.mark().forEach(m -> e.mark = applyMark(oldMark, m, r.markMask()));
        if (e.fromNetlink && (r.seqAdjOriginal().isDefined() || r.seqAdjReply().isDefined())) {
            r.seqAdjOriginal().forEach(s -> e.extras().seqAdjOriginal = s);
            r.seqAdjReply().forEach(s -> e.extras().seqAdjReply = s);
            e.set(Status.SEQ_ADJUST);
        }
        if (e.synproxy != null) {
            r.synproxy().forEach(s -> e.synproxy = s);
        }
        if (r.labels().isDefined()) {
            final NewRequest.LabelChange l = r.labels().get();
            if (l.lengthError() != null) {
                throw new Refusal(l.lengthError(), "labels must be whole 32-bit words and the mask as long");
            }
            if (!e.hasLabels) {
                throw new Refusal(Errno.ENOSPC, "the entry has no labels extension (no connlabel rule)");
            }
            e.extras().labels = l.applyTo(e.ext().labels);
        }
        if (e.hasEvents) {
            publish(e, EventType.UPDATE, FlowViews.changed(e, clock.nanos(), FlowViews.EV_NETLINK_UPDATE, true),
                r.portId());
        }
    }

    private void changeHelper(final Entry e, final String name) {
        if (e.has(Status.EXPECTED)) {
            if (e.ext().helper != null && e.ext().helper.equals(name)) {
                return;
            }
            throw new Refusal(Errno.EBUSY, "the helper of an expected entry cannot change");
        }
        if (name.isEmpty()) {
            e.extras().helper = null;
            return;
        }
        if (!helpers.contains(name)) {
            throw new Refusal(Errno.EOPNOTSUPP, "unknown helper " + name);
        }
        if (!e.hasHelperExtension) {
            throw new Refusal(Errno.EOPNOTSUPP, "a helper cannot be attached to an existing entry");
        }
        if (!name.equals(e.ext().helper)) {
            throw new Refusal(Errno.EBUSY, "the entry has another helper");
        }
    }

    // ---------------------------------------------------------------------------------------- GET, DELETE, flush

    /**
     * {@code IPCTNL_MSG_CT_GET} (or GET_CTRZERO) of one entry.
     *
     * @param tuple        either tuple of the entry
     * @param zone         CTA_ZONE
     * @param zeroCounters zero the counters after reading them
     * @return the entry as the reply shows it (USE 2)
     */
    public synchronized Flow get(final Tuple tuple, final boolean sentAsReply, final int zone,
                                 final boolean zeroCounters) {
        final Entry e = existing(tuple, sentAsReply, zone);
        final Flow f = FlowViews.dumped(e, clock.nanos(), 2);
        if (zeroCounters) {
            zeroCounters(e);
        }
        return f;
    }

    /** What GET and DELETE do first: the request checks, then the lookup, ENOENT if nothing is found. */
    private Entry existing(final Tuple tuple, final boolean sentAsReply, final int zone) {
        checkInjectedFailure();
        collectIfDue();
        checkTuple(tuple);
        final Entry e = lookup(tuple, requestZone(tuple, sentAsReply, zone));
        if (e == null) {
            throw new Refusal(Errno.ENOENT, "no such conntrack entry");
        }
        return e;
    }

    private static RequestZone requestZone(final Tuple tuple, final boolean sentAsReply, final int zone) {
        return sentAsReply ? RequestZone.parse(zone, Option.none(), Option.some(tuple))
            : RequestZone.parse(zone, Option.some(tuple), Option.none());
    }

    private static void zeroCounters(final Entry e) {
        if (!e.hasCounters) {
            return;
        }
        e.extras().packetsOriginal = 0;
        e.extras().bytesOriginal = 0;
        e.extras().packetsReply = 0;
        e.extras().bytesReply = 0;
    }

    /**
     * {@code IPCTNL_MSG_CT_DELETE} with a tuple.
     *
     * @param tuple  either tuple of the entry
     * @param zone   CTA_ZONE
     * @param id     CTA_ID the entry must still have
     * @param portId the requester (the DESTROY event carries it)
     */
    public synchronized void delete(final Tuple tuple, final boolean sentAsReply, final int zone,
                                    final Option<FlowId> id, final int portId) {
        final Entry e = existing(tuple, sentAsReply, zone);
        if (id.isDefined() && id.get().bits() != e.id) {
            throw new Refusal(Errno.ENOENT, "the entry has another id");
        }
        kill(e, portId);
    }

    /**
     * {@code IPCTNL_MSG_CT_DELETE} without a tuple: removes every entry the filter matches (never an error).
     *
     * @param filter what the kernel's flush filter lets through (tested on the dump view of each entry)
     * @param portId the requester
     * @return how many entries were removed
     */
    public synchronized int flush(final Predicate<Flow> filter, final int portId) {
        checkInjectedFailure();
        final long now = clock.nanos();
        int removed = 0;
        for (final Entry e : table.snapshot()) {
            if (filter.test(FlowViews.dumped(e, now, 1))) {
                kill(e, portId);
                removed++;
            }
        }
        return removed;
    }

    /**
     * A dump: expired entries met are collected, the rest filtered.
     *
     * @param filter       what the kernel's dump filter lets through
     * @param zeroCounters GET_CTRZERO: zero the counters of every listed entry
     * @return the listed entries (USE 1), in table order
     */
    public synchronized List<Flow> dump(final Predicate<Flow> filter, final boolean zeroCounters) {
        checkInjectedFailure();
        final long now = clock.nanos();
        final List<Flow> out = new ArrayList<>();
        for (final Entry e : table.snapshot()) {
            if (e.isExpired(now)) {
                kill(e, 0);
                continue;
            }
            final Flow f = FlowViews.dumped(e, now, 1);
            if (filter.test(f)) {
                out.add(f);
                if (zeroCounters) {
                    zeroCounters(e);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- stats

    /** @return the entry count (expired but uncollected entries included) and the maximum */
    public synchronized GlobalStats globalStats() {
        checkInjectedFailure();
        return new GlobalStats(table.size(), sysctls.get(Sysctl.MAX));
    }

    /** @return the per-CPU statistics */
    public synchronized Seq<CpuStats> cpuStats() {
        checkInjectedFailure();
        return stats.perCpu();
    }

    /** @return the number of entries, as {@code nf_conntrack_count} shows it */
    public synchronized int count() {
        return table.size();
    }

    /**
     * @param counter a per-CPU counter
     * @return its sum over CPUs
     */
    public synchronized long counter(final CpuCounter counter) {
        return stats.get(counter);
    }

    // -------------------------------------------------------------------------------------------- expectations

    /** @return the expectation table */
    public ExpectationTable expectations() {
        return expectations;
    }

    /**
     * Looks up a master entry for an expectation.
     *
     * @param tuple either tuple of the master
     * @param zone  the zone
     * @return the master, or null
     */
    synchronized Entry masterOf(final Tuple tuple, final int zone) {
        return lookup(tuple, RequestZone.parse(zone, Option.none(), Option.none()));
    }

    // --------------------------------------------------------------------------------------------------- packets

    /**
     * @param path the packet path to run under this namespace's lock
     * @param <T>  its result
     * @return the result
     */
    public synchronized <T> T withLock(final java.util.function.Supplier<T> path) {
        collectIfDue();
        return path.get();
    }

    Table table() {
        return table;
    }

    void publishNew(final Entry e, final int bits) {
        if (!e.hasEvents) {
            return;
        }
        publish(e, EventType.NEW, FlowViews.changed(e, clock.nanos(), bits, false), 0);
    }

    void publishUpdate(final Entry e, final int bits) {
        if (!e.hasEvents) {
            return;
        }
        publish(e, EventType.UPDATE, FlowViews.changed(e, clock.nanos(), bits, false), 0);
    }

    /** @return a new entry for a packet: its address from the slab, its id from address and tuple */
    Entry newPacketEntry(final Tuple original, final Tuple reply, final long now) {
        final int address = table.allocateAddress();
        return new Entry(idOf(address, TupleHash.of(original)), address, original, reply, 0, Entry.ZONE_BOTH, now,
            false);
    }

    /** @param e a packet entry that was never inserted: its object goes back to the slab */
    void discard(final Entry e) {
        table.freeAddress(e.address);
    }

    @Override
    public String toString() {
        return "simulated netns " + name;
    }
}
