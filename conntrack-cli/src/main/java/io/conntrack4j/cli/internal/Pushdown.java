package io.conntrack4j.cli.internal;

import io.conntrack4j.model.Family;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;

import java.util.List;

/**
 * What of a command line's filter the kernel can evaluate while dumping, so that fewer entries cross the socket:
 * the family, the mark, the status (also for {@code -D}, which 1.4.7 filters only in userspace) and, where the kernel
 * has {@code CTA_FILTER}, the original tuple's IPv4 addresses, protocol, ports and ICMP fields. Everything is checked
 * again by the {@link UserFilter}: the kernel only narrows the dump.
 */
final class Pushdown {
    private Pushdown() {
    }

    /**
     * The dumps that together select what the command line selects. The kernel's tuple filter needs a family: when
     * the command line names none but gives a protocol, the table is dumped once per family with the tuple filter
     * (ICMP and ICMPv6 only exist in one family) instead of once whole. The IPv4 entries are then listed before the
     * IPv6 ones; a whole-table dump interleaves them in hash order.
     *
     * @param t            the parsed command line
     * @param capabilities what the kernel honours
     * @param withValues   true for -L/-D, where mark and status are filters (for -U they are values to set)
     * @return the kernel filters of the dumps to run, in order
     */
    static List<KernelFilter> forDumps(final Template t, final Capabilities capabilities, final boolean withValues) {
        if (t.family != 0 || !t.has(Opt.PROTO) || !capabilities.has(KernelFeature.TUPLE_FILTER)) {
            return List.of(forDump(t, t.family, capabilities, withValues));
        }
        if (t.protonum == 1) {
            return List.of(forDump(t, Template.AF_INET, capabilities, withValues));
        }
        if (t.protonum == 58) {
            return List.of(forDump(t, Template.AF_INET6, capabilities, withValues));
        }
        return List.of(forDump(t, Template.AF_INET, capabilities, withValues),
            forDump(t, Template.AF_INET6, capabilities, withValues));
    }

    private static KernelFilter forDump(final Template t, final int familyNumber, final Capabilities capabilities,
                                        final boolean withValues) {
        final Option<Family> family = family(familyNumber);
        Option<MarkMatch> mark = Option.none();
        Option<StatusMatch> status = Option.none();
        if (withValues && t.has(Opt.MARK) && capabilities.has(KernelFeature.MARK_FILTER)) {
            mark = Option.some(new MarkMatch(t.markValue & t.markMask, t.markMask));
        }
        if (withValues && t.has(Opt.STATUS) && t.statusKernelMask != 0 && capabilities.has(KernelFeature.STATUS_FILTER)) {
            status = Option.some(new StatusMatch(t.statusValue, t.statusKernelMask | t.statusValue));
        }
        Option<TupleFilter> original = Option.none();
        if (family.isDefined() && capabilities.has(KernelFeature.TUPLE_FILTER)) {
            original = original(t);
        }
        return new KernelFilter(family, mark, status, Option.none(), original, Option.none());
    }

    /**
     * @param t the parsed command line of -E
     * @return the part of the filter a socket filter can check (family and original tuple)
     */
    static KernelFilter forEvents(final Template t) {
        final Option<Family> family = family(t.family);
        return new KernelFilter(family, Option.none(), Option.none(), Option.none(),
            family.isDefined() ? original(t) : Option.none(), Option.none());
    }

    private static Option<Family> family(final int family) {
        return family == Template.AF_INET ? Option.some(Family.IPV4)
            : family == Template.AF_INET6 ? Option.some(Family.IPV6) : Option.none();
    }

    private static Option<TupleFilter> original(final Template t) {
        // IPv6 addresses stay in userspace: Linux inverts the CTA_FILTER IPv6 address match
        final Option<IpAddress> src = exactV4(t.origSrc, t.has(Opt.MASK_SRC));
        final Option<IpAddress> dst = exactV4(t.origDst, t.has(Opt.MASK_DST));
        Option<Protocol> proto = Option.none();
        Option<Integer> sport = Option.none();
        Option<Integer> dport = Option.none();
        Option<Integer> type = Option.none();
        Option<Integer> code = Option.none();
        Option<Integer> id = Option.none();
        if (t.has(Opt.PROTO)) {
            proto = Option.some(Protocol.of(t.protonum));
            if (t.protonum == 6 || t.protonum == 17) {
                sport = Option.of(t.origSport);
                dport = Option.of(t.origDport);
            } else if (t.protonum == 1 || t.protonum == 58) {
                type = Option.of(t.icmpType);
                code = Option.of(t.icmpCode);
                id = Option.of(t.icmpId);
            }
        }
        final TupleFilter f = new TupleFilter(src, dst, proto, sport, dport, type, code, id);
        return f.equals(TupleFilter.NONE) ? Option.none() : Option.some(f);
    }

    private static Option<IpAddress> exactV4(final IpAddress address, final boolean masked) {
        return address != null && !masked && address.isV4() ? Option.some(address) : Option.none();
    }
}
