package io.conntrack4j.sim.internal;

import io.conntrack4j.error.Errno;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * The zone a request looks entries up in, as the kernel parses it: an id and the directions it covers.
 * {@code CTA_ZONE} covers both directions; a zone inside a tuple ({@code CTA_TUPLE_ZONE}) covers only the direction
 * of the attribute that carried it. An entry's tuple of direction d matches only if the entry's zone id for d
 * equals the request's zone id for d: as a {@link Table.Match}, a zone accepts exactly those entries.
 *
 * @param id         the zone id
 * @param directions {@link Entry#ZONE_ORIGINAL}, {@link Entry#ZONE_REPLY} or {@link Entry#ZONE_BOTH}
 */
record RequestZone(int id, int directions) implements Table.Match {
    /** The default zone, both directions. */
    static final RequestZone DEFAULT = new RequestZone(0, Entry.ZONE_BOTH);

    /**
     * @param reply true for the reply direction
     * @return the zone id this request has in that direction
     */
    int idFor(final boolean reply) {
        return (directions & (reply ? Entry.ZONE_REPLY : Entry.ZONE_ORIGINAL)) != 0 ? id : 0;
    }

    /**
     * @param e     an entry holding the looked-up tuple in direction {@code reply}
     * @param reply true if that is its reply direction
     * @return true if the entry's zone id for that direction is this request's
     */
    @Override
    public boolean test(final Entry e, final boolean reply) {
        return idFor(reply) == e.zoneOf(reply);
    }

    /**
     * Parses CTA_ZONE and then the tuples in the kernel's order; a tuple zone on top of a non-zero zone is EINVAL.
     *
     * @param ctaZone  CTA_ZONE (0 when absent)
     * @param original CTA_TUPLE_ORIG, if parsed
     * @param reply    CTA_TUPLE_REPLY, if parsed
     * @return the request's zone
     * @throws Refusal EINVAL for a second zone
     */
    static RequestZone parse(final int ctaZone, final Option<Tuple> original, final Option<Tuple> reply) {
        if (ctaZone == 0 && hasNoZone(original) && hasNoZone(reply)) {
            return DEFAULT;
        }
        RequestZone zone = new RequestZone(ctaZone, Entry.ZONE_BOTH);
        zone = zone.withTupleZone(original, Entry.ZONE_ORIGINAL);
        return zone.withTupleZone(reply, Entry.ZONE_REPLY);
    }

    private static boolean hasNoZone(final Option<Tuple> tuple) {
        return tuple.isEmpty() || tuple.get().zone().isEmpty();
    }

    private RequestZone withTupleZone(final Option<Tuple> tuple, final int direction) {
        if (hasNoZone(tuple)) {
            return this;
        }
        if (id != 0) {
            throw new Refusal(Errno.EINVAL, "a zone inside a tuple on top of zone " + id);
        }
        return new RequestZone(tuple.get().zone().get(), direction);
    }
}
