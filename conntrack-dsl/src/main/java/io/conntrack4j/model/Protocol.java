package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;

import java.util.Locale;

/**
 * A layer-4 protocol number (0..255) with constants for the protocols conntrack tracks. Any other number is
 * allowed; conntrack treats it as the generic protocol and prints it as {@code unknown}.
 *
 * @param number the IP protocol number
 */
public record Protocol(int number) {
    /** ICMP, 1. */
    public static final Protocol ICMP = new Protocol(1);
    /** TCP, 6. */
    public static final Protocol TCP = new Protocol(6);
    /** UDP, 17. */
    public static final Protocol UDP = new Protocol(17);
    /** DCCP, 33. */
    public static final Protocol DCCP = new Protocol(33);
    /** GRE, 47 (keys travel in the port fields). */
    public static final Protocol GRE = new Protocol(47);
    /** ICMPv6, 58. */
    public static final Protocol ICMPV6 = new Protocol(58);
    /** SCTP, 132. */
    public static final Protocol SCTP = new Protocol(132);
    /** UDP-Lite, 136. */
    public static final Protocol UDPLITE = new Protocol(136);

    /** @param number the IP protocol number, 0..255 */
    public Protocol {
        Check.u8("protocol", number);
    }

    /** Every protocol by number, the constants among them: decoding shares these instead of allocating. */
    private static final Protocol[] BY_NUMBER = byNumber();

    /**
     * @param number the IP protocol number, 0..255
     * @return the protocol (a shared instance)
     */
    public static Protocol of(final int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : new Protocol(number); // that throws
    }

    private static Protocol[] byNumber() {
        final Protocol[] all = new Protocol[256];
        for (final Protocol known : new Protocol[] {ICMP, TCP, UDP, DCCP, GRE, ICMPV6, SCTP, UDPLITE}) {
            all[known.number()] = known;
        }
        for (int n = 0; n < all.length; n++) {
            if (all[n] == null) {
                all[n] = new Protocol(n);
            }
        }
        return all;
    }

    /**
     * @param name a name conntrack knows ({@code tcp udp udplite sctp dccp icmp icmpv6 gre}, any case) or a
     *             decimal number 0..255
     * @return the protocol
     * @throws InvalidValueException for anything else
     */
    public static Protocol parse(final String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp":
                return TCP;
            case "udp":
                return UDP;
            case "udplite":
                return UDPLITE;
            case "sctp":
                return SCTP;
            case "dccp":
                return DCCP;
            case "icmp":
                return ICMP;
            case "icmpv6":
                return ICMPV6;
            case "gre":
                return GRE;
            default:
                if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return of(Integer.parseInt(name));
                }
                throw new InvalidValueException("protocol", name, "unsupported protocol");
        }
    }

    /** @return the name conntrack prints: {@code tcp}, ..., or {@code unknown} for other numbers */
    public String kernelName() {
        switch (number) {
            case 1:
                return "icmp";
            case 6:
                return "tcp";
            case 17:
                return "udp";
            case 33:
                return "dccp";
            case 47:
                return "gre";
            case 58:
                return "icmpv6";
            case 132:
                return "sctp";
            case 136:
                return "udplite";
            default:
                return "unknown";
        }
    }

    /** @return true if tuples of this protocol carry a port pair (GRE: a key pair in the port fields) */
    public boolean hasPorts() {
        return number == 6 || number == 17 || number == 33 || number == 47 || number == 132 || number == 136;
    }

    /** @return true for ICMP and ICMPv6, whose tuples carry type, code and id */
    public boolean isIcmp() {
        return number == 1 || number == 58;
    }

    @Override
    public String toString() {
        final String name = kernelName();
        return "unknown".equals(name) ? Integer.toString(number) : name;
    }
}
