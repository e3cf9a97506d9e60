package io.conntrack4j.spi;

import io.conntrack4j.MarkMatch;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.StatusBits;
import io.vavr.control.Option;

import java.util.StringJoiner;

/**
 * The part of a query the kernel evaluates while dumping: family, mark, status, zone and the tuple filters. Each
 * present part restricts the dump; {@link #test(Flow)} says exactly what the kernel would let through.
 *
 * @param family   the nfgenmsg family (absent: both)
 * @param mark     {@code CTA_MARK}/{@code CTA_MARK_MASK}
 * @param status   {@code CTA_STATUS}/{@code CTA_STATUS_MASK}
 * @param zone     {@code CTA_ZONE}, a nonzero zone id
 * @param original {@code CTA_FILTER} on the original tuple (needs a family)
 * @param reply    {@code CTA_FILTER} on the reply tuple (needs a family)
 */
public record KernelFilter(Option<Family> family, Option<MarkMatch> mark, Option<StatusMatch> status,
                           Option<Integer> zone, Option<TupleFilter> original, Option<TupleFilter> reply) {
    /** No kernel filtering: the whole table. */
    public static final KernelFilter NONE = new KernelFilter(Option.none(), Option.none(), Option.none(), Option.none(),
        Option.none(), Option.none());

    /** Validates the fields. */
    public KernelFilter {
        Check.notNull("family", family);
        Check.notNull("mark", mark);
        Check.notNull("status", status);
        Check.notNull("zone", zone);
        Check.notNull("original", original);
        Check.notNull("reply", reply);
        zone.forEach(z -> Check.range("zone", z, 1, 0xFFFF));
        family.forEach(f -> {
            original.forEach(t -> t.requireFamily(f));
            reply.forEach(t -> t.requireFamily(f));
        });
        if ((original.isDefined() || reply.isDefined()) && family.isEmpty()) {
            throw new io.conntrack4j.error.InvalidValueException("tuple filter", original.orElse(reply).get(),
                "the kernel needs a family (ipv4 or ipv6) with a tuple filter");
        }
    }

    /**
     * @param family a family
     * @return a filter on the family only
     */
    public static KernelFilter of(final Family family) {
        return new KernelFilter(Option.some(family), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none());
    }

    /** @return true if the kernel filters nothing */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * @param flow a flow in the table
     * @return true if the kernel's dump with this filter includes the flow
     */
    public boolean test(final Flow flow) {
        return family.forAll(f -> flow.family() == f)
            && mark.forAll(m -> m.test(flow.markValue()))
            && status.forAll(s -> s.test(flow.status().getOrElse(StatusBits.NONE)))
            && zone.forAll(z -> flow.zoneId() == z)
            && original.forAll(t -> t.test(flow.original()))
            && reply.forAll(t -> flow.reply().exists(t::test));
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "nothing";
        }
        final StringJoiner j = new StringJoiner(", ");
        family.forEach(f -> j.add("family=" + f.kernelName()));
        mark.forEach(m -> j.add("mark=" + m));
        status.forEach(s -> j.add("status=" + s));
        zone.forEach(z -> j.add("zone=" + z));
        original.forEach(t -> j.add("orig=" + t));
        reply.forEach(t -> j.add("reply=" + t));
        return j.toString();
    }
}
