package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * One direction of a flow: source and destination address, the layer-4 protocol and its fields, and an optional
 * per-direction zone ({@code CTA_TUPLE_ZONE}). Both addresses have the same family; the layer-4 fields fit the
 * protocol (ports only for port protocols, ICMP fields only for ICMP/ICMPv6).
 *
 * @param source      the source address
 * @param destination the destination address
 * @param protocol    the layer-4 protocol
 * @param layer4      the protocol's fields
 * @param zone        the directional zone, if the tuple carries one
 */
public record Tuple(IpAddress source, IpAddress destination, Protocol protocol, Layer4 layer4, Option<Integer> zone) {

    /** Validates the tuple. */
    public Tuple {
        Check.notNull("source", source);
        Check.notNull("destination", destination);
        Check.notNull("protocol", protocol);
        Check.notNull("layer4", layer4);
        Check.notNull("zone", zone);
        if (source.family() != destination.family()) {
            throw new InvalidValueException("destination", destination,
                "family " + destination.family().kernelName() + " differs from source " + source
                    + " (" + source.family().kernelName() + ")");
        }
        if (layer4 instanceof Layer4.Ports && !protocol.hasPorts()) {
            throw new InvalidValueException("ports", layer4, protocol + " tuples have no ports");
        }
        if (layer4 instanceof Layer4.Icmp && !protocol.isIcmp()) {
            throw new InvalidValueException("icmp", layer4, protocol + " tuples have no ICMP fields");
        }
        if (protocol.isIcmp() && (protocol.equals(Protocol.ICMP) != (source.family() == Family.IPV4))) {
            throw new InvalidValueException("protocol", protocol, "does not match family " + source.family().kernelName());
        }
        zone.forEach(z -> Check.u16("zone", z));
    }

    /**
     * @param source      the source address
     * @param destination the destination address
     * @param protocol    the protocol
     * @param layer4      the protocol's fields
     * @return a tuple without a directional zone
     */
    public static Tuple of(final IpAddress source, final IpAddress destination, final Protocol protocol,
                           final Layer4 layer4) {
        return new Tuple(source, destination, protocol, layer4, Option.none());
    }

    /** @return a TCP tuple */
    public static Tuple tcp(final String source, final String destination, final int sport, final int dport) {
        return of(IpAddress.parse(source), IpAddress.parse(destination), Protocol.TCP, new Layer4.Ports(sport, dport));
    }

    /** @return a UDP tuple */
    public static Tuple udp(final String source, final String destination, final int sport, final int dport) {
        return of(IpAddress.parse(source), IpAddress.parse(destination), Protocol.UDP, new Layer4.Ports(sport, dport));
    }

    /** @return an ICMP tuple (IPv4) or ICMPv6 tuple (IPv6), chosen by the address family */
    public static Tuple icmp(final String source, final String destination, final int type, final int code,
                             final int id) {
        final IpAddress src = IpAddress.parse(source);
        return of(src, IpAddress.parse(destination), src.isV4() ? Protocol.ICMP : Protocol.ICMPV6,
            new Layer4.Icmp(type, code, id));
    }

    /**
     * @param source      the source address
     * @param destination the destination address
     * @param protocol    a protocol with ports (or GRE keys)
     * @param sport       the source port or key
     * @param dport       the destination port or key
     * @return the tuple
     */
    public static Tuple ports(final String source, final String destination, final Protocol protocol,
                              final int sport, final int dport) {
        return of(IpAddress.parse(source), IpAddress.parse(destination), protocol, new Layer4.Ports(sport, dport));
    }

    /** @return the address family of the tuple */
    public Family family() {
        return source.family();
    }

    /** @return the source port (or GRE key), if the tuple has ports */
    public Option<Integer> sourcePort() {
        return layer4 instanceof Layer4.Ports ? Option.some(((Layer4.Ports) layer4).source()) : Option.none();
    }

    /** @return the destination port (or GRE key), if the tuple has ports */
    public Option<Integer> destinationPort() {
        return layer4 instanceof Layer4.Ports ? Option.some(((Layer4.Ports) layer4).destination()) : Option.none();
    }

    /** @return the ICMP fields, if this is an ICMP or ICMPv6 tuple that has them */
    public Option<Layer4.Icmp> icmp() {
        return layer4 instanceof Layer4.Icmp ? Option.some((Layer4.Icmp) layer4) : Option.none();
    }

    /**
     * @param newZone the directional zone
     * @return this tuple with that zone
     */
    public Tuple withZone(final int newZone) {
        return new Tuple(source, destination, protocol, layer4, Option.some(newZone));
    }

    /**
     * The tuple of the other direction, as the kernel builds it for an un-NATed flow: addresses and ports
     * swapped, the ICMP type replaced by its reply type (echo 8 becomes 0, ICMPv6 128 becomes 129, ...).
     *
     * @return the inverse tuple, without a directional zone
     * @throws InvalidValueException for an ICMP type the kernel cannot invert
     */
    public Tuple inverse() {
        final Layer4 inverted;
        if (layer4 instanceof Layer4.Ports) {
            inverted = ((Layer4.Ports) layer4).swapped();
        } else if (layer4 instanceof Layer4.Icmp) {
            final Layer4.Icmp icmp = (Layer4.Icmp) layer4;
            inverted = new Layer4.Icmp(inverseIcmpType(protocol, icmp.type()), icmp.code(), icmp.id());
        } else {
            inverted = layer4;
        }
        return of(destination, source, protocol, inverted);
    }

    private static int inverseIcmpType(final Protocol protocol, final int type) {
        final int partner = IcmpTypes.partner(protocol, type);
        if (partner < 0) {
            throw new InvalidValueException("icmp type", type,
                "the kernel tracks only request/reply types; this one has no reply type");
        }
        return partner;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder().append(protocol).append(' ').append(source);
        sourcePort().forEach(p -> sb.append(':').append(p));
        sb.append(" -> ").append(destination);
        destinationPort().forEach(p -> sb.append(':').append(p));
        icmp().forEach(i -> sb.append(" type=").append(i.type()).append(" code=").append(i.code())
            .append(" id=").append(i.id()));
        zone.forEach(z -> sb.append(" zone=").append(z));
        return sb.toString();
    }
}
