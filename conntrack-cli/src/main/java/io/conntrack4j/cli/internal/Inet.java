package io.conntrack4j.cli.internal;

import io.conntrack4j.model.IpAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Address parsing as conntrack does it: IPv4 with {@code inet_aton} (legacy forms like {@code 10.1}, hex and octal
 * parts, trailing blanks), else IPv6 with {@code inet_pton} (no scope, no brackets). Never a name lookup.
 */
final class Inet {
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private Inet() {
    }

    /**
     * @param text an address
     * @return the address, or null if it is neither IPv4 nor IPv6
     */
    static IpAddress parse(final String text) {
        final Long v4 = aton(text);
        if (v4 != null) {
            return IpAddress.v4((int) (long) v4);
        }
        return pton6(text);
    }

    private static Long aton(final String text) {
        final long[] parts = new long[4];
        int count = 0;
        int i = 0;
        final int n = text.length();
        while (true) {
            if (i >= n || !isDigit(text.charAt(i))) {
                return null;
            }
            long value = 0;
            int base = 10;
            if (text.charAt(i) == '0') {
                i++;
                if (i < n && (text.charAt(i) == 'x' || text.charAt(i) == 'X')) {
                    base = 16;
                    i++;
                } else {
                    base = 8;
                }
            }
            while (i < n) {
                final char c = text.charAt(i);
                if (isDigit(c)) {
                    if (base == 8 && (c == '8' || c == '9')) {
                        return null;
                    }
                    value = value * base + (c - '0');
                } else if (base == 16 && Character.digit(c, 16) >= 0) {
                    value = value * 16 + Character.digit(c, 16);
                } else {
                    break;
                }
                if (value > 0xFFFFFFFFL) {
                    return null;
                }
                i++;
            }
            if (count == 4) {
                return null;
            }
            parts[count++] = value;
            if (i < n && text.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (i < n && !Character.isWhitespace(text.charAt(i))) {
            return null;
        }
        final long[] limits = {0xFFFFFFFFL, 0xFFFFFFL, 0xFFFFL, 0xFFL};
        long result = 0;
        for (int p = 0; p < count - 1; p++) {
            if (parts[p] > 0xFF) {
                return null;
            }
            result |= parts[p] << (24 - 8 * p);
        }
        if (parts[count - 1] > limits[count - 1]) {
            return null;
        }
        return result | parts[count - 1];
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static IpAddress pton6(final String text) {
        if (!text.contains(":") || !IPV6_LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            final InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet4Address) {
                // Java folds ::ffff:a.b.c.d into IPv4; inet_pton keeps it an IPv6 address
                final byte[] v6 = new byte[16];
                v6[10] = (byte) 0xFF;
                v6[11] = (byte) 0xFF;
                System.arraycopy(a.getAddress(), 0, v6, 12, 4);
                return IpAddress.of(v6);
            }
            return IpAddress.of(a.getAddress());
        } catch (final UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
