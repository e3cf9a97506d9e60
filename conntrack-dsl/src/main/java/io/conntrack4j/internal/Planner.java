package io.conntrack4j.internal;

import io.conntrack4j.Criterion;
import io.conntrack4j.FlowFilter;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.Plan;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.IcmpTypes;
import io.conntrack4j.model.IpPrefix;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;

import java.util.EnumSet;

/**
 * Splits a {@link FlowFilter} into what the kernel can filter (given its {@link Capabilities}) and a residual
 * checked in Java. A criterion goes to the kernel only when the kernel's semantics for it are exactly the query's:
 * an exact address (not a wider prefix; IPv6 addresses only where the kernel compares them correctly), ports only
 * for TCP and UDP, ICMP types the kernel can invert, a nonzero zone, a nonzero status mask.
 */
public final class Planner {
    private Planner() {
    }

    /**
     * @param filter       the query's filter
     * @param capabilities what the kernel honours
     * @return the plan
     */
    public static Plan plan(final FlowFilter filter, final Capabilities capabilities) {
        final EnumSet<Criterion> pushed = EnumSet.noneOf(Criterion.class);
        final Option<Family> family = filter.family();
        final Option<Family> kernelFamily = capabilities.has(KernelFeature.FAMILY_FILTER) ? family : Option.none();
        if (kernelFamily.isDefined() && filter.<Family>get(Criterion.FAMILY).isDefined()) {
            pushed.add(Criterion.FAMILY);
        }

        Option<MarkMatch> mark = Option.none();
        if (capabilities.has(KernelFeature.MARK_FILTER)) {
            mark = filter.get(Criterion.MARK);
            mark.forEach(m -> pushed.add(Criterion.MARK));
        }

        Option<StatusMatch> status = Option.none();
        if (capabilities.has(KernelFeature.STATUS_FILTER)) {
            final int set = filter.<StatusBits>get(Criterion.STATUS_SET).map(StatusBits::value).getOrElse(0);
            final int clear = filter.<StatusBits>get(Criterion.STATUS_CLEAR).map(StatusBits::value).getOrElse(0);
            if ((set | clear) != 0) {
                status = Option.some(new StatusMatch(set, set | clear));
                pushed.add(Criterion.STATUS_SET);
                pushed.add(Criterion.STATUS_CLEAR);
            }
        }

        Option<Integer> zone = Option.none();
        if (capabilities.has(KernelFeature.ZONE_FILTER)) {
            zone = filter.<Integer>get(Criterion.ZONE).filter(z -> z != 0);
            zone.forEach(z -> pushed.add(Criterion.ZONE));
        }

        Option<TupleFilter> original = Option.none();
        Option<TupleFilter> reply = Option.none();
        if (capabilities.has(KernelFeature.TUPLE_FILTER) && kernelFamily.isDefined()) {
            final Option<Protocol> proto = filter.get(Criterion.PROTOCOL);
            final boolean portsPushable = proto.exists(p -> p.equals(Protocol.TCP) || p.equals(Protocol.UDP));
            // the kernel refuses (EINVAL) an ICMP type it cannot invert, though no flow could match it
            final boolean icmpPushable = proto.exists(Protocol::isIcmp) && filter.<Integer>get(Criterion.ICMP_TYPE)
                .forAll(type -> proto.exists(p -> IcmpTypes.invertible(p, type)));
            final boolean addressesPushable = kernelFamily.contains(Family.IPV4)
                || capabilities.has(KernelFeature.TUPLE_FILTER_IPV6_ADDRESSES);
            final TupleSide orig = new TupleSide(filter, pushed, proto, portsPushable, icmpPushable,
                addressesPushable);
            original = orig.build(Criterion.ORIG_SRC, Criterion.ORIG_DST, Criterion.ORIG_SPORT, Criterion.ORIG_DPORT,
                true);
            final TupleSide rep = new TupleSide(filter, pushed, proto, portsPushable, false, addressesPushable);
            reply = rep.build(Criterion.REPLY_SRC, Criterion.REPLY_DST, Criterion.REPLY_SPORT, Criterion.REPLY_DPORT,
                false);
            if (original.isDefined() && proto.isDefined()) {
                pushed.add(Criterion.PROTOCOL);
            }
        }

        final KernelFilter kernel = new KernelFilter(kernelFamily, mark, status, zone, original, reply);
        return new Plan(capabilities, kernel, filter.without(pushed));
    }

    /** Builds the tuple filter of one direction, recording the criteria it takes over. */
    private static final class TupleSide {
        private final FlowFilter filter;
        private final EnumSet<Criterion> pushed;
        private final Option<Protocol> proto;
        private final boolean portsPushable;
        private final boolean icmpPushable;
        private final boolean addressesPushable;

        TupleSide(final FlowFilter filter, final EnumSet<Criterion> pushed, final Option<Protocol> proto,
                  final boolean portsPushable, final boolean icmpPushable, final boolean addressesPushable) {
            this.filter = filter;
            this.pushed = pushed;
            this.proto = proto;
            this.portsPushable = portsPushable;
            this.icmpPushable = icmpPushable;
            this.addressesPushable = addressesPushable;
        }

        Option<TupleFilter> build(final Criterion src, final Criterion dst, final Criterion sport,
                                  final Criterion dport, final boolean withProtocolAlone) {
            final Option<IpPrefix> s = addressesPushable
                ? filter.<IpPrefix>get(src).filter(IpPrefix::isSingleAddress) : Option.none();
            final Option<IpPrefix> d = addressesPushable
                ? filter.<IpPrefix>get(dst).filter(IpPrefix::isSingleAddress) : Option.none();
            final Option<Integer> sp = portsPushable ? filter.get(sport) : Option.none();
            final Option<Integer> dp = portsPushable ? filter.get(dport) : Option.none();
            final Option<Integer> type = icmpPushable ? filter.get(Criterion.ICMP_TYPE) : Option.none();
            final Option<Integer> code = icmpPushable ? filter.get(Criterion.ICMP_CODE) : Option.none();
            final Option<Integer> id = icmpPushable ? filter.get(Criterion.ICMP_ID) : Option.none();
            final boolean l4 = sp.isDefined() || dp.isDefined() || type.isDefined() || code.isDefined()
                || id.isDefined();
            final boolean any = s.isDefined() || d.isDefined() || l4 || (withProtocolAlone && proto.isDefined());
            if (!any) {
                return Option.none();
            }
            s.forEach(x -> pushed.add(src));
            d.forEach(x -> pushed.add(dst));
            sp.forEach(x -> pushed.add(sport));
            dp.forEach(x -> pushed.add(dport));
            type.forEach(x -> pushed.add(Criterion.ICMP_TYPE));
            code.forEach(x -> pushed.add(Criterion.ICMP_CODE));
            id.forEach(x -> pushed.add(Criterion.ICMP_ID));
            return Option.some(new TupleFilter(s.map(IpPrefix::network), d.map(IpPrefix::network),
                l4 || withProtocolAlone ? proto : Option.none(), sp, dp, type, code, id));
        }
    }
}
