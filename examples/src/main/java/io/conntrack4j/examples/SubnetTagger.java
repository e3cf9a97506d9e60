package io.conntrack4j.examples;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.IpPrefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags flows with a per-subnet value in some bits of the conntrack mark (for policy routing or traffic control
 * rules that match {@code ct mark}), leaving the other bits of the mark alone. When subnets overlap, the most
 * specific one wins: the rules are applied from the shortest prefix to the longest, so a later, narrower rule
 * overwrites the tag.
 *
 * <pre>{@code
 * new SubnetTagger(ct, 0xff00).tag("10.0.0.0/8", 1).tag("10.9.0.0/16", 9).run();   // mark bits 8-15
 * }</pre>
 */
public final class SubnetTagger {
    private final Conntrack ct;
    private final long mask;
    private final int shift;
    private final Map<IpPrefix, Long> rules = new LinkedHashMap<>();

    /**
     * @param ct   the table to tag
     * @param mask the contiguous mark bits the tag is written to (u32, not 0)
     */
    public SubnetTagger(final Conntrack ct, final long mask) {
        final int low = Long.numberOfTrailingZeros(mask);
        final long bits = mask >>> low;
        if (mask <= 0 || mask > 0xFFFF_FFFFL || (bits & (bits + 1)) != 0) {
            throw new InvalidValueException("mask", mask, "must be contiguous bits of a u32, not 0");
        }
        this.ct = ct;
        this.mask = mask;
        this.shift = low;
    }

    /**
     * @param cidr a source subnet, e.g. {@code 10.1.0.0/16} (IPv4 or IPv6)
     * @param tag  the value its flows get in the mask's bits
     * @return this tagger
     */
    public SubnetTagger tag(final String cidr, final long tag) {
        if (tag < 0 || (tag << shift & ~mask) != 0) {
            throw new InvalidValueException("tag", tag, "does not fit the mask 0x" + Long.toHexString(mask));
        }
        rules.put(IpPrefix.parse(cidr), tag);
        return this;
    }

    /** @return per subnet, in the order applied, what the update did */
    public Map<IpPrefix, BulkResult> run() {
        final List<IpPrefix> order = new ArrayList<>(rules.keySet());
        order.sort(Comparator.comparingInt(IpPrefix::length));
        final Map<IpPrefix, BulkResult> results = new LinkedHashMap<>();
        for (final IpPrefix subnet : order) {
            results.put(subnet, ct.flows().src(subnet.toString())
                .update(FlowUpdate.none().mark(rules.get(subnet) << shift, mask)));
        }
        return results;
    }
}
