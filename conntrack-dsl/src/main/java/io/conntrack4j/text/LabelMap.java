package io.conntrack4j.text;

import io.vavr.control.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Connection label names, as read from {@code /etc/xtables/connlabel.conf} (lines {@code NUMBER NAME}). Parsing
 * follows libnetfilter_conntrack 1.0.9: a line starting with {@code #} is a comment; the number is read like
 * {@code strtoul(s, &end, 0)} (hex {@code 0x..}, octal {@code 0..}, below 1024); the rest of the line, trimmed, is
 * the name, which may hold only ASCII letters, digits, blanks and {@code -}; the first line for a bit and the first
 * bit for a name win; malformed lines are skipped. Immutable.
 *
 * <p>A file that yields no label at all is, for libnetfilter_conntrack, no map: {@link ConntrackFormatter} then
 * prints no labels.
 */
public final class LabelMap {
    /** Where conntrack 1.4.7 reads the label names. */
    public static final String DEFAULT_PATH = "/etc/xtables/connlabel.conf";
    /** The map without any label. */
    public static final LabelMap EMPTY = new LabelMap(new String[0], Collections.emptyMap());

    private static final int MAX_BITS = 1024;

    private final String[] names;
    private final Map<String, Integer> bits;

    private LabelMap(final String[] names, final Map<String, Integer> bits) {
        this.names = names;
        this.bits = bits;
    }

    /**
     * @param content the text of a {@code connlabel.conf} file
     * @return the label names it defines
     */
    public static LabelMap parse(final CharSequence content) {
        final String text = content.toString();
        final String[] byBit = new String[MAX_BITS];
        final Map<String, Integer> byName = new HashMap<>();
        int maxBit = -1;
        int pos = 0;
        final int n = text.length();
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            final String line = text.substring(pos, eol);
            pos = eol + 1;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            final long[] parsed = strtoul(line);
            final long bit = parsed[0];
            final int end = (int) parsed[1];
            if (end < 0 || bit < 0 || bit >= MAX_BITS || byBit[(int) bit] != null) {
                continue;
            }
            final String name = trim(line, end);
            if (name == null || !sane(name) || byName.containsKey(name)) {
                continue;
            }
            byBit[(int) bit] = name;
            byName.put(name, (int) bit);
            maxBit = Math.max(maxBit, (int) bit);
        }
        if (maxBit < 0) {
            return EMPTY;
        }
        return new LabelMap(Arrays.copyOf(byBit, maxBit + 1), Collections.unmodifiableMap(byName));
    }

    /**
     * @param file a {@code connlabel.conf} file
     * @return the label names it defines
     * @throws IOException if the file cannot be read (conntrack then prints no labels)
     */
    public static LabelMap read(final Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    /**
     * @param bit a label bit
     * @return its name, if the map names it
     */
    public Option<String> name(final int bit) {
        return bit >= 0 && bit < names.length ? Option.of(names[bit]) : Option.none();
    }

    /**
     * @param name a label name (case-sensitive)
     * @return its bit, if the map defines it
     */
    public Option<Integer> bit(final String name) {
        return Option.of(bits.get(name));
    }

    /** @return the number of labels defined */
    public int size() {
        return bits.size();
    }

    /** @return true if no label is defined (libnetfilter_conntrack then has no map at all) */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof LabelMap && Arrays.equals(((LabelMap) o).names, names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("LabelMap{");
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                if (sb.length() > 9) {
                    sb.append(", ");
                }
                sb.append(i).append('=').append(names[i]);
            }
        }
        return sb.append('}').toString();
    }

    /** strtoul(s, &end, 0): returns {value, end}; end = -1 when no digits (value 0 and end == s). */
    private static long[] strtoul(final String s) {
        final int n = s.length();
        int i = 0;
        while (i < n && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i < n && s.charAt(i) == '0') {
            if (i + 2 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X') && s.charAt(i + 2) < 128
                && Character.digit(s.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            } else {
                base = 8;
            }
        }
        final int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < n) {
            final char c = s.charAt(i);
            final int d = c < 128 ? Character.digit(c, base) : -1;
            if (d < 0) {
                break;
            }
            if (value > (Long.MAX_VALUE - d) / base) {
                overflow = true;
            } else {
                value = value * base + d;
            }
            i++;
        }
        if (i == digitsStart) {
            return new long[] {0, -1};
        }
        if (overflow || (negative && value != 0)) {
            return new long[] {-1, i};
        }
        return new long[] {value, i};
    }

    private static boolean isCSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    private static boolean isPosixSpace(final char c) {
        return c == ' ' || c == '\f' || c == '\r' || c == '\t' || c == '\u000b';
    }

    private static String trim(final String line, final int from) {
        int start = from;
        int end = line.length();
        while (start < end && isPosixSpace(line.charAt(start))) {
            start++;
        }
        while (end > start && isPosixSpace(line.charAt(end - 1))) {
            end--;
        }
        return start < end ? line.substring(start, end) : null;
    }

    private static boolean sane(final String label) {
        for (int i = 0; i < label.length(); i++) {
            final char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
