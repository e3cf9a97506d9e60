package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;

/** The layer-3 address family of a flow, with the kernel's numbers ({@code AF_INET}, {@code AF_INET6}). */
public enum Family {
    /** IPv4, {@code AF_INET} = 2. */
    IPV4(2, 4, "ipv4"),
    /** IPv6, {@code AF_INET6} = 10. */
    IPV6(10, 16, "ipv6");

    private final int number;
    private final int addressLength;
    private final String kernelName;

    Family(final int number, final int addressLength, final String kernelName) {
        this.number = number;
        this.addressLength = addressLength;
        this.kernelName = kernelName;
    }

    /** @return the {@code AF_*} number carried in {@code nfgenmsg.nfgen_family} */
    public int number() {
        return number;
    }

    /** @return the address length in bytes (4 or 16) */
    public int addressLength() {
        return addressLength;
    }

    /** @return the address length in bits (32 or 128) */
    public int bits() {
        return addressLength * 8;
    }

    /** @return the name conntrack prints: {@code ipv4} or {@code ipv6} */
    public String kernelName() {
        return kernelName;
    }

    /**
     * @param number an {@code AF_*} number
     * @return the family
     * @throws InvalidValueException for anything but 2 and 10
     */
    public static Family ofNumber(final int number) {
        switch (number) {
            case 2:
                return IPV4;
            case 10:
                return IPV6;
            default:
                throw new InvalidValueException("family", number, "must be 2 (ipv4) or 10 (ipv6)");
        }
    }
}
