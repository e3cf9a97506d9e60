package io.conntrack4j.sim.differential;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.quicktheories.generators.SourceDSL.integers;

/**
 * QuickTheories generators of random operation sequences over a small pool of tuples, so that operations collide
 * often: a tuple of the pool is often the reply tuple of another, creates sometimes use a "NAT" reply tuple or the
 * inverse of another pool tuple, and most updates, gets, deletes and tuple filters name a flow created earlier in the
 * same sequence (its original or reply tuple, in its zone), so they meet an entry. Zones are 0 and 5, by
 * {@code CTA_ZONE} or (see {@link #DIRECTIONAL_ZONES}) by {@code CTA_TUPLE_ZONE} in one tuple.
 *
 * <p>Every generator is total and draws only bounded integers, so QuickTheories shrinks through the draws: sequences
 * shrink toward one step, steps toward "create", the pool toward its first tuple (UDP), and every optional part
 * toward absent. ({@link Differential#check} then deletes the steps a divergence does not need.)
 */
public final class OpGen {
    /** How the sequences treat time. */
    public enum Mode {
        /**
         * Both systems are simulated: timeouts 1..1000 s, and "time passes" steps of 1..1200 s anywhere in a
         * sequence (expiry exactly at the boundary included: both clocks move by the same amount).
         */
        SIMULATED,
        /**
         * One system is the real kernel, whose clock runs on while requests are processed: timeouts are either 1 s
         * or at least 5 s (or rarely 0 or beyond the kernel's limit), and about one sequence in
         * {@link #SLEEP_ONE_IN} has one "time passes 2 s" step (a real sleep), so an entry is either clearly expired
         * (1 s) or clearly alive (at least 3 s left) afterwards.
         */
        REAL_KERNEL
    }

    static final IpAddress A = IpAddress.parse("10.0.0.1");
    static final IpAddress B = IpAddress.parse("10.0.0.2");
    static final IpAddress C = IpAddress.parse("10.0.0.3");
    static final IpAddress V6C = IpAddress.parse("fd00::3");

    /** The tuples flows are created with: pairs of them are each other's inverse. */
    static final List<Tuple> POOL = List.of(
        Tuple.udp("10.0.0.1", "10.0.0.2", 1000, 53),
        Tuple.udp("10.0.0.2", "10.0.0.1", 53, 1000),
        Tuple.udp("10.0.0.1", "10.0.0.2", 1001, 53),
        Tuple.tcp("10.0.0.1", "10.0.0.2", 1000, 80),
        Tuple.tcp("10.0.0.2", "10.0.0.1", 80, 1000),
        Tuple.tcp("10.0.0.3", "10.0.0.2", 2000, 80),
        Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 7),
        Tuple.icmp("10.0.0.2", "10.0.0.1", 0, 0, 7),
        Tuple.icmp("10.0.0.1", "10.0.0.3", 8, 0, 9),
        Tuple.udp("fd00::1", "fd00::2", 1000, 53),
        Tuple.tcp("fd00::1", "fd00::2", 1000, 80),
        Tuple.icmp("fd00::1", "fd00::2", 128, 0, 7));

    /** Lookup tuples: the pool, some "NAT" reply tuples (see {@link #natReply}) and an ICMP tuple without reply. */
    static final List<Tuple> LOOKUPS;

    static {
        final List<Tuple> l = new ArrayList<>(POOL);
        l.add(natReply(POOL.get(0)));
        l.add(natReply(POOL.get(3)));
        l.add(natReply(POOL.get(6)));
        l.add(natReply(POOL.get(9)));
        // destination unreachable has no reply type: the kernel refuses the tuple
        l.add(Tuple.icmp("10.0.0.1", "10.0.0.2", 3, 1, 0));
        LOOKUPS = List.copyOf(l);
    }

    /**
     * In {@link Mode#REAL_KERNEL}, one sequence in this many has a "time passes 2 s" step (system property
     * {@code ct4j.differential.sleepOneIn}, default 8).
     */
    static final int SLEEP_ONE_IN = Math.max(1, Integer.getInteger("ct4j.differential.sleepOneIn", 8));

    /**
     * Whether creates and lookups use zones of one direction ({@code CTA_TUPLE_ZONE}; system property
     * {@code ct4j.differential.directionalZones}, default true). Turning them off excludes that class of operations,
     * to look for other divergences while a known one in it is open.
     */
    static final boolean DIRECTIONAL_ZONES = !"false".equals(System.getProperty("ct4j.differential.directionalZones"));

    /**
     * Whether a delete may carry the id of an entry that was deleted and re-created since the system last showed it
     * (system property {@code ct4j.differential.staleIds}, default true). When false, a full dump precedes every step
     * that deletes with the last seen id, so the id is current whenever an entry with that tuple exists.
     */
    static final boolean STALE_IDS = !"false".equals(System.getProperty("ct4j.differential.staleIds"));

    static final List<Long> MARKS = List.of(0L, 1L, 2L, 0x10L, 0xFFL, 0x8000_0000L, 0xFFFF_FFFFL);
    static final List<Long> MASKS = List.of(0xFFFF_FFFFL, 0xFFL, 0xF0L, 0x0FL, 0L);
    static final List<Integer> PORTS = List.of(1000, 53, 80, 1001, 2000);
    static final List<IpAddress> V4 = List.of(A, B, C);

    private OpGen() {
    }

    /**
     * @param t a tuple
     * @return its inverse with another source, as a destination NAT would make the reply tuple
     */
    static Tuple natReply(final Tuple t) {
        final Tuple inverse = t.inverse();
        return Tuple.of(t.family() == Family.IPV4 ? C : V6C, inverse.destination(), inverse.protocol(),
            inverse.layer4());
    }

    // ------------------------------------------------------------------------------------------------ draws

    private static int range(final RandomnessSource in, final int min, final int max) {
        return integers().between(min, max).generate(in);
    }

    /** @return true in about {@code percent}% of draws; shrinks to false */
    private static boolean chance(final RandomnessSource in, final int percent) {
        return range(in, 0, 99) >= 100 - percent;
    }

    private static <T> T pick(final RandomnessSource in, final List<T> values) {
        return values.get(range(in, 0, values.size() - 1));
    }

    // ------------------------------------------------------------------------------------------------ sequences

    /**
     * @param mode how time is treated
     * @return sequences of 1..20 steps (in {@link Mode#REAL_KERNEL}, 21 when a "time passes" step is added; more
     *     when {@link #STALE_IDS} is off)
     */
    public static Gen<List<Op>> sequences(final Mode mode) {
        final Gen<List<Op>> sequences = in -> {
            final int length = range(in, 1, 20);
            final List<Flow> created = new ArrayList<>();
            final List<Op> ops = new ArrayList<>(length + 1);
            for (int i = 0; i < length; i++) {
                final Op op = op(in, mode, created);
                if (!STALE_IDS && usesLastSeenId(op)) {
                    ops.add(new Op.Dump(KernelFilter.NONE, false));
                }
                ops.add(op);
            }
            if (mode == Mode.REAL_KERNEL && range(in, 0, SLEEP_ONE_IN - 1) == SLEEP_ONE_IN - 1) {
                ops.add(range(in, 0, ops.size()), new Op.TimePasses(2));
            }
            return List.copyOf(ops);
        };
        return sequences.describedAs(OpGen::describe);
    }

    private static boolean usesLastSeenId(final Op op) {
        if (op instanceof Op.Delete) {
            return ((Op.Delete) op).id() == Op.IdChoice.LAST_SEEN;
        }
        return op instanceof Op.Pipelined && ((Op.Pipelined) op).items().stream().anyMatch(OpGen::usesLastSeenId);
    }

    /**
     * @param ops a sequence
     * @return one numbered step per line
     */
    public static String describe(final List<Op> ops) {
        final StringBuilder sb = new StringBuilder("\n");
        for (int i = 0; i < ops.size(); i++) {
            sb.append(String.format("  %2d. %s%n", i + 1, ops.get(i)));
        }
        return sb.toString();
    }

    /**
     * One random step. Steps that name a tuple often (75%) take one of a flow created earlier in the sequence
     * ({@code created}), so that they meet an entry; a create adds its flow there.
     *
     * @param in      the randomness
     * @param mode    how time is treated
     * @param created the flows created earlier in the sequence (whether or not the create succeeded)
     * @return the step
     */
    static Op op(final RandomnessSource in, final Mode mode, final List<Flow> created) {
        final int kind = range(in, 0, 99);
        if (kind < 30) {
            return create(in, mode, created);
        } else if (kind < 44) {
            return update(in, mode, created);
        } else if (kind < 56) {
            return delete(in, created);
        } else if (kind < 66) {
            final Target t = target(in, created);
            return new Op.Get(t.tuple, direction(in), t.zone);
        } else if (kind < 82 || (kind >= 94 && mode == Mode.REAL_KERNEL)) {
            return new Op.Dump(filter(in, true, created), chance(in, 10));
        } else if (kind < 87) {
            return new Op.Flush(filter(in, false, created));
        } else if (kind < 89) {
            final int f = range(in, 0, 3);
            return new Op.FlushEverything(f < 2 ? Option.none() : Option.some(f == 2 ? Family.IPV4 : Family.IPV6));
        } else if (kind < 94) {
            final int n = range(in, 1, 3);
            final List<Op.Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                final int k = range(in, 0, 2);
                items.add(k == 0 ? create(in, mode, created) : k == 1 ? update(in, mode, created)
                    : delete(in, created));
            }
            return new Op.Pipelined(items);
        } else {
            return new Op.TimePasses(seconds(in));
        }
    }

    /** A lookup tuple and zone. */
    private record Target(Tuple tuple, int zone) {
    }

    /** @return often a tuple of a flow created earlier (original or reply, mostly its zone), else any lookup tuple */
    private static Target target(final RandomnessSource in, final List<Flow> created) {
        if (!created.isEmpty() && chance(in, 75)) {
            final Flow f = pick(in, created);
            final Tuple tuple = chance(in, 30) ? f.reply().get() : f.original();
            final int zone = chance(in, 5) ? 5 - f.zone() : f.zone();
            return new Target(tuple, zone);
        }
        final Tuple tuple = pick(in, LOOKUPS);
        if (DIRECTIONAL_ZONES && chance(in, 5)) {
            // a directional zone in the lookup tuple (with a nonzero CTA_ZONE too: the kernel refuses that)
            return new Target(tuple.withZone(5), chance(in, 20) ? 5 : 0);
        }
        return new Target(tuple, zone(in));
    }

    // ------------------------------------------------------------------------------------------------ steps

    private static Op.Create create(final RandomnessSource in, final Mode mode, final List<Flow> created) {
        final Tuple orig = pick(in, POOL);
        final int r = range(in, 0, 9);
        final Tuple reply;
        if (r < 7) {
            reply = orig.inverse();
        } else if (r < 9) {
            reply = natReply(orig);
        } else {
            final List<Tuple> same = POOL.stream()
                .filter(t -> t.family() == orig.family() && t.protocol().equals(orig.protocol()))
                .collect(Collectors.toList());
            reply = pick(in, same).inverse();
        }
        final Flow.Builder b;
        if (DIRECTIONAL_ZONES && chance(in, 10)) {
            // a zone of one direction only (CTA_TUPLE_ZONE inside the tuple, no CTA_ZONE)
            b = chance(in, 50) ? Flow.builder(orig.withZone(5)).reply(reply)
                : Flow.builder(orig).reply(reply.withZone(5));
            b.timeout(timeout(in, mode));
        } else {
            b = Flow.builder(orig).reply(reply).timeout(timeout(in, mode)).zone(zone(in));
        }
        if (chance(in, 50)) {
            b.mark(pick(in, MARKS));
        }
        if (chance(in, 40)) {
            int bits = 0;
            bits |= chance(in, 40) ? Status.SEEN_REPLY.value() : 0;
            bits |= chance(in, 40) ? Status.ASSURED.value() : 0;
            bits |= chance(in, 40) ? Status.FIXED_TIMEOUT.value() : 0;
            b.status(new StatusBits(bits));
        }
        if (orig.protocol().equals(Protocol.TCP) && chance(in, 60)) {
            b.protoInfo(ProtoInfo.Tcp.of(TcpState.of(range(in, 0, 9))));
        }
        final Flow flow = b.build();
        created.add(flow);
        return new Op.Create(flow, chance(in, 15));
    }

    private static Op.Update update(final RandomnessSource in, final Mode mode, final List<Flow> created) {
        final Target target = target(in, created);
        final Tuple tuple = target.tuple;
        final int zone = target.zone;
        final boolean statusFromSeen = chance(in, 50);
        Option<MarkMatch> mark = Option.none();
        Option<Long> timeout = Option.none();
        int status = 0;
        Option<TcpState> state = Option.none();
        if (chance(in, 45)) {
            mark = Option.some(new MarkMatch(pick(in, MARKS), chance(in, 50) ? pick(in, MASKS) : 0xFFFF_FFFFL));
        }
        if (chance(in, 35)) {
            timeout = Option.some(timeout(in, mode));
        }
        if (chance(in, 35)) {
            status |= chance(in, 40) ? Status.SEEN_REPLY.value() : 0;
            status |= chance(in, 40) ? Status.ASSURED.value() : 0;
            status |= chance(in, 40) ? Status.FIXED_TIMEOUT.value() : 0;
            status |= chance(in, 10) ? Status.HELPER.value() : 0;
            if (status == 0) {
                status = Status.ASSURED.value();
            }
        }
        if (chance(in, 25)) {
            state = Option.some(TcpState.of(range(in, 0, 9)));
        }
        return new Op.Update(tuple, zone, statusFromSeen,
            new FlowUpdate(mark, timeout, new StatusBits(status), Labels.NONE, Labels.NONE, state));
    }

    private static Op.Delete delete(final RandomnessSource in, final List<Flow> created) {
        final Target target = target(in, created);
        final Tuple tuple = target.tuple;
        final TupleDirection direction = direction(in);
        final int zone = target.zone;
        final int r = range(in, 0, 9);
        final Op.IdChoice id = r < 4 ? Op.IdChoice.NONE : r < 9 ? Op.IdChoice.LAST_SEEN : Op.IdChoice.WRONG;
        return new Op.Delete(tuple, direction, zone, id);
    }

    private static TupleDirection direction(final RandomnessSource in) {
        return chance(in, 20) ? TupleDirection.REPLY : TupleDirection.ORIGINAL;
    }

    private static int zone(final RandomnessSource in) {
        return chance(in, 30) ? 5 : 0;
    }

    /**
     * Mostly 1..1000 s (in {@link Mode#REAL_KERNEL}: 1 s or 5..1000 s); rarely 0 (expired at once) or beyond the
     * kernel's limit of INT_MAX jiffies (clamped).
     */
    private static long timeout(final RandomnessSource in, final Mode mode) {
        if (chance(in, 4)) {
            return pick(in, List.of(0L, 2_147_483L, 8_589_934L, 8_589_935L, 0xFFFF_FFFFL));
        }
        final int r = range(in, 0, 9);
        if (mode == Mode.REAL_KERNEL) {
            return r < 4 ? 1 : r < 7 ? range(in, 5, 30) : range(in, 31, 1000);
        }
        return r < 3 ? range(in, 1, 5) : r < 6 ? range(in, 6, 120) : range(in, 121, 1000);
    }

    /** @return 1..1200 s, mostly short enough to leave long-lived entries alive */
    private static int seconds(final RandomnessSource in) {
        final int r = range(in, 0, 9);
        return r < 4 ? range(in, 1, 5) : r < 7 ? range(in, 6, 60) : r < 9 ? range(in, 61, 600) : range(in, 601, 1200);
    }

    // ------------------------------------------------------------------------------------------------ filters

    /**
     * A kernel filter that satisfies {@link KernelFilter}'s rules: a tuple filter comes with a family (IPv4, or
     * IPv6 when it has no address), a zone filter is nonzero, a status mask is nonzero. About a third are empty
     * (when allowed); the others restrict one or more of family, mark, status, zone, original and reply tuple.
     */
    static KernelFilter filter(final RandomnessSource in, final boolean mayBeEmpty, final List<Flow> created) {
        if (mayBeEmpty && range(in, 0, 2) == 0) {
            return KernelFilter.NONE;
        }
        final boolean original = chance(in, 35);
        final boolean reply = chance(in, 20);
        Option<Family> family = Option.none();
        if (original || reply) {
            family = Option.some(chance(in, 10) ? Family.IPV6 : Family.IPV4);
        } else if (chance(in, 50)) {
            family = Option.some(chance(in, 25) ? Family.IPV6 : Family.IPV4);
        }
        final boolean v4 = family.contains(Family.IPV4);
        Option<MarkMatch> mark = Option.none();
        if (chance(in, 30)) {
            final long mask = pick(in, MASKS);
            final long value = chance(in, 20) ? pick(in, MARKS) : pick(in, MARKS) & mask;
            mark = Option.some(new MarkMatch(value, mask));
        }
        Option<StatusMatch> status = Option.none();
        if (chance(in, 30)) {
            final int mask = statusBits(in);
            final int value = chance(in, 20) ? statusBits(in) : statusBits(in) & mask;
            status = Option.some(new StatusMatch(value, mask == 0 ? Status.ASSURED.value() : mask));
        }
        final Option<Integer> zone = chance(in, 25) ? Option.some(chance(in, 20) ? 7 : 5) : Option.none();
        final Option<TupleFilter> orig = original ? Option.some(tupleFilter(in, v4, created, false)) : Option.none();
        final Option<TupleFilter> rep = reply ? Option.some(tupleFilter(in, v4, created, true)) : Option.none();
        final KernelFilter filter = new KernelFilter(family, mark, status, zone, orig, rep);
        return filter.isEmpty() ? KernelFilter.of(chance(in, 25) ? Family.IPV6 : Family.IPV4) : filter;
    }

    private static int statusBits(final RandomnessSource in) {
        int bits = 0;
        bits |= chance(in, 40) ? Status.SEEN_REPLY.value() : 0;
        bits |= chance(in, 40) ? Status.ASSURED.value() : 0;
        bits |= chance(in, 40) ? Status.FIXED_TIMEOUT.value() : 0;
        bits |= chance(in, 20) ? Status.CONFIRMED.value() : 0;
        return bits;
    }

    /**
     * A tuple filter; half of those of an IPv4 dump take their values from a flow created earlier (each field
     * kept or dropped at random), the others from the pool's values.
     */
    private static TupleFilter tupleFilter(final RandomnessSource in, final boolean v4, final List<Flow> created,
                                           final boolean replyDirection) {
        final List<Flow> v4Flows = created.stream().filter(f -> f.family() == Family.IPV4)
            .collect(Collectors.toList());
        if (v4 && !v4Flows.isEmpty() && chance(in, 50)) {
            final Flow f = pick(in, v4Flows);
            final Tuple t = replyDirection ? f.reply().get() : f.original();
            final boolean withProtocol = !chance(in, 20);
            final Option<Integer> sport = withProtocol && chance(in, 40) ? t.sourcePort() : Option.none();
            final Option<Integer> dport = withProtocol && chance(in, 50) ? t.destinationPort() : Option.none();
            final boolean icmp = withProtocol && t.icmp().isDefined();
            return new TupleFilter(chance(in, 50) ? Option.some(t.source()) : Option.none(),
                chance(in, 50) ? Option.some(t.destination()) : Option.none(),
                withProtocol ? Option.some(t.protocol()) : Option.none(), sport, dport,
                icmp && chance(in, 40) ? Option.some(t.icmp().get().type()) : Option.none(),
                icmp && chance(in, 30) ? Option.some(t.icmp().get().code()) : Option.none(),
                icmp && chance(in, 40) ? Option.some(t.icmp().get().id()) : Option.none());
        }
        final int p = range(in, 0, 9);
        final Option<Protocol> protocol = p < 2 ? Option.none()
            : Option.some(p < 5 ? Protocol.UDP : p < 8 ? Protocol.TCP : Protocol.ICMP);
        final Option<IpAddress> source = v4 && chance(in, 40) ? Option.some(pick(in, V4)) : Option.none();
        final Option<IpAddress> destination = v4 && chance(in, 40) ? Option.some(pick(in, V4)) : Option.none();
        Option<Integer> sport = Option.none();
        Option<Integer> dport = Option.none();
        Option<Integer> type = Option.none();
        Option<Integer> code = Option.none();
        Option<Integer> id = Option.none();
        if (protocol.isDefined()) {
            final boolean ports = protocol.get().hasPorts();
            // the fields of the protocol, and rarely those of another (the kernel then ignores or refuses them)
            if (ports || chance(in, 5)) {
                sport = chance(in, 30) ? Option.some(pick(in, PORTS)) : Option.none();
                dport = chance(in, 40) ? Option.some(pick(in, PORTS)) : Option.none();
            }
            if (!ports || chance(in, 5)) {
                type = chance(in, 40) ? Option.some(pick(in, List.of(8, 0, 3))) : Option.none();
                code = chance(in, 20) ? Option.some(pick(in, List.of(0, 1))) : Option.none();
                id = chance(in, 30) ? Option.some(pick(in, List.of(7, 9))) : Option.none();
            }
        }
        return new TupleFilter(source, destination, protocol, sport, dport, type, code, id);
    }
}
