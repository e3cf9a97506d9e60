package io.conntrack4j;

import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpPrefix;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;

import java.util.function.BiPredicate;

/**
 * One condition a {@link FlowFilter} can hold, with its semantics on a {@link Flow}. A filter is a conjunction of
 * criteria; the planner decides, criterion by criterion, what the kernel evaluates and what Java does.
 */
public enum Criterion {
    /** The address family. */
    FAMILY("family", (v, f) -> f.family() == v),
    /** The layer-4 protocol. */
    PROTOCOL("proto", (v, f) -> f.protocol().equals(v)),
    /** The original source address is inside a prefix. */
    ORIG_SRC("src", (v, f) -> ((IpPrefix) v).contains(f.original().source())),
    /** The original destination address is inside a prefix. */
    ORIG_DST("dst", (v, f) -> ((IpPrefix) v).contains(f.original().destination())),
    /** The reply source address is inside a prefix. */
    REPLY_SRC("reply-src", (v, f) -> f.reply().exists(t -> ((IpPrefix) v).contains(t.source()))),
    /** The reply destination address is inside a prefix. */
    REPLY_DST("reply-dst", (v, f) -> f.reply().exists(t -> ((IpPrefix) v).contains(t.destination()))),
    /** The original source port (GRE: key). */
    ORIG_SPORT("sport", (v, f) -> f.original().sourcePort().contains((Integer) v)),
    /** The original destination port (GRE: key). */
    ORIG_DPORT("dport", (v, f) -> f.original().destinationPort().contains((Integer) v)),
    /** The reply source port. */
    REPLY_SPORT("reply-sport", (v, f) -> f.reply().exists(t -> t.sourcePort().contains((Integer) v))),
    /** The reply destination port. */
    REPLY_DPORT("reply-dport", (v, f) -> f.reply().exists(t -> t.destinationPort().contains((Integer) v))),
    /** The original tuple's ICMP type. */
    ICMP_TYPE("icmp-type", (v, f) -> f.original().icmp().exists(i -> i.type() == (Integer) v)),
    /** The original tuple's ICMP code. */
    ICMP_CODE("icmp-code", (v, f) -> f.original().icmp().exists(i -> i.code() == (Integer) v)),
    /** The original tuple's ICMP id. */
    ICMP_ID("icmp-id", (v, f) -> f.original().icmp().exists(i -> i.id() == (Integer) v)),
    /** The TCP state (strict equality). */
    TCP_STATE("state", (v, f) -> f.tcpState().contains((TcpState) v)),
    /** Status bits that must be set. */
    STATUS_SET("status", (v, f) -> status(f).containsAll((StatusBits) v)),
    /** Status bits that must be clear. */
    STATUS_CLEAR("status-unset", (v, f) -> (status(f).value() & ((StatusBits) v).value()) == 0),
    /** The mark, with a mask. */
    MARK("mark", (v, f) -> ((MarkMatch) v).test(f.markValue())),
    /** The zone id, in whatever direction it applies ({@link Flow#zoneId()}). */
    ZONE("zone", (v, f) -> f.zoneId() == (Integer) v),
    /** Labels that must all be set. */
    LABELS("labels", (v, f) -> f.labels().containsAll((Labels) v)),
    /** Source NAT. */
    SOURCE_NAT("src-nat", (v, f) -> ((NatMatch) v).testSource(f)),
    /** Destination NAT. */
    DESTINATION_NAT("dst-nat", (v, f) -> ((NatMatch) v).testDestination(f)),
    /** Source or destination NAT. */
    ANY_NAT("any-nat", (v, f) -> ((NatMatch) v).testSource(f) || ((NatMatch) v).testDestination(f));

    private final String label;
    private final BiPredicate<Object, Flow> test;

    Criterion(final String label, final BiPredicate<Object, Flow> test) {
        this.label = label;
        this.test = test;
    }

    private static StatusBits status(final Flow f) {
        return f.status().getOrElse(StatusBits.NONE);
    }

    /** @return the short name used in {@code toString()} and {@code explain()} */
    public String label() {
        return label;
    }

    /**
     * @param value the criterion's value (its type depends on the criterion)
     * @param flow  a flow
     * @return true if the flow satisfies the criterion
     */
    boolean test(final Object value, final Flow flow) {
        return test.test(value, flow);
    }

    String render(final Object value) {
        return label + "=" + (value instanceof Family ? ((Family) value).kernelName() : value);
    }
}
