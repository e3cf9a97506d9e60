package io.conntrack4j;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.IpPrefix;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.vavr.control.Option;

/**
 * The filter vocabulary shared by flow queries and event queries. Every step returns a new immutable value; the
 * receiver is unchanged. Setting a criterion again replaces it, except status bits and labels, which accumulate.
 *
 * @param <S> the concrete query type
 */
public abstract class FilterSteps<S extends FilterSteps<S>> {
    private final FlowFilter filter;

    /** @param filter the criteria so far */
    FilterSteps(final FlowFilter filter) {
        this.filter = Check.notNull("filter", filter);
    }

    /** @return the criteria of this query */
    public final FlowFilter filter() {
        return filter;
    }

    /**
     * @param newFilter the criteria
     * @return a query of the same kind with these criteria
     */
    abstract S withFilter(FlowFilter newFilter);

    private S with(final Criterion criterion, final Object value) {
        return withFilter(filter.with(criterion, value));
    }

    /** @param family ipv4 or ipv6 @return the query restricted to the family */
    public final S family(final Family family) {
        return with(Criterion.FAMILY, Check.notNull("family", family));
    }

    /** @param protocol a layer-4 protocol @return the query restricted to it */
    public final S proto(final Protocol protocol) {
        return with(Criterion.PROTOCOL, Check.notNull("protocol", protocol));
    }

    /** @param addressOrCidr an address or a prefix, e.g. {@code 10.0.0.0/8} @return the query on the original source */
    public final S src(final String addressOrCidr) {
        return with(Criterion.ORIG_SRC, IpPrefix.parse(addressOrCidr));
    }

    /** @param address an address @return the query on the original source */
    public final S src(final IpAddress address) {
        return with(Criterion.ORIG_SRC, IpPrefix.of(address));
    }

    /** @param addressOrCidr an address or a prefix @return the query on the original destination */
    public final S dst(final String addressOrCidr) {
        return with(Criterion.ORIG_DST, IpPrefix.parse(addressOrCidr));
    }

    /** @param address an address @return the query on the original destination */
    public final S dst(final IpAddress address) {
        return with(Criterion.ORIG_DST, IpPrefix.of(address));
    }

    /** @param addressOrCidr an address or a prefix @return the query on the reply source */
    public final S replySrc(final String addressOrCidr) {
        return with(Criterion.REPLY_SRC, IpPrefix.parse(addressOrCidr));
    }

    /** @param addressOrCidr an address or a prefix @return the query on the reply destination */
    public final S replyDst(final String addressOrCidr) {
        return with(Criterion.REPLY_DST, IpPrefix.parse(addressOrCidr));
    }

    /** @param port the original source port (GRE: key) @return the restricted query */
    public final S sport(final int port) {
        return with(Criterion.ORIG_SPORT, Check.port("sport", port));
    }

    /** @param port the original destination port (GRE: key) @return the restricted query */
    public final S dport(final int port) {
        return with(Criterion.ORIG_DPORT, Check.port("dport", port));
    }

    /** @param port the reply source port @return the restricted query */
    public final S replySport(final int port) {
        return with(Criterion.REPLY_SPORT, Check.port("reply sport", port));
    }

    /** @param port the reply destination port @return the restricted query */
    public final S replyDport(final int port) {
        return with(Criterion.REPLY_DPORT, Check.port("reply dport", port));
    }

    /** @param type the original ICMP(v6) type @return the restricted query */
    public final S icmpType(final int type) {
        return with(Criterion.ICMP_TYPE, Check.u8("icmp type", type));
    }

    /** @param code the original ICMP(v6) code @return the restricted query */
    public final S icmpCode(final int code) {
        return with(Criterion.ICMP_CODE, Check.u8("icmp code", code));
    }

    /** @param id the ICMP(v6) echo id @return the restricted query */
    public final S icmpId(final int id) {
        return with(Criterion.ICMP_ID, Check.u16("icmp id", id));
    }

    /** @param state a TCP state (implies protocol tcp) @return the restricted query */
    public final S state(final TcpState state) {
        return with(Criterion.TCP_STATE, Check.notNull("tcp state", state));
    }

    /** @param bits status bits that must be set (accumulates) @return the restricted query */
    public final S status(final Status... bits) {
        atLeastOne("status", bits.length);
        final int old = filter.<StatusBits>get(Criterion.STATUS_SET).map(StatusBits::value).getOrElse(0);
        return with(Criterion.STATUS_SET, new StatusBits(old | StatusBits.of(bits).value()));
    }

    /** @param bits status bits that must be clear (accumulates) @return the restricted query */
    public final S notStatus(final Status... bits) {
        atLeastOne("status", bits.length);
        final int old = filter.<StatusBits>get(Criterion.STATUS_CLEAR).map(StatusBits::value).getOrElse(0);
        return with(Criterion.STATUS_CLEAR, new StatusBits(old | StatusBits.of(bits).value()));
    }

    /** @return the query restricted to flows that saw no reply ({@code [UNREPLIED]}) */
    public final S unreplied() {
        return notStatus(Status.SEEN_REPLY);
    }

    /** @return the query restricted to assured flows */
    public final S assured() {
        return status(Status.ASSURED);
    }

    /** @param mark the exact mark @return the restricted query */
    public final S mark(final long mark) {
        return mark(mark, 0xFFFF_FFFFL);
    }

    /**
     * @param value the masked value
     * @param mask  the compared bits, nonzero
     * @return flows with {@code (mark & mask) == value}
     */
    public final S mark(final long value, final long mask) {
        if (mask == 0) {
            // (mark & 0) == value holds for every flow or for none: never what a query means
            throw new InvalidValueException("mark mask", 0, "a zero mask compares no bit");
        }
        return with(Criterion.MARK, new MarkMatch(value, mask));
    }

    /** @param zone a zone id, in whatever direction it applies @return the restricted query */
    public final S zone(final int zone) {
        return with(Criterion.ZONE, Check.u16("zone", zone));
    }

    /** @param labels label bits that must all be set (accumulates) @return the restricted query */
    public final S labels(final int... labels) {
        atLeastOne("labels", labels.length);
        final Labels old = filter.<Labels>get(Criterion.LABELS).getOrElse(Labels.NONE);
        return with(Criterion.LABELS, old.union(Labels.of(labels)));
    }

    /** @return the query restricted to source-NATed flows */
    public final S snat() {
        return with(Criterion.SOURCE_NAT, NatMatch.ANY);
    }

    /** @param address the address flows are source-NATed to @return the restricted query */
    public final S snat(final String address) {
        return with(Criterion.SOURCE_NAT, new NatMatch(Option.some(IpAddress.parse(address)), Option.none()));
    }

    /** @param address the NAT address @param port the NAT port @return the restricted query */
    public final S snat(final String address, final int port) {
        return with(Criterion.SOURCE_NAT, new NatMatch(Option.some(IpAddress.parse(address)), Option.some(port)));
    }

    /** @return the query restricted to destination-NATed flows */
    public final S dnat() {
        return with(Criterion.DESTINATION_NAT, NatMatch.ANY);
    }

    /** @param address the address flows are destination-NATed to @return the restricted query */
    public final S dnat(final String address) {
        return with(Criterion.DESTINATION_NAT, new NatMatch(Option.some(IpAddress.parse(address)), Option.none()));
    }

    /** @param address the NAT address @param port the NAT port @return the restricted query */
    public final S dnat(final String address, final int port) {
        return with(Criterion.DESTINATION_NAT, new NatMatch(Option.some(IpAddress.parse(address)), Option.some(port)));
    }

    /** @return the query restricted to flows with source or destination NAT */
    public final S anyNat() {
        return with(Criterion.ANY_NAT, NatMatch.ANY);
    }

    /** @param address the NAT address (either direction) @return the restricted query */
    public final S anyNat(final String address) {
        return with(Criterion.ANY_NAT, new NatMatch(Option.some(IpAddress.parse(address)), Option.none()));
    }

    /** A step without a value would add a condition every flow meets: a delete would then delete everything. */
    private static void atLeastOne(final String field, final int count) {
        if (count == 0) {
            throw new InvalidValueException(field, "none", "give at least one");
        }
    }

    /**
     * @param other another filter
     * @return this query with every criterion of {@code other} added (replacing the same criteria)
     */
    public final S where(final FlowFilter other) {
        FlowFilter merged = filter;
        for (final Criterion c : other.criteria()) {
            merged = merged.with(c, other.get(c).get());
        }
        return withFilter(merged);
    }
}
