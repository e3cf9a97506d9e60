package io.conntrack4j.sim.internal;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Tuple;

/**
 * The hash the simulated table files a tuple under: every field of the tuple except its directional zone (the
 * table adds the bucket's zone itself), mixed so that structured traffic (many ports of few addresses) spreads as
 * well as random traffic. {@link Tuple#hashCode()} does not: it is linear in its fields, and 17 clients × 60,000
 * ports to one server give only about 150,000 distinct values for 2M keys.
 */
final class TupleHash {
    private static final long K = 0x9E3779B97F4A7C15L;

    private TupleHash() {
    }

    /**
     * @param t a tuple
     * @return its hash; equal tuples (zone attribute ignored) have equal hashes
     */
    static int of(final Tuple t) {
        final IpAddress src = t.source();
        final IpAddress dst = t.destination();
        long h = (t.family().ordinal() << 8 | t.protocol().number()) * K;
        h = (h ^ src.high()) * K;
        h = (h ^ src.low()) * K;
        h = (h ^ dst.high()) * K;
        h = (h ^ dst.low()) * K;
        h = (h ^ layer4(t.layer4())) * K;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ (h >>> 32));
    }

    private static long layer4(final Layer4 l4) {
        if (l4 instanceof Layer4.Ports) {
            final Layer4.Ports p = (Layer4.Ports) l4;
            return 1L << 48 | (long) p.source() << 16 | p.destination();
        }
        if (l4 instanceof Layer4.Icmp) {
            final Layer4.Icmp i = (Layer4.Icmp) l4;
            return 2L << 48 | (long) i.type() << 24 | (long) i.code() << 16 | i.id();
        }
        return 3L << 48;
    }
}
