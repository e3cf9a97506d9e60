package io.conntrack4j.netlink;

import io.conntrack4j.model.Family;
import io.conntrack4j.model.IcmpTypes;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;

/**
 * Parts of a {@link KernelFilter} that the real kernel gets wrong, found by the real-kernel integration tests
 * (Linux 6.18), and how the backend works around them: such parts are not sent, and the backend checks the whole
 * requested filter in Java instead, so a dump returns exactly what {@link KernelFilter#test} accepts.
 * <ul>
 *   <li><b>IPv6 addresses in {@code CTA_FILTER}</b>: the kernel's match is inverted (a dump filtered on an IPv6
 *       source returns every IPv6 flow whose source differs; {@code ctnetlink_filter_match_tuple} tests
 *       {@code !ipv6_addr_cmp()}, which is true for equal addresses). A flush with such a filter would delete the
 *       wrong flows.</li>
 *   <li><b>ICMP and ICMPv6 types without a reply type</b> (for example 3, destination unreachable): the kernel
 *       refuses the filter with EINVAL, although the answer is simply "no flow" (such types never have an entry of
 *       their own).</li>
 * </ul>
 */
final class KernelQuirks {

    private KernelQuirks() {
    }

    /**
     * @param filter a requested kernel filter
     * @return the part of it the kernel evaluates correctly (the filter itself when all of it is safe to send)
     */
    static KernelFilter sendable(final KernelFilter filter) {
        final boolean v6 = filter.family().contains(Family.IPV6);
        final Option<TupleFilter> original = filter.original().map(t -> sendable(t, v6)).filter(t -> !t.isEmpty());
        final Option<TupleFilter> reply = filter.reply().map(t -> sendable(t, v6)).filter(t -> !t.isEmpty());
        if (original.equals(filter.original()) && reply.equals(filter.reply())) {
            return filter;
        }
        return new KernelFilter(filter.family(), filter.mark(), filter.status(), filter.zone(), original, reply);
    }

    private static TupleFilter sendable(final TupleFilter t, final boolean v6) {
        final Option<IpAddress> source = v6 ? Option.none() : t.source();
        final Option<IpAddress> destination = v6 ? Option.none() : t.destination();
        final Option<Integer> type = t.icmpType()
            .filter(ty -> t.protocol().exists(p -> !p.isIcmp() || IcmpTypes.invertible(p, ty)));
        final TupleFilter safe = new TupleFilter(source, destination, t.protocol(), t.sourcePort(),
            t.destinationPort(), type, t.icmpCode(), t.icmpId());
        return safe.equals(t) ? t : safe;
    }
}
