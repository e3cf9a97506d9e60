package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;

/**
 * An address prefix (CIDR) used by filters: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. A full-length prefix
 * ({@code /32}, {@code /128}) matches exactly one address. The network address is normalised (host bits cleared),
 * so {@code 10.1.2.3/8} equals {@code 10.0.0.0/8}.
 *
 * @param network the network address, host bits cleared
 * @param length  the prefix length in bits
 */
public record IpPrefix(IpAddress network, int length) {
    /**
     * @param network the network address (host bits are cleared)
     * @param length  the prefix length, 0..32 (IPv4) or 0..128 (IPv6)
     */
    public IpPrefix {
        Check.notNull("network", network);
        Check.range("prefix length", length, 0, network.family().bits());
        network = network.masked(length);
    }

    /**
     * @param address an address
     * @return the prefix that matches exactly that address
     */
    public static IpPrefix of(final IpAddress address) {
        Check.notNull("address", address);
        return new IpPrefix(address, address.family().bits());
    }

    /**
     * @param text {@code ADDRESS} or {@code ADDRESS/LENGTH}
     * @return the prefix
     * @throws InvalidValueException for an invalid address or length
     */
    public static IpPrefix parse(final String text) {
        Check.notNull("address", text);
        final int slash = text.indexOf('/');
        if (slash < 0) {
            return of(IpAddress.parse(text));
        }
        final IpAddress address = IpAddress.parse(text.substring(0, slash));
        final String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("prefix length", len, "must be a number 0.." + address.family().bits());
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    /** @return the family of the prefix */
    public Family family() {
        return network.family();
    }

    /** @return true if the prefix matches exactly one address */
    public boolean isSingleAddress() {
        return length == network.family().bits();
    }

    /**
     * @param address an address of any family
     * @return true if the address is of this family and inside the prefix
     */
    public boolean contains(final IpAddress address) {
        return address.family() == network.family() && address.masked(length).equals(network);
    }

    @Override
    public String toString() {
        return isSingleAddress() ? network.toString() : network + "/" + length;
    }
}
