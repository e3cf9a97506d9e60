package io.conntrack4j.cli.internal;

/**
 * The C library's lenient number parsers, as conntrack 1.4.7 uses them: leading blanks and a sign are accepted,
 * parsing stops at the first character that is not a digit, and no digits at all give 0. Scripts depend on that
 * leniency ({@code -m 0x10}, {@code -w 010} is octal 8, a port of 70000 wraps to 4464).
 */
final class CNumbers {
    private CNumbers() {
    }

    /**
     * @param text a number in C syntax
     * @return {@code strtoul(text, NULL, 0)} truncated to 64 bits ({@code 0x} hex, leading {@code 0} octal)
     */
    static long strtoul(final String text) {
        int i = skipBlanks(text);
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < text.length() && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
            && i + 2 < text.length() && Character.digit(text.charAt(i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < text.length() && text.charAt(i) == '0') {
            base = 8;
        }
        long value = 0;
        while (i < text.length() && Character.digit(text.charAt(i), base) >= 0) {
            value = value * base + Character.digit(text.charAt(i), base);
            i++;
        }
        return negative ? -value : value;
    }

    /**
     * @param text a decimal number
     * @return {@code atol(text)}
     */
    static long atol(final String text) {
        int i = skipBlanks(text);
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = value * 10 + (text.charAt(i) - '0');
            i++;
        }
        return negative ? -value : value;
    }

    /**
     * @param text a decimal number
     * @return {@code (uint16_t) atoi(text)}, as ports and ICMP ids are stored
     */
    static int u16(final String text) {
        return (int) atol(text) & 0xFFFF;
    }

    /**
     * @param text a decimal number
     * @return {@code (uint8_t) atoi(text)}, as ICMP types and codes are stored
     */
    static int u8(final String text) {
        return (int) atol(text) & 0xFF;
    }

    private static int skipBlanks(final String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
