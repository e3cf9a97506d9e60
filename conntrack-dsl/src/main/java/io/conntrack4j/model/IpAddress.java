package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;

/**
 * An IPv4 or IPv6 address as an immutable value. Parsing is strict (dotted quad without leading zeros for IPv4, as
 * {@code inet_pton(3)}; RFC 4291 text in ASCII for IPv6; no host names, no DNS); {@link #toString()} prints exactly
 * what {@code inet_ntop(3)} prints, as conntrack does.
 */
public final class IpAddress implements Comparable<IpAddress> {
    private final Family family;
    private final long hi;
    private final long lo;

    private IpAddress(final Family family, final long hi, final long lo) {
        this.family = family;
        this.hi = hi;
        this.lo = lo;
    }

    /**
     * @param address the address as a 32-bit value, most significant byte first ({@code 0x0a000001} = 10.0.0.1)
     * @return the IPv4 address
     */
    public static IpAddress v4(final int address) {
        return new IpAddress(Family.IPV4, 0, address & 0xFFFF_FFFFL);
    }

    /**
     * @param hi the first 64 bits, network order
     * @param lo the last 64 bits, network order
     * @return the IPv6 address
     */
    public static IpAddress v6(final long hi, final long lo) {
        return new IpAddress(Family.IPV6, hi, lo);
    }

    /**
     * @param bytes 4 or 16 bytes in network order
     * @return the address
     */
    public static IpAddress of(final byte[] bytes) {
        if (bytes.length == 4) {
            return v4(readInt(bytes, 0));
        }
        if (bytes.length == 16) {
            return v6(readLong(bytes, 0), readLong(bytes, 8));
        }
        throw new InvalidValueException("address", bytes.length + " bytes", "must be 4 or 16 bytes");
    }

    /**
     * Parses a literal address. Accepts {@code 10.0.0.1}, {@code 2001:db8::1}, {@code ::ffff:1.2.3.4}.
     *
     * @param text the literal
     * @return the address
     * @throws InvalidValueException if the text is not an address literal
     */
    public static IpAddress parse(final String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidValueException("address", "\"" + text + "\"", "not an IPv4 or IPv6 address");
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        final long v4 = parseV4(text);
        if (v4 < 0) {
            throw new InvalidValueException("address", text, "not an IPv4 or IPv6 address");
        }
        return v4((int) v4);
    }

    /** @return the family of the address */
    public Family family() {
        return family;
    }

    /** @return true for an IPv4 address */
    public boolean isV4() {
        return family == Family.IPV4;
    }

    /** @return the IPv4 address as 32 bits, most significant first; for IPv6, the last 32 bits */
    public int v4Bits() {
        return (int) lo;
    }

    /** @return the first 64 bits (IPv6; 0 for IPv4) */
    public long high() {
        return hi;
    }

    /** @return the last 64 bits (IPv6), or the IPv4 address in the low 32 bits */
    public long low() {
        return lo;
    }

    /** @return the address bytes in network order (4 or 16) */
    public byte[] toBytes() {
        final byte[] out = new byte[family.addressLength()];
        if (isV4()) {
            writeInt(out, 0, (int) lo);
        } else {
            writeLong(out, 0, hi);
            writeLong(out, 8, lo);
        }
        return out;
    }

    /**
     * @param prefixLength a prefix length, 0..32 or 0..128
     * @return this address with every bit after the prefix cleared
     */
    public IpAddress masked(final int prefixLength) {
        final int bits = family.bits();
        if (prefixLength < 0 || prefixLength > bits) {
            throw new InvalidValueException("prefix length", prefixLength, "must be 0.." + bits);
        }
        if (isV4()) {
            final long mask = prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
            return new IpAddress(family, 0, lo & mask);
        }
        final long hiMask = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
        final long loMask = prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
        return new IpAddress(family, hi & hiMask, lo & loMask);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof IpAddress && ((IpAddress) o).family == family && ((IpAddress) o).hi == hi
            && ((IpAddress) o).lo == lo;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * family.hashCode() + Long.hashCode(hi)) + Long.hashCode(lo);
    }

    @Override
    public int compareTo(final IpAddress o) {
        int c = family.compareTo(o.family);
        if (c == 0) {
            c = Long.compareUnsigned(hi, o.hi);
        }
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** @return the address as {@code inet_ntop(3)} prints it */
    @Override
    public String toString() {
        return isV4() ? v4Text((int) lo) : v6Text();
    }

    /**
     * Appends {@link #toString()} without creating a string for IPv4 (the hot path of listing many flows).
     *
     * @param sb where to append
     * @return {@code sb}
     */
    public StringBuilder appendTo(final StringBuilder sb) {
        if (!isV4()) {
            return sb.append(v6Text());
        }
        final int a = (int) lo;
        return sb.append((a >>> 24) & 0xFF).append('.').append((a >>> 16) & 0xFF).append('.')
            .append((a >>> 8) & 0xFF).append('.').append(a & 0xFF);
    }

    private static String v4Text(final int a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    /** glibc's inet_ntop6: compress the longest (first) run of at least two zero words; embed IPv4 when mapped. */
    private String v6Text() {
        final int[] words = new int[8];
        for (int i = 0; i < 4; i++) {
            words[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            words[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        final StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xFFFF))) {
                sb.append(v4Text((int) lo));
                break;
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /** @return the address, or -1 when the text is not a strict dotted quad */
    private static long parseV4(final String s) {
        long result = 0;
        int parts = 0;
        int i = 0;
        final int n = s.length();
        while (i <= n) {
            int value = 0;
            int digits = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (digits == 1 && value == 0) {
                    // like inet_pton(3): no leading zero, which inet_aton(3) (the conntrack CLI) reads as octal
                    return -1;
                }
                value = value * 10 + (s.charAt(i) - '0');
                digits++;
                i++;
                if (digits > 3) {
                    return -1;
                }
            }
            if (digits == 0 || value > 255) {
                return -1;
            }
            result = (result << 8) | value;
            parts++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? result : -1;
    }

    private static IpAddress parseV6(final String text) {
        final int[] words = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        final int n = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (text.charAt(0) == ':') {
            throw invalid(text);
        }
        while (i < n) {
            if (count == 8) {
                throw invalid(text);
            }
            final int end = nextColon(text, i);
            final String part = text.substring(i, end);
            if (part.indexOf('.') >= 0) {
                if (end != n || count > 6) {
                    throw invalid(text);
                }
                final long v4 = parseV4(part);
                if (v4 < 0) {
                    throw invalid(text);
                }
                words[count++] = (int) (v4 >>> 16);
                words[count++] = (int) (v4 & 0xFFFF);
                i = n;
                break;
            }
            if (part.isEmpty() || part.length() > 4) {
                throw invalid(text);
            }
            int w = 0;
            for (int k = 0; k < part.length(); k++) {
                final char c = part.charAt(k);
                final int d = c < 0x80 ? Character.digit(c, 16) : -1;
                if (d < 0) {
                    throw invalid(text);
                }
                w = (w << 4) | d;
            }
            words[count++] = w;
            if (end == n) {
                i = n;
                break;
            }
            if (end + 1 < n && text.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    throw invalid(text);
                }
                gap = count;
                i = end + 2;
            } else {
                if (end + 1 == n) {
                    throw invalid(text);
                }
                i = end + 1;
            }
        }
        final int[] full = new int[8];
        if (gap >= 0) {
            if (count == 8) {
                throw invalid(text);
            }
            System.arraycopy(words, 0, full, 0, gap);
            System.arraycopy(words, gap, full, 8 - (count - gap), count - gap);
        } else {
            if (count != 8) {
                throw invalid(text);
            }
            System.arraycopy(words, 0, full, 0, 8);
        }
        long h = 0;
        long l = 0;
        for (int k = 0; k < 4; k++) {
            h = (h << 16) | full[k];
            l = (l << 16) | full[k + 4];
        }
        return v6(h, l);
    }

    private static int nextColon(final String s, final int from) {
        final int c = s.indexOf(':', from);
        return c < 0 ? s.length() : c;
    }

    private static InvalidValueException invalid(final String text) {
        return new InvalidValueException("address", text, "not an IPv4 or IPv6 address");
    }

    private static int readInt(final byte[] b, final int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    private static long readLong(final byte[] b, final int off) {
        return (readInt(b, off) & 0xFFFF_FFFFL) << 32 | (readInt(b, off + 4) & 0xFFFF_FFFFL);
    }

    private static void writeInt(final byte[] b, final int off, final int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void writeLong(final byte[] b, final int off, final long v) {
        writeInt(b, off, (int) (v >>> 32));
        writeInt(b, off + 4, (int) v);
    }
}
