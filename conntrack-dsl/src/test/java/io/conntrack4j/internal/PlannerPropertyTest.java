package io.conntrack4j.internal;

import io.conntrack4j.Criterion;
import io.conntrack4j.FlowFilter;
import io.conntrack4j.FlowQuery;
import io.conntrack4j.Plan;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.IpPrefix;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.quicktheories.QuickTheory.qt;

/**
 * The planner's contract, for random queries and random flows: the kernel part of a plan AND its residual accept
 * exactly the flows the query accepts, whatever the kernel's capabilities; the kernel part is always something the
 * kernel accepts and only uses what the capabilities list; and with every capability, what can go to the kernel
 * does.
 */
class PlannerPropertyTest {
    /** Cases per capability set. */
    static final int EXAMPLES = 2_000;

    private static final Capabilities NO_FAMILY = Capabilities.of(KernelFeature.MARK_FILTER,
        KernelFeature.STATUS_FILTER, KernelFeature.TUPLE_FILTER, KernelFeature.ZONE_FILTER);

    static Stream<Arguments> capabilitySets() {
        return Stream.of(
            arguments("FAMILY_ONLY", Capabilities.FAMILY_ONLY),
            arguments("ALL", Capabilities.ALL),
            arguments("kernel 5.10 (tuple filter, no status, no zone)", Capabilities.ofKernel(5, 10)),
            arguments("kernel 6.1 (status, no zone)", Capabilities.ofKernel(6, 1)),
            arguments("kernel 4.19 (mark only)", Capabilities.ofKernel(4, 19)),
            arguments("no features at all", Capabilities.of()),
            arguments("everything but the family filter", NO_FAMILY));
    }

    @Test
    void theCapabilitySetsAreWhatTheirNamesSay() {
        assertThat(Capabilities.ofKernel(5, 10).features()).contains(KernelFeature.TUPLE_FILTER,
            KernelFeature.FAMILY_FILTER, KernelFeature.MARK_FILTER)
            .doesNotContain(KernelFeature.STATUS_FILTER, KernelFeature.ZONE_FILTER);
        assertThat(Capabilities.ofKernel(6, 1).features()).contains(KernelFeature.TUPLE_FILTER,
            KernelFeature.STATUS_FILTER).doesNotContain(KernelFeature.ZONE_FILTER);
        assertThat(Capabilities.ofKernel(4, 19).features())
            .containsExactlyInAnyOrder(KernelFeature.FAMILY_FILTER, KernelFeature.MARK_FILTER);
        assertThat(Capabilities.of().features()).isEmpty();
        assertThat(Capabilities.ALL.features()).containsExactlyInAnyOrder(KernelFeature.values());
        assertThat(Capabilities.FAMILY_ONLY.features()).containsExactly(KernelFeature.FAMILY_FILTER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capabilitySets")
    void kernelPartAndResidualSelectExactlyWhatTheQuerySelects(final String name, final Capabilities caps) {
        final Stats stats = new Stats();
        qt().withExamples(EXAMPLES).withShrinkCycles(200)
            .forAll(cases())
            .checkAssert(c -> check(c, caps, stats));

        System.out.printf("planner property [%s]: %s%n", name, stats);
        // QuickTheories may run a few fewer than asked (it skips values it has already tried)
        assertThat(stats.cases.get()).as("cases run").isGreaterThanOrEqualTo(Math.max(1000, EXAMPLES * 95 / 100));
        assertThat(stats.valid.get()).as("most generated queries are valid: %s", stats)
            .isGreaterThan(stats.cases.get() * 7 / 10);
        assertThat(stats.matched.get()).as("a meaningful share of (query, flow) pairs match: %s", stats)
            .isGreaterThanOrEqualTo(stats.valid.get() / 20);
        assertThat(stats.valid.get() - stats.matched.get()).as("and many do not: %s", stats)
            .isGreaterThanOrEqualTo(stats.valid.get() / 5);
        if (caps.features().isEmpty()) {
            assertThat(stats.kernelRejected.get()).as("no capability, no kernel filtering: %s", stats).isZero();
        } else {
            assertThat(stats.kernelRejected.get()).as("the kernel part rejects flows in some cases: %s", stats)
                .isGreaterThanOrEqualTo(stats.valid.get() / 400);
        }
        if (caps.has(KernelFeature.STATUS_FILTER) || caps.has(KernelFeature.TUPLE_FILTER)
            && caps.has(KernelFeature.FAMILY_FILTER)) {
            assertThat(stats.kernelRejected.get()).as("the kernel part rejects flows in many cases: %s", stats)
                .isGreaterThanOrEqualTo(stats.valid.get() / 20);
        }
        if (caps.has(KernelFeature.FAMILY_FILTER) && caps.has(KernelFeature.TUPLE_FILTER)) {
            assertThat(stats.tupleFiltered.get()).as("tuple filters are exercised: %s", stats)
                .isGreaterThanOrEqualTo(stats.valid.get() / 10);
        }
    }

    private static void check(final Case c, final Capabilities caps, final Stats stats) {
        stats.cases.incrementAndGet();
        final FlowQuery query;
        try {
            query = c.query();
        } catch (final InvalidValueException e) {
            stats.invalid.incrementAndGet();
            return;
        }
        stats.valid.incrementAndGet();
        final Plan plan = query.explain(caps);
        final KernelFilter kernel = plan.kernel();
        final FlowFilter residual = plan.residual();
        final boolean expected = query.test(c.flow);
        if (expected) {
            stats.matched.incrementAndGet();
        }
        final boolean kernelSays = kernel.test(c.flow);
        if (!kernelSays) {
            stats.kernelRejected.incrementAndGet();
        }
        if (kernel.original().isDefined() || kernel.reply().isDefined()) {
            stats.tupleFiltered.incrementAndGet();
        }
        assertThat(kernelSays && residual.test(c.flow))
            .as("query %s%nplan%n%s%nflow %s", query, plan, c.flowText)
            .isEqualTo(expected);
        assertThat(plan.test(c.flow)).as("Plan.test agrees with its parts").isEqualTo(expected);

        assertKernelAccepts(kernel, caps, query.filter());
        if (caps.features().isEmpty()) {
            assertThat(kernel.isEmpty()).as("no capability: nothing for the kernel, %s", kernel).isTrue();
            assertThat(residual).isEqualTo(query.filter());
        }
        if (!caps.has(KernelFeature.FAMILY_FILTER)) {
            assertThat(kernel.family()).isEmpty();
            assertThat(kernel.original()).isEmpty();
            assertThat(kernel.reply()).isEmpty();
        }
        assertResidualIsPartOfTheQuery(residual, query.filter());
        if (caps.equals(Capabilities.ALL)) {
            assertEverythingPushable(query.filter(), kernel, residual);
        }
    }

    /** What the kernel accepts (ctnetlink-and-cli.md §4.5, §4.8; kernel-semantics.md §6.5), within the caps. */
    static void assertKernelAccepts(final KernelFilter kernel, final Capabilities caps, final FlowFilter query) {
        final String ctx = "kernel filter " + kernel + " for " + query + " with " + caps;
        if (kernel.family().isDefined()) {
            assertThat(caps.has(KernelFeature.FAMILY_FILTER)).as(ctx).isTrue();
            assertThat(query.family()).as(ctx).isEqualTo(kernel.family());
        }
        kernel.mark().forEach(m -> {
            assertThat(caps.has(KernelFeature.MARK_FILTER)).as(ctx).isTrue();
            assertThat(Option.some(m)).as(ctx).isEqualTo(query.get(Criterion.MARK));
        });
        kernel.status().forEach(s -> {
            assertThat(caps.has(KernelFeature.STATUS_FILTER)).as(ctx).isTrue();
            assertThat(s.mask()).as("status mask nonzero: " + ctx).isNotZero();
            assertThat(s.value() & ~s.mask()).as("status value inside the mask: " + ctx).isZero();
        });
        kernel.zone().forEach(z -> {
            assertThat(caps.has(KernelFeature.ZONE_FILTER)).as(ctx).isTrue();
            assertThat(z).as("zone nonzero: " + ctx).isBetween(1, 0xFFFF);
        });
        for (final TupleFilter t : kernel.original().toList().appendAll(kernel.reply())) {
            assertThat(caps.has(KernelFeature.TUPLE_FILTER)).as(ctx).isTrue();
            assertThat(kernel.family()).as("tuple filter only with a family: " + ctx).isNotEmpty();
            assertThat(t.isEmpty()).as("no empty tuple filter: " + ctx).isFalse();
            final Family family = kernel.family().get();
            t.source().forEach(a -> assertThat(a.family()).as(ctx).isEqualTo(family));
            t.destination().forEach(a -> assertThat(a.family()).as(ctx).isEqualTo(family));
            final boolean ports = t.sourcePort().isDefined() || t.destinationPort().isDefined();
            final boolean icmp = t.icmpType().isDefined() || t.icmpCode().isDefined() || t.icmpId().isDefined();
            if (ports || icmp) {
                assertThat(t.protocol()).as("port/ICMP flags need PROTO_NUM: " + ctx).isNotEmpty();
            }
            if (ports) {
                // the kernel compares ports of TCP and UDP only: anything else would be silently ignored
                assertThat(t.protocol().get()).as(ctx).isIn(Protocol.TCP, Protocol.UDP);
            }
            if (icmp) {
                assertThat(t.protocol().get()).as(ctx)
                    .isEqualTo(family == Family.IPV4 ? Protocol.ICMP : Protocol.ICMPV6);
            }
        }
        if (kernel.original().isDefined() || kernel.reply().isDefined()) {
            // the tuple filter's protocol is the query's protocol, never one the query did not ask for
            for (final TupleFilter t : kernel.original().toList().appendAll(kernel.reply())) {
                t.protocol().forEach(p -> assertThat(query.<Protocol>get(Criterion.PROTOCOL)).as(ctx)
                    .isEqualTo(Option.some(p)));
            }
        }
    }

    private static void assertResidualIsPartOfTheQuery(final FlowFilter residual, final FlowFilter query) {
        assertThat(query.criteria()).containsAll(residual.criteria());
        for (final Criterion c : residual.criteria()) {
            assertThat(residual.get(c)).as("residual %s of %s", c, query).isEqualTo(query.get(c));
        }
    }

    /** With every capability, everything the kernel can evaluate exactly goes to the kernel. */
    private static void assertEverythingPushable(final FlowFilter query, final KernelFilter kernel,
                                                 final FlowFilter residual) {
        final String ctx = "query " + query + " kernel " + kernel + " residual " + residual;
        assertThat(kernel.family()).as(ctx).isEqualTo(query.family());
        final boolean withFamily = query.family().isDefined();
        if (withFamily) {
            for (final Criterion c : new Criterion[] {Criterion.ORIG_SRC, Criterion.ORIG_DST, Criterion.REPLY_SRC,
                Criterion.REPLY_DST}) {
                final Option<IpPrefix> p = query.get(c);
                if (p.exists(IpPrefix::isSingleAddress)) {
                    assertThat(residual.criteria()).as("single-address %s goes to the kernel: %s", c, ctx)
                        .doesNotContain(c);
                    final Option<TupleFilter> t = c == Criterion.ORIG_SRC || c == Criterion.ORIG_DST
                        ? kernel.original() : kernel.reply();
                    final Option<IpAddress> a = c == Criterion.ORIG_SRC || c == Criterion.REPLY_SRC
                        ? t.flatMap(TupleFilter::source) : t.flatMap(TupleFilter::destination);
                    assertThat(a).as(ctx).isEqualTo(p.map(IpPrefix::network));
                } else if (p.isDefined()) {
                    assertThat(residual.criteria()).as("a wider prefix stays in Java: %s", ctx).contains(c);
                }
            }
            if (query.get(Criterion.PROTOCOL).isDefined()) {
                assertThat(residual.criteria()).as(ctx).doesNotContain(Criterion.PROTOCOL);
            }
            final Option<Protocol> proto = query.get(Criterion.PROTOCOL);
            if (proto.exists(p -> p.equals(Protocol.TCP) || p.equals(Protocol.UDP))) {
                assertThat(residual.criteria()).as(ctx).doesNotContain(Criterion.ORIG_SPORT, Criterion.ORIG_DPORT,
                    Criterion.REPLY_SPORT, Criterion.REPLY_DPORT);
            }
            final boolean invertibleType = query.<Integer>get(Criterion.ICMP_TYPE)
                .forAll(type -> proto.exists(p -> io.conntrack4j.model.IcmpTypes.invertible(p, type)));
            if (proto.exists(Protocol::isIcmp) && invertibleType) {
                assertThat(residual.criteria()).as(ctx).doesNotContain(Criterion.ICMP_TYPE, Criterion.ICMP_CODE,
                    Criterion.ICMP_ID);
            } else if (proto.exists(Protocol::isIcmp)) {
                assertThat(residual.criteria()).as("a type the kernel cannot invert stays in Java (EINVAL): %s", ctx)
                    .contains(Criterion.ICMP_TYPE);
            }
        }
        assertThat(residual.criteria()).as(ctx).doesNotContain(Criterion.FAMILY, Criterion.MARK);
        if (query.get(Criterion.STATUS_SET).isDefined() || query.get(Criterion.STATUS_CLEAR).isDefined()) {
            assertThat(kernel.status()).as(ctx).isNotEmpty();
            assertThat(residual.criteria()).as(ctx).doesNotContain(Criterion.STATUS_SET, Criterion.STATUS_CLEAR);
        }
        if (query.<Integer>get(Criterion.ZONE).exists(z -> z != 0)) {
            assertThat(kernel.zone()).as(ctx).isEqualTo(query.get(Criterion.ZONE));
            assertThat(residual.criteria()).as(ctx).doesNotContain(Criterion.ZONE);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // generators

    private static final List<String> V4 = List.of("10.0.0.1", "10.0.0.2", "192.168.1.1");
    private static final List<String> V6 = List.of("2001:db8::1", "2001:db8::2", "fe80::1");
    private static final List<String> NAT_V4 = List.of("203.0.113.7", "10.0.0.2");
    private static final List<String> NAT_V6 = List.of("2001:db8::99", "2001:db8::2");
    private static final List<Integer> LENGTHS_V4 = List.of(0, 8, 16, 24, 31, 32);
    private static final List<Integer> LENGTHS_V6 = List.of(0, 16, 32, 64, 127, 128);
    private static final List<Integer> PORTS = List.of(0, 53, 80, 443, 65535);
    private static final List<Integer> ICMP_TYPES_V4 = List.of(8, 0, 3, 13);
    private static final List<Integer> ICMP_TYPES_V6 = List.of(128, 129, 1);
    private static final List<Integer> ICMP_CODES = List.of(0, 1);
    private static final List<Integer> ICMP_IDS = List.of(0, 1, 7);
    private static final List<TcpState> TCP_STATES = List.of(TcpState.ESTABLISHED, TcpState.SYN_SENT,
        TcpState.TIME_WAIT, TcpState.CLOSE);
    private static final List<Status> STATUS_POOL = List.of(Status.SEEN_REPLY, Status.ASSURED, Status.CONFIRMED,
        Status.SRC_NAT_DONE, Status.DST_NAT_DONE, Status.FIXED_TIMEOUT, Status.DYING);
    private static final List<Long> MARKS = List.of(0L, 1L, 0x12L, 0xffL, 0x1ffL, 0xFFFF_FFFFL);
    private static final List<Long> MASKS = List.of(0xFFFF_FFFFL, 0xffL, 0x0fL, 0x100L, 0x1L);
    private static final List<Integer> ZONES = List.of(0, 1, 4);
    private static final List<Integer> LABELS = List.of(0, 1, 64, 127);
    private static final List<Protocol> PROTOS_V4 = List.of(Protocol.TCP, Protocol.UDP, Protocol.ICMP,
        Protocol.GRE, Protocol.SCTP, Protocol.of(99), Protocol.UDPLITE);
    private static final List<Protocol> PROTOS_V6 = List.of(Protocol.TCP, Protocol.UDP, Protocol.ICMPV6,
        Protocol.GRE, Protocol.SCTP, Protocol.of(99), Protocol.UDPLITE);
    private static final List<Integer> STEP_COUNTS = List.of(0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5);

    /** One generated case: the steps of a query (values often taken from the flow) and a flow. */
    record Case(List<Step> steps, Flow flow, String flowText) {
        FlowQuery query() {
            FlowQuery q = FlowQuery.flows();
            for (final Step s : steps) {
                q = s.op.apply(q);
            }
            return q;
        }

        @Override
        public String toString() {
            return "flows()" + String.join("", steps.stream().map(Step::toString).toList()) + " on " + flowText;
        }
    }

    /** One DSL step, printable. */
    record Step(String text, UnaryOperator<FlowQuery> op) {
        @Override
        public String toString() {
            return "." + text;
        }
    }

    static Gen<Case> cases() {
        return rs -> {
            final Flow flow = flow(rs);
            final int n = pick(rs, STEP_COUNTS);
            final List<Step> steps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                steps.add(step(rs, flow));
            }
            return new Case(steps, flow, describe(flow));
        };
    }

    private static <T> T pick(final RandomnessSource rs, final List<T> values) {
        return Generate.pick(values).generate(rs);
    }

    private static int range(final RandomnessSource rs, final int min, final int max) {
        return Generate.range(min, max).generate(rs);
    }

    /** @return true with the given percentage */
    private static boolean chance(final RandomnessSource rs, final int percent) {
        return range(rs, 0, 99) < percent;
    }

    private static Flow flow(final RandomnessSource rs) {
        final Family family = chance(rs, 65) ? Family.IPV4 : Family.IPV6;
        final boolean v4 = family == Family.IPV4;
        final List<String> addresses = v4 ? V4 : V6;
        final Protocol proto = pick(rs, v4 ? PROTOS_V4 : PROTOS_V6);
        final IpAddress src = IpAddress.parse(pick(rs, addresses));
        final IpAddress dst = IpAddress.parse(pick(rs, addresses));
        Layer4 l4 = Layer4.none();
        if (proto.hasPorts() && !chance(rs, 3)) {
            l4 = new Layer4.Ports(pick(rs, PORTS), pick(rs, PORTS));
        } else if (proto.isIcmp() && !chance(rs, 3)) {
            l4 = new Layer4.Icmp(pick(rs, v4 ? ICMP_TYPES_V4 : ICMP_TYPES_V6), pick(rs, ICMP_CODES),
                pick(rs, ICMP_IDS));
        }
        Tuple original = Tuple.of(src, dst, proto, l4);
        final int zoneShape = range(rs, 0, 9);
        if (zoneShape == 0) {
            original = original.withZone(pick(rs, ZONES));
        }
        final Flow.Builder b = Flow.builder(original);

        boolean snat = false;
        boolean dnat = false;
        if (!chance(rs, 8)) {
            IpAddress replySrc = dst;
            IpAddress replyDst = src;
            Layer4 replyL4 = l4;
            if (l4 instanceof Layer4.Ports) {
                replyL4 = ((Layer4.Ports) l4).swapped();
            } else if (l4 instanceof Layer4.Icmp) {
                final Layer4.Icmp i = (Layer4.Icmp) l4;
                final int type = i.type() == 8 ? 0 : i.type() == 0 ? 8 : i.type() == 128 ? 129
                    : i.type() == 129 ? 128 : i.type() == 13 ? 14 : i.type();
                replyL4 = new Layer4.Icmp(type, i.code(), i.id());
            }
            final List<String> nat = v4 ? NAT_V4 : NAT_V6;
            if (chance(rs, 30)) {
                snat = true;
                replyDst = IpAddress.parse(pick(rs, nat));
                if (replyL4 instanceof Layer4.Ports && chance(rs, 40)) {
                    replyL4 = new Layer4.Ports(((Layer4.Ports) replyL4).source(), pick(rs, PORTS));
                }
            }
            if (chance(rs, 30)) {
                dnat = true;
                replySrc = IpAddress.parse(pick(rs, nat));
                if (replyL4 instanceof Layer4.Ports && chance(rs, 40)) {
                    replyL4 = new Layer4.Ports(pick(rs, PORTS), ((Layer4.Ports) replyL4).destination());
                }
            }
            Tuple reply = Tuple.of(replySrc, replyDst, proto, replyL4);
            if (zoneShape == 1) {
                reply = reply.withZone(pick(rs, ZONES));
            }
            b.reply(reply);
        }

        if (!chance(rs, 12)) {
            int status = 0;
            for (final Status s : new Status[] {Status.SEEN_REPLY, Status.ASSURED, Status.CONFIRMED,
                Status.FIXED_TIMEOUT, Status.SEQ_ADJUST}) {
                if (chance(rs, 50)) {
                    status |= s.value();
                }
            }
            if (chance(rs, snat ? 85 : 10)) {
                status |= Status.SRC_NAT_DONE.value() | Status.SRC_NAT.value();
            }
            if (chance(rs, dnat ? 85 : 10)) {
                status |= Status.DST_NAT_DONE.value() | Status.DST_NAT.value();
            }
            if (chance(rs, 3)) {
                status |= Status.DYING.value();
            }
            b.status(new StatusBits(status));
        }
        if (!chance(rs, 12)) {
            b.mark(pick(rs, MARKS));
        }
        if (zoneShape >= 7) {
            b.zone(pick(rs, ZONES));
        }
        Labels labels = Labels.NONE;
        for (final int l : LABELS) {
            if (chance(rs, 25)) {
                labels = labels.with(l);
            }
        }
        b.labels(labels);
        if (proto.equals(Protocol.TCP) && chance(rs, 75)) {
            b.protoInfo(ProtoInfo.Tcp.of(pick(rs, TCP_STATES)));
        }
        b.timeout((long) range(rs, 0, 500));
        b.id(new FlowId(range(rs, 1, 1_000_000)));
        return b.build();
    }

    /** The criteria kinds a step can add. */
    private enum Kind {
        FAMILY, PROTO, SRC, DST, REPLY_SRC, REPLY_DST, SPORT, DPORT, REPLY_SPORT, REPLY_DPORT, ICMP_TYPE,
        ICMP_CODE, ICMP_ID, STATE, STATUS, NOT_STATUS, UNREPLIED, ASSURED, MARK, ZONE, LABELS, SNAT, DNAT, ANY_NAT,
        /** Several fields of the original tuple at once, mostly the flow's own: deep tuple filters. */
        ORIG_TUPLE,
        /** Several fields of the reply tuple at once. */
        REPLY_TUPLE
    }

    private static final List<Kind> KINDS = List.of(Kind.values());

    private static Step step(final RandomnessSource rs, final Flow flow) {
        final boolean fromFlow = chance(rs, 60);
        final Family family = chance(rs, 80) ? flow.family() : (chance(rs, 50) ? Family.IPV4 : Family.IPV6);
        final boolean v4 = family == Family.IPV4;
        final Kind kind = pick(rs, KINDS);
        final Option<Tuple> reply = flow.reply();
        switch (kind) {
            case FAMILY: {
                final Family f = fromFlow ? flow.family() : family;
                return new Step("family(" + f + ")", q -> q.family(f));
            }
            case PROTO: {
                final Protocol p = fromFlow ? flow.protocol() : pick(rs, v4 ? PROTOS_V4 : PROTOS_V6);
                return new Step("proto(" + p + ")", q -> q.proto(p));
            }
            case SRC:
            case DST:
            case REPLY_SRC:
            case REPLY_DST: {
                final IpAddress base;
                if (fromFlow) {
                    final Tuple t = kind == Kind.SRC || kind == Kind.DST ? flow.original() : reply.getOrElse(
                        flow.original());
                    base = kind == Kind.SRC || kind == Kind.REPLY_SRC ? t.source() : t.destination();
                } else {
                    base = IpAddress.parse(pick(rs, chance(rs, 75) ? (v4 ? V4 : V6) : (v4 ? NAT_V4 : NAT_V6)));
                }
                final int shape = range(rs, 0, 3);
                final String text = shape <= 1 ? base.toString()
                    : base + "/" + pick(rs, base.isV4() ? LENGTHS_V4 : LENGTHS_V6);
                final boolean typed = shape == 0 && (kind == Kind.SRC || kind == Kind.DST);
                switch (kind) {
                    case SRC:
                        return typed ? new Step("src(IpAddress " + text + ")", q -> q.src(base))
                            : new Step("src(\"" + text + "\")", q -> q.src(text));
                    case DST:
                        return typed ? new Step("dst(IpAddress " + text + ")", q -> q.dst(base))
                            : new Step("dst(\"" + text + "\")", q -> q.dst(text));
                    case REPLY_SRC:
                        return new Step("replySrc(\"" + text + "\")", q -> q.replySrc(text));
                    default:
                        return new Step("replyDst(\"" + text + "\")", q -> q.replyDst(text));
                }
            }
            case SPORT:
            case DPORT:
            case REPLY_SPORT:
            case REPLY_DPORT: {
                final Tuple t = kind == Kind.SPORT || kind == Kind.DPORT ? flow.original()
                    : reply.getOrElse(flow.original());
                final Option<Integer> own = kind == Kind.SPORT || kind == Kind.REPLY_SPORT ? t.sourcePort()
                    : t.destinationPort();
                final int port = fromFlow && own.isDefined() ? own.get() : pick(rs, PORTS);
                switch (kind) {
                    case SPORT:
                        return new Step("sport(" + port + ")", q -> q.sport(port));
                    case DPORT:
                        return new Step("dport(" + port + ")", q -> q.dport(port));
                    case REPLY_SPORT:
                        return new Step("replySport(" + port + ")", q -> q.replySport(port));
                    default:
                        return new Step("replyDport(" + port + ")", q -> q.replyDport(port));
                }
            }
            case ICMP_TYPE: {
                final int type = fromFlow && flow.original().icmp().isDefined() ? flow.original().icmp().get().type()
                    : pick(rs, v4 ? ICMP_TYPES_V4 : ICMP_TYPES_V6);
                return new Step("icmpType(" + type + ")", q -> q.icmpType(type));
            }
            case ICMP_CODE: {
                final int code = fromFlow && flow.original().icmp().isDefined() ? flow.original().icmp().get().code()
                    : pick(rs, ICMP_CODES);
                return new Step("icmpCode(" + code + ")", q -> q.icmpCode(code));
            }
            case ICMP_ID: {
                final int id = fromFlow && flow.original().icmp().isDefined() ? flow.original().icmp().get().id()
                    : pick(rs, ICMP_IDS);
                return new Step("icmpId(" + id + ")", q -> q.icmpId(id));
            }
            case STATE: {
                final TcpState s = fromFlow && flow.tcpState().isDefined() ? flow.tcpState().get()
                    : pick(rs, TCP_STATES);
                return new Step("state(" + s + ")", q -> q.state(s));
            }
            case STATUS: {
                final List<Status> own = new ArrayList<>(flow.status().getOrElse(StatusBits.NONE).toSet());
                final Status first = fromFlow && !own.isEmpty() ? pick(rs, own) : pick(rs, STATUS_POOL);
                if (chance(rs, 30)) {
                    final Status second = fromFlow && !own.isEmpty() ? pick(rs, own) : pick(rs, STATUS_POOL);
                    return new Step("status(" + first + ", " + second + ")", q -> q.status(first, second));
                }
                return new Step("status(" + first + ")", q -> q.status(first));
            }
            case NOT_STATUS: {
                final Status s = pick(rs, STATUS_POOL);
                return new Step("notStatus(" + s + ")", q -> q.notStatus(s));
            }
            case UNREPLIED:
                return new Step("unreplied()", FlowQuery::unreplied);
            case ASSURED:
                return new Step("assured()", FlowQuery::assured);
            case MARK: {
                if (chance(rs, 40)) {
                    final long m = fromFlow ? flow.markValue() : pick(rs, MARKS);
                    return new Step("mark(" + m + ")", q -> q.mark(m));
                }
                final long mask = pick(rs, MASKS);
                final long value = fromFlow ? flow.markValue() & mask : pick(rs, MARKS);
                return new Step("mark(" + value + ", " + mask + ")", q -> q.mark(value, mask));
            }
            case ZONE: {
                final int z = fromFlow ? flow.zoneId() : pick(rs, ZONES);
                return new Step("zone(" + z + ")", q -> q.zone(z));
            }
            case LABELS: {
                final List<Integer> own = flow.labels().bits().boxed().toList();
                final int l = fromFlow && !own.isEmpty() ? pick(rs, own) : pick(rs, LABELS);
                if (chance(rs, 30)) {
                    final int l2 = pick(rs, LABELS);
                    return new Step("labels(" + l + ", " + l2 + ")", q -> q.labels(l, l2));
                }
                return new Step("labels(" + l + ")", q -> q.labels(l));
            }
            case SNAT:
            case DNAT:
            case ANY_NAT: {
                final int shape = range(rs, 0, 2);
                final Option<Tuple> r = reply;
                final IpAddress address = fromFlow && r.isDefined()
                    ? (kind == Kind.DNAT ? r.get().source() : r.get().destination())
                    : IpAddress.parse(pick(rs, v4 ? NAT_V4 : NAT_V6));
                final Option<Integer> ownPort = r.flatMap(t -> kind == Kind.DNAT ? t.sourcePort()
                    : t.destinationPort());
                final int port = fromFlow && ownPort.isDefined() ? ownPort.get() : pick(rs, PORTS);
                final String a = address.toString();
                if (kind == Kind.ANY_NAT) {
                    return shape == 0 ? new Step("anyNat()", FlowQuery::anyNat)
                        : new Step("anyNat(\"" + a + "\")", q -> q.anyNat(a));
                }
                if (kind == Kind.SNAT) {
                    return shape == 0 ? new Step("snat()", FlowQuery::snat)
                        : shape == 1 ? new Step("snat(\"" + a + "\")", q -> q.snat(a))
                        : new Step("snat(\"" + a + "\", " + port + ")", q -> q.snat(a, port));
                }
                return shape == 0 ? new Step("dnat()", FlowQuery::dnat)
                    : shape == 1 ? new Step("dnat(\"" + a + "\")", q -> q.dnat(a))
                    : new Step("dnat(\"" + a + "\", " + port + ")", q -> q.dnat(a, port));
            }
            case ORIG_TUPLE:
            case REPLY_TUPLE:
                return tupleStep(rs, flow, kind == Kind.ORIG_TUPLE);
            default:
                throw new AssertionError(kind);
        }
    }

    private static Step tupleStep(final RandomnessSource rs, final Flow flow, final boolean original) {
        final Tuple t = original ? flow.original() : flow.reply().getOrElse(flow.original());
        final List<Step> parts = new ArrayList<>();
        final boolean v4 = t.family() == Family.IPV4;
        final Protocol proto = chance(rs, 90) ? t.protocol() : pick(rs, v4 ? PROTOS_V4 : PROTOS_V6);
        parts.add(new Step("proto(" + proto + ")", q -> q.proto(proto)));
        if (chance(rs, 40)) {
            parts.add(new Step("family(" + t.family() + ")", q -> q.family(t.family())));
        }
        if (chance(rs, 70)) {
            final String a = (chance(rs, 85) ? t.source() : IpAddress.parse(pick(rs, v4 ? V4 : V6))).toString();
            parts.add(original ? new Step("src(\"" + a + "\")", q -> q.src(a))
                : new Step("replySrc(\"" + a + "\")", q -> q.replySrc(a)));
        }
        if (chance(rs, 70)) {
            final String a = (chance(rs, 85) ? t.destination() : IpAddress.parse(pick(rs, v4 ? V4 : V6))).toString();
            parts.add(original ? new Step("dst(\"" + a + "\")", q -> q.dst(a))
                : new Step("replyDst(\"" + a + "\")", q -> q.replyDst(a)));
        }
        if (proto.hasPorts()) {
            if (chance(rs, 60)) {
                final int p = chance(rs, 85) ? t.sourcePort().getOrElse(0) : pick(rs, PORTS);
                parts.add(original ? new Step("sport(" + p + ")", q -> q.sport(p))
                    : new Step("replySport(" + p + ")", q -> q.replySport(p)));
            }
            if (chance(rs, 60)) {
                final int p = chance(rs, 85) ? t.destinationPort().getOrElse(0) : pick(rs, PORTS);
                parts.add(original ? new Step("dport(" + p + ")", q -> q.dport(p))
                    : new Step("replyDport(" + p + ")", q -> q.replyDport(p)));
            }
        } else if (proto.isIcmp() && original) {
            final Option<Layer4.Icmp> icmp = t.icmp();
            if (chance(rs, 60)) {
                final int type = chance(rs, 85) && icmp.isDefined() ? icmp.get().type()
                    : pick(rs, v4 ? ICMP_TYPES_V4 : ICMP_TYPES_V6);
                parts.add(new Step("icmpType(" + type + ")", q -> q.icmpType(type)));
            }
            if (chance(rs, 40)) {
                final int code = chance(rs, 85) && icmp.isDefined() ? icmp.get().code() : pick(rs, ICMP_CODES);
                parts.add(new Step("icmpCode(" + code + ")", q -> q.icmpCode(code)));
            }
            if (chance(rs, 50)) {
                final int id = chance(rs, 85) && icmp.isDefined() ? icmp.get().id() : pick(rs, ICMP_IDS);
                parts.add(new Step("icmpId(" + id + ")", q -> q.icmpId(id)));
            }
        }
        final String text = String.join("", parts.stream().map(Step::toString).toList()).substring(1);
        return new Step(text, q -> {
            FlowQuery r = q;
            for (final Step part : parts) {
                r = part.op.apply(r);
            }
            return r;
        });
    }

    /** A flow's fields that matter to filters; Flow.toString belongs to the text renderers. */
    static String describe(final Flow f) {
        final StringJoiner j = new StringJoiner(" ", "{", "}");
        j.add("orig=[" + f.original() + "]");
        j.add("reply=" + f.reply().map(t -> "[" + t + "]").getOrElse("none"));
        j.add("status=" + f.status().map(StatusBits::toString).getOrElse("none"));
        j.add("mark=" + f.mark().map(Long::toHexString).getOrElse("none"));
        j.add("zone=" + f.zone());
        j.add("labels=" + f.labels());
        f.protoInfo().forEach(p -> j.add("protoinfo=" + p));
        return j.toString();
    }

    /** Counters over one run. */
    static final class Stats {
        final AtomicInteger cases = new AtomicInteger();
        final AtomicInteger invalid = new AtomicInteger();
        final AtomicInteger valid = new AtomicInteger();
        final AtomicInteger matched = new AtomicInteger();
        final AtomicInteger kernelRejected = new AtomicInteger();
        final AtomicInteger tupleFiltered = new AtomicInteger();

        @Override
        public String toString() {
            final int v = Math.max(1, valid.get());
            return String.format("cases=%d valid=%d invalid=%d matched=%d (%.1f%% of valid) kernelRejected=%d "
                    + "(%.1f%%) withTupleFilter=%d (%.1f%%)", cases.get(), valid.get(), invalid.get(), matched.get(),
                100.0 * matched.get() / v, kernelRejected.get(), 100.0 * kernelRejected.get() / v,
                tupleFiltered.get(), 100.0 * tupleFiltered.get() / v);
        }
    }
}
