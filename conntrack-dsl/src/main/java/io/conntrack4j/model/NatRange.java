package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/**
 * A NAT mapping requested when a flow is created ({@code CTA_NAT_SRC} / {@code CTA_NAT_DST}): an address range and
 * an optional port range. The kernel rewrites the reply tuple accordingly.
 *
 * @param minAddress the first address
 * @param maxAddress the last address (absent: the same as the first)
 * @param minPort    the first port
 * @param maxPort    the last port (absent: the same as the first)
 */
public record NatRange(IpAddress minAddress, Option<IpAddress> maxAddress, Option<Integer> minPort,
                       Option<Integer> maxPort) {
    /** Validates the fields. */
    public NatRange {
        Check.notNull("nat address", minAddress);
        maxAddress.forEach(m -> {
            if (m.family() != minAddress.family()) {
                throw new InvalidValueException("nat max address", m, "family differs from " + minAddress);
            }
        });
        minPort.forEach(p -> Check.port("nat port", p));
        maxPort.forEach(p -> Check.port("nat max port", p));
        if (maxPort.isDefined() && minPort.isEmpty()) {
            throw new InvalidValueException("nat max port", maxPort.get(), "needs a min port");
        }
    }

    /**
     * @param address the address to map to
     * @return a single-address mapping
     */
    public static NatRange to(final IpAddress address) {
        return new NatRange(address, Option.none(), Option.none(), Option.none());
    }

    /**
     * @param address the address to map to
     * @param port    the port to map to
     * @return a single address and port mapping
     */
    public static NatRange to(final IpAddress address, final int port) {
        return new NatRange(address, Option.none(), Option.some(port), Option.some(port));
    }
}
