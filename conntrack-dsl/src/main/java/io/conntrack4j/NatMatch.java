package io.conntrack4j;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

/**
 * A NAT condition of a query: the flow is source- or destination-NATed, optionally to a given address and port.
 * NAT is visible only through the reply tuple: source NAT rewrites the reply destination, destination NAT the
 * reply source.
 *
 * @param address the address the flow must be NATed to
 * @param port    the port the flow must be NATed to
 */
public record NatMatch(Option<IpAddress> address, Option<Integer> port) {
    /** Any NAT. */
    public static final NatMatch ANY = new NatMatch(Option.none(), Option.none());

    /** Validates the fields. */
    public NatMatch {
        Check.notNull("nat address", address);
        Check.notNull("nat port", port);
        port.forEach(p -> Check.port("nat port", p));
    }

    /**
     * @param flow a flow
     * @return true if the flow is source-NATed as this condition requires
     */
    public boolean testSource(final Flow flow) {
        if (flow.reply().isEmpty()) {
            return false;
        }
        final Tuple reply = flow.reply().get();
        final boolean portNat = !reply.destinationPort().equals(flow.original().sourcePort());
        final boolean translated = flow.isSourceNat() || portNat;
        return translated
            && address.forAll(a -> flow.isSourceNat() && reply.destination().equals(a))
            && port.forAll(p -> portNat && reply.destinationPort().contains(p));
    }

    /**
     * @param flow a flow
     * @return true if the flow is destination-NATed as this condition requires
     */
    public boolean testDestination(final Flow flow) {
        if (flow.reply().isEmpty()) {
            return false;
        }
        final Tuple reply = flow.reply().get();
        final boolean portNat = !reply.sourcePort().equals(flow.original().destinationPort());
        final boolean translated = flow.isDestinationNat() || portNat;
        return translated
            && address.forAll(a -> flow.isDestinationNat() && reply.source().equals(a))
            && port.forAll(p -> portNat && reply.sourcePort().contains(p));
    }

    @Override
    public String toString() {
        if (address.isEmpty() && port.isEmpty()) {
            return "any";
        }
        return address.map(IpAddress::toString).getOrElse("*") + port.map(p -> ":" + p).getOrElse("");
    }
}
