package io.conntrack4j;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpPrefix;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.vavr.control.Option;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * An immutable conjunction of {@link Criterion criteria} on flows: the value behind every query. Each criterion is
 * set at most once (setting it again replaces it). Conflicting criteria are rejected when set: an IPv4 and an IPv6
 * address, ICMP fields with TCP, a status bit both set and clear.
 */
public final class FlowFilter {
    /** The filter without criteria: it accepts every flow. */
    public static final FlowFilter ALL = new FlowFilter(new Object[Criterion.values().length]);

    private final Object[] values;

    private FlowFilter(final Object[] values) {
        this.values = values;
    }

    /**
     * @param criterion a criterion
     * @param value     its value (the type {@link FlowQuery} passes for it), or {@code null} to remove it
     * @return a filter with the criterion set
     * @throws InvalidValueException if the result would be contradictory
     */
    FlowFilter with(final Criterion criterion, final Object value) {
        final Object[] copy = values.clone();
        copy[criterion.ordinal()] = value;
        return validated(copy, criterion);
    }

    /**
     * @param criteria criteria to drop
     * @return this filter without them
     */
    public FlowFilter without(final Set<Criterion> criteria) {
        final Object[] copy = values.clone();
        criteria.forEach(c -> copy[c.ordinal()] = null);
        return new FlowFilter(copy);
    }

    /**
     * @param criterion a criterion
     * @param <T>       the type of its value
     * @return its value, if set
     */
    @SuppressWarnings("unchecked")
    public <T> Option<T> get(final Criterion criterion) {
        return Option.of((T) values[criterion.ordinal()]);
    }

    /** @return the criteria set, in declaration order */
    public Set<Criterion> criteria() {
        final EnumSet<Criterion> set = EnumSet.noneOf(Criterion.class);
        for (final Criterion c : Criterion.values()) {
            if (values[c.ordinal()] != null) {
                set.add(c);
            }
        }
        return set;
    }

    /** @return true if the filter has no criterion (it accepts every flow) */
    public boolean isEmpty() {
        for (final Object v : values) {
            if (v != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The family the filter selects: the one set explicitly or implied by an address criterion.
     *
     * @return the family, if any criterion fixes it
     */
    public Option<Family> family() {
        return Option.of(impliedFamily(values));
    }

    /**
     * @param flow a flow
     * @return true if the flow satisfies every criterion
     */
    public boolean test(final Flow flow) {
        for (final Criterion c : Criterion.values()) {
            final Object v = values[c.ordinal()];
            if (v != null && !c.test(v, flow)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof FlowFilter && Arrays.equals(values, ((FlowFilter) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner(", ", "{", "}");
        for (final Criterion c : Criterion.values()) {
            final Object v = values[c.ordinal()];
            if (v != null) {
                j.add(c.render(v));
            }
        }
        return j.toString();
    }

    private static Family impliedFamily(final Object[] v) {
        Family family = (Family) v[Criterion.FAMILY.ordinal()];
        for (final Criterion c : new Criterion[] {Criterion.ORIG_SRC, Criterion.ORIG_DST, Criterion.REPLY_SRC,
            Criterion.REPLY_DST}) {
            final IpPrefix p = (IpPrefix) v[c.ordinal()];
            if (p != null && family == null) {
                family = p.family();
            }
        }
        return family;
    }

    private static FlowFilter validated(final Object[] v, final Criterion changed) {
        final Family family = impliedFamily(v);
        for (final Criterion c : new Criterion[] {Criterion.ORIG_SRC, Criterion.ORIG_DST, Criterion.REPLY_SRC,
            Criterion.REPLY_DST}) {
            final IpPrefix p = (IpPrefix) v[c.ordinal()];
            if (p != null && p.family() != family) {
                throw new InvalidValueException(c.label(), p, "mismatched address family: the query selects "
                    + family.kernelName());
            }
        }
        final Protocol proto = (Protocol) v[Criterion.PROTOCOL.ordinal()];
        final boolean icmp = v[Criterion.ICMP_TYPE.ordinal()] != null || v[Criterion.ICMP_CODE.ordinal()] != null
            || v[Criterion.ICMP_ID.ordinal()] != null;
        final boolean ports = v[Criterion.ORIG_SPORT.ordinal()] != null || v[Criterion.ORIG_DPORT.ordinal()] != null
            || v[Criterion.REPLY_SPORT.ordinal()] != null || v[Criterion.REPLY_DPORT.ordinal()] != null;
        if (proto != null) {
            if (icmp && !proto.isIcmp()) {
                throw new InvalidValueException(changed.label(), v[changed.ordinal()],
                    "ICMP fields need protocol icmp or icmpv6, not " + proto);
            }
            if (ports && !proto.hasPorts()) {
                throw new InvalidValueException(changed.label(), v[changed.ordinal()], proto + " has no ports");
            }
            if (v[Criterion.TCP_STATE.ordinal()] != null && !proto.equals(Protocol.TCP)) {
                throw new InvalidValueException(changed.label(), v[changed.ordinal()],
                    "a TCP state needs protocol tcp, not " + proto);
            }
            if (family != null && proto.isIcmp() && proto.equals(Protocol.ICMP) != (family == Family.IPV4)) {
                throw new InvalidValueException(changed.label(), v[changed.ordinal()],
                    proto + " does not exist for " + family.kernelName());
            }
        }
        if (icmp && ports) {
            throw new InvalidValueException(changed.label(), v[changed.ordinal()], "ports and ICMP fields exclude each other");
        }
        final StatusBits set = (StatusBits) v[Criterion.STATUS_SET.ordinal()];
        final StatusBits clear = (StatusBits) v[Criterion.STATUS_CLEAR.ordinal()];
        if (set != null && clear != null && (set.value() & clear.value()) != 0) {
            throw new InvalidValueException("status", new StatusBits(set.value() & clear.value()),
                "a bit cannot be both set and unset");
        }
        if (v[Criterion.ANY_NAT.ordinal()] != null
            && (v[Criterion.SOURCE_NAT.ordinal()] != null || v[Criterion.DESTINATION_NAT.ordinal()] != null)) {
            throw new InvalidValueException(changed.label(), v[changed.ordinal()],
                "any-nat cannot be combined with src-nat or dst-nat");
        }
        for (final Criterion c : new Criterion[] {Criterion.SOURCE_NAT, Criterion.DESTINATION_NAT, Criterion.ANY_NAT}) {
            final NatMatch n = (NatMatch) v[c.ordinal()];
            if (n != null && family != null && n.address().exists(a -> a.family() != family)) {
                throw new InvalidValueException(c.label(), n, "mismatched address family: the query selects "
                    + family.kernelName());
            }
        }
        final TcpState state = (TcpState) v[Criterion.TCP_STATE.ordinal()];
        if (state != null && proto == null) {
            v[Criterion.PROTOCOL.ordinal()] = Protocol.TCP;
        }
        return new FlowFilter(v);
    }
}
