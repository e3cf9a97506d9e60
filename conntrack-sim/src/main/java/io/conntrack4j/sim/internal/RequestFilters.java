package io.conntrack4j.sim.internal;

import io.conntrack4j.MarkMatch;
import io.conntrack4j.error.Errno;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.codec.RequestAttributes;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;

import java.util.function.Predicate;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Builds the dump and flush filter of a ctnetlink request exactly as the kernel parses it (reference
 * kernel-semantics §6.4–§6.5), including its errors and its treatment of IPv6 addresses in CTA_FILTER, which Linux
 * 6.18 matches inverted ({@code !ipv6_addr_cmp}): the simulator copies the kernel, bug included.
 */
final class RequestFilters {
    private static final int KNOWN_FLAGS = 0xFFF;
    private static final int PORT_OR_ICMP = FILTER_PROTO_SRC_PORT | FILTER_PROTO_DST_PORT | FILTER_ICMP_TYPE
        | FILTER_ICMP_CODE | FILTER_ICMP_ID | FILTER_ICMPV6_TYPE | FILTER_ICMPV6_CODE | FILTER_ICMPV6_ID;

    private RequestFilters() {
    }

    /**
     * @param a             the request's attributes
     * @param familyHonoured false for a version-0 flush without CTA_FILTER, whose family the kernel ignores
     * @return the filter as a predicate over the dump view of an entry
     * @throws Refusal EINVAL or EOPNOTSUPP as the kernel's filter parser
     */
    static Predicate<Flow> parse(final RequestAttributes a, final boolean familyHonoured) {
        final Family family = familyHonoured ? a.family() : null;
        final boolean needed = family != null || a.has(CTA_MARK) || a.has(CTA_STATUS) || a.has(CTA_ZONE)
            || a.has(CTA_FILTER);
        if (!needed) {
            return f -> true;
        }
        if (a.has(CTA_MARK_MASK) && !a.has(CTA_MARK)) {
            throw new Refusal(Errno.EINVAL, "CTA_MARK_MASK without CTA_MARK");
        }
        if (a.has(CTA_STATUS_MASK) && !a.has(CTA_STATUS)) {
            throw new Refusal(Errno.EINVAL, "CTA_STATUS_MASK without CTA_STATUS");
        }
        Predicate<Flow> p = f -> family == null || f.family() == family;
        if (a.has(CTA_MARK)) {
            final MarkMatch mark = new MarkMatch(a.u32(CTA_MARK),
                a.has(CTA_MARK_MASK) ? a.u32(CTA_MARK_MASK) : 0xFFFF_FFFFL);
            p = p.and(f -> mark.test(f.markValue()));
        }
        if (a.has(CTA_STATUS)) {
            final int status = a.u32raw(CTA_STATUS);
            final int mask = a.has(CTA_STATUS_MASK) ? a.u32raw(CTA_STATUS_MASK) : status;
            if (mask == 0) {
                throw new Refusal(Errno.EINVAL, "a status filter needs a non-zero mask");
            }
            final StatusMatch match = new StatusMatch(status, mask);
            p = p.and(f -> match.test(f.status().getOrElse(StatusBits.NONE)));
        }
        if (a.has(CTA_ZONE)) {
            final int zone = a.u16(CTA_ZONE);
            p = p.and(f -> f.zoneId() == zone);
        }
        if (a.has(CTA_FILTER)) {
            if (a.family() == null) {
                throw new Refusal(Errno.EOPNOTSUPP, "CTA_FILTER needs a family");
            }
            p = p.and(tupleFilter(a, CTA_TUPLE_ORIG, a.filterFlags(CTA_FILTER_ORIG_FLAGS), true))
                .and(tupleFilter(a, CTA_TUPLE_REPLY, a.filterFlags(CTA_FILTER_REPLY_FLAGS), false));
        }
        return p;
    }

    private static Predicate<Flow> tupleFilter(final RequestAttributes a, final int tupleType, final int flags,
                                               final boolean original) {
        if (flags == 0) {
            return f -> true;
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new Refusal(Errno.EINVAL, "unknown CTA_FILTER flags");
        }
        if (!a.has(tupleType)) {
            throw new Refusal(Errno.EINVAL, "CTA_FILTER flags without the tuple they refer to");
        }
        if ((flags & PORT_OR_ICMP) != 0 && (flags & FILTER_PROTO_NUM) == 0) {
            throw new Refusal(Errno.EINVAL, "port or ICMP filter flags need CTA_FILTER_FLAG_PROTO_NUM");
        }
        final TupleFilter fields = a.tupleFields(tupleType);
        requirePresent(flags, FILTER_IP_SRC, fields.source());
        requirePresent(flags, FILTER_IP_DST, fields.destination());
        requirePresent(flags, FILTER_PROTO_NUM, fields.protocol());
        requirePresent(flags, FILTER_PROTO_SRC_PORT, fields.sourcePort());
        requirePresent(flags, FILTER_PROTO_DST_PORT, fields.destinationPort());
        requirePresent(flags, FILTER_ICMP_TYPE | FILTER_ICMPV6_TYPE, fields.icmpType());
        requirePresent(flags, FILTER_ICMP_CODE | FILTER_ICMPV6_CODE, fields.icmpCode());
        requirePresent(flags, FILTER_ICMP_ID | FILTER_ICMPV6_ID, fields.icmpId());
        return f -> {
            final Tuple t = original ? f.original() : f.reply().getOrNull();
            return t != null && matches(t, flags, fields);
        };
    }

    private static void requirePresent(final int flags, final int bits, final Option<?> field) {
        if ((flags & bits) != 0 && field.isEmpty()) {
            throw new Refusal(Errno.EINVAL, "a flagged CTA_FILTER field is missing from the tuple");
        }
    }

    private static boolean matches(final Tuple t, final int flags, final TupleFilter v) {
        if ((flags & FILTER_IP_SRC) != 0 && !addressMatches(t.source(), v.source().get())) {
            return false;
        }
        if ((flags & FILTER_IP_DST) != 0 && !addressMatches(t.destination(), v.destination().get())) {
            return false;
        }
        if ((flags & FILTER_PROTO_NUM) != 0 && !t.protocol().equals(v.protocol().get())) {
            return false;
        }
        if (t.layer4() instanceof Layer4.Ports) {
            final Layer4.Ports ports = (Layer4.Ports) t.layer4();
            if ((flags & FILTER_PROTO_SRC_PORT) != 0 && ports.source() != v.sourcePort().get()) {
                return false;
            }
            if ((flags & FILTER_PROTO_DST_PORT) != 0 && ports.destination() != v.destinationPort().get()) {
                return false;
            }
        }
        if (t.layer4() instanceof Layer4.Icmp) {
            final Layer4.Icmp icmp = (Layer4.Icmp) t.layer4();
            if ((flags & (FILTER_ICMP_TYPE | FILTER_ICMPV6_TYPE)) != 0 && icmp.type() != v.icmpType().get()) {
                return false;
            }
            if ((flags & (FILTER_ICMP_CODE | FILTER_ICMPV6_CODE)) != 0 && icmp.code() != v.icmpCode().get()) {
                return false;
            }
            return (flags & (FILTER_ICMP_ID | FILTER_ICMPV6_ID)) == 0 || icmp.id() == v.icmpId().get();
        }
        return true;
    }

    /** IPv4 compares equal; IPv6 matches when the addresses differ, as Linux 6.18's {@code !ipv6_addr_cmp} does. */
    private static boolean addressMatches(final IpAddress actual, final IpAddress wanted) {
        return actual.isV4() ? actual.equals(wanted) : !actual.equals(wanted);
    }
}
