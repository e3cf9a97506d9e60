package io.conntrack4j.spi;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.util.StringJoiner;

/**
 * The kernel's tuple filter ({@code CTA_FILTER} with {@code CTA_TUPLE_ORIG} or {@code CTA_TUPLE_REPLY}): only the
 * fields present here are compared, each by equality. As in the kernel, ports are compared only on TCP and UDP
 * flows, ICMP fields only on ICMP (or ICMPv6) flows, and port and ICMP fields need the protocol.
 *
 * @param source      the exact source address
 * @param destination the exact destination address
 * @param protocol    the protocol number
 * @param sourcePort  the source port (TCP/UDP)
 * @param destinationPort the destination port (TCP/UDP)
 * @param icmpType    the ICMP type
 * @param icmpCode    the ICMP code
 * @param icmpId      the ICMP id
 */
public record TupleFilter(Option<IpAddress> source, Option<IpAddress> destination, Option<Protocol> protocol,
                          Option<Integer> sourcePort, Option<Integer> destinationPort, Option<Integer> icmpType,
                          Option<Integer> icmpCode, Option<Integer> icmpId) {
    /** The filter that compares nothing. */
    public static final TupleFilter NONE = new TupleFilter(Option.none(), Option.none(), Option.none(), Option.none(),
        Option.none(), Option.none(), Option.none(), Option.none());

    /** Validates the fields. */
    public TupleFilter {
        Check.notNull("source", source);
        Check.notNull("destination", destination);
        Check.notNull("protocol", protocol);
        Check.notNull("sport", sourcePort);
        Check.notNull("dport", destinationPort);
        Check.notNull("icmp type", icmpType);
        Check.notNull("icmp code", icmpCode);
        Check.notNull("icmp id", icmpId);
        sourcePort.forEach(p -> Check.port("sport", p));
        destinationPort.forEach(p -> Check.port("dport", p));
        icmpType.forEach(t -> Check.u8("icmp type", t));
        icmpCode.forEach(c -> Check.u8("icmp code", c));
        icmpId.forEach(i -> Check.u16("icmp id", i));
        if ((sourcePort.isDefined() || destinationPort.isDefined() || icmpType.isDefined() || icmpCode.isDefined()
            || icmpId.isDefined()) && protocol.isEmpty()) {
            throw new io.conntrack4j.error.InvalidValueException("tuple filter", "ports or ICMP fields",
                "the kernel needs the protocol number with them");
        }
    }

    /**
     * @param family the family of the dump the filter goes into
     * @throws io.conntrack4j.error.InvalidValueException if an address is of another family
     */
    void requireFamily(final io.conntrack4j.model.Family family) {
        for (final IpAddress a : source.toList().appendAll(destination)) {
            if (a.family() != family) {
                throw new io.conntrack4j.error.InvalidValueException("tuple filter address", a,
                    "is " + a.family().kernelName() + " but the filter's family is " + family.kernelName());
            }
        }
    }

    /** @return true if the filter compares nothing */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * @param tuple a tuple
     * @return true if the kernel's tuple filter accepts it
     */
    public boolean test(final Tuple tuple) {
        if (!source.forAll(tuple.source()::equals) || !destination.forAll(tuple.destination()::equals)
            || !protocol.forAll(tuple.protocol()::equals)) {
            return false;
        }
        final int proto = tuple.protocol().number();
        if (proto == Protocol.TCP.number() || proto == Protocol.UDP.number()) {
            return sourcePort.forAll(p -> tuple.sourcePort().contains(p))
                && destinationPort.forAll(p -> tuple.destinationPort().contains(p));
        }
        if (tuple.protocol().isIcmp()) {
            final Option<Layer4.Icmp> icmp = tuple.icmp();
            return icmpType.forAll(t -> icmp.exists(i -> i.type() == t))
                && icmpCode.forAll(c -> icmp.exists(i -> i.code() == c))
                && icmpId.forAll(id -> icmp.exists(i -> i.id() == id));
        }
        return true;
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner(" ", "{", "}");
        protocol.forEach(p -> j.add("proto=" + p));
        source.forEach(a -> j.add("src=" + a));
        destination.forEach(a -> j.add("dst=" + a));
        sourcePort.forEach(p -> j.add("sport=" + p));
        destinationPort.forEach(p -> j.add("dport=" + p));
        icmpType.forEach(t -> j.add("type=" + t));
        icmpCode.forEach(c -> j.add("code=" + c));
        icmpId.forEach(i -> j.add("id=" + i));
        return j.toString();
    }
}
