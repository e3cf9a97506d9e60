package io.conntrack4j.model;


/** The ICMP and ICMPv6 types conntrack tracks as request/reply pairs: the only types the kernel can invert. */
public final class IcmpTypes {
    private static final int[] ICMP = {8, 0, 13, 14, 15, 16, 17, 18};
    private static final int[] ICMPV6 = {128, 129, 139, 140};

    private IcmpTypes() {
    }

    /**
     * @param protocol ICMP or ICMPv6 (any other protocol: false)
     * @param type     an ICMP type
     * @return true if the kernel knows the reply type of {@code type}
     */
    public static boolean invertible(final Protocol protocol, final int type) {
        return partner(protocol, type) >= 0;
    }

    /**
     * @param protocol ICMP or ICMPv6
     * @param type     an ICMP type
     * @return its reply (or request) type, or -1 if it has none
     */
    public static int partner(final Protocol protocol, final int type) {
        final int[] pairs = protocol.equals(Protocol.ICMP) ? ICMP : protocol.equals(Protocol.ICMPV6) ? ICMPV6 : null;
        if (pairs != null) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i] == type) {
                    return pairs[i + 1];
                }
                if (pairs[i + 1] == type) {
                    return pairs[i];
                }
            }
        }
        return -1;
    }
}
