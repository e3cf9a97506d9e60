package io.conntrack4j.sim.internal;

import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * A lookup key of the conntrack hash: a tuple (without its directional zone attribute) in a zone. An entry is
 * reachable through the keys of both its directions.
 *
 * @param tuple the tuple, zone attribute removed
 * @param zone  the zone id the key belongs to
 */
public record TableKey(Tuple tuple, int zone) {
    /**
     * @param tuple a tuple that may carry a directional zone
     * @return the same tuple without it
     */
    static Tuple withoutZone(final Tuple tuple) {
        return tuple.zone().isEmpty() ? tuple
            : new Tuple(tuple.source(), tuple.destination(), tuple.protocol(), tuple.layer4(), Option.none());
    }

    /**
     * The key a request's tuple looks up: a zone inside the tuple ({@code CTA_TUPLE_ZONE}) wins over the request's
     * {@code CTA_ZONE}.
     *
     * @param tuple       the request's tuple
     * @param requestZone the request's zone
     * @return the key
     */
    static TableKey of(final Tuple tuple, final int requestZone) {
        return new TableKey(withoutZone(tuple), tuple.zone().getOrElse(requestZone));
    }
}
