package io.conntrack4j.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The time formats of conntrack: ctime(3), the {@code -o timestamp} prefixes and the XML {@code <when>}. */
final class TimeText {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private TimeText() {
    }

    /** ctime(3) without the newline, in the C locale: {@code Fri Nov 27 01:19:10 2026}. */
    static StringBuilder ctime(final StringBuilder sb, final long epochSecond, final ZoneId zone) {
        final ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(zone);
        sb.append(DAYS[t.getDayOfWeek().getValue() - 1]).append(' ').append(MONTHS[t.getMonthValue() - 1]);
        Fmt.padLeft(sb, Integer.toString(t.getDayOfMonth()), 3).append(' ');
        Fmt.zeroPad(sb, t.getHour(), 2).append(':');
        Fmt.zeroPad(sb, t.getMinute(), 2).append(':');
        Fmt.zeroPad(sb, t.getSecond(), 2).append(' ');
        return sb.append(t.getYear());
    }

    /** The event prefix of {@code -o timestamp}: {@code [%-.8ld.%-.6ld]\t}. */
    static StringBuilder eventPrefix(final StringBuilder sb, final Instant now) {
        sb.append('[');
        Fmt.zeroPad(sb, now.getEpochSecond(), 8).append('.');
        Fmt.zeroPad(sb, now.getNano() / 1000, 6);
        return sb.append("]\t");
    }

    /** The expectation prefix of {@code -o timestamp}: {@code [%-8ld.%-6ld]\t} (blank-padded on the right). */
    static StringBuilder expectationPrefix(final StringBuilder sb, final Instant now) {
        sb.append('[');
        Fmt.padRight(sb, Long.toString(now.getEpochSecond()), 8).append('.');
        Fmt.padRight(sb, Integer.toString(now.getNano() / 1000), 6);
        return sb.append("]\t");
    }

    /** The XML {@code <when>} element of {@code -o xml,timestamp}: local time of the moment of printing. */
    static StringBuilder when(final StringBuilder sb, final Instant now, final ZoneId zone) {
        final ZonedDateTime t = now.atZone(zone);
        sb.append("<when><hour>").append(t.getHour()).append("</hour><min>");
        Fmt.zeroPad(sb, t.getMinute(), 2).append("</min><sec>");
        Fmt.zeroPad(sb, t.getSecond(), 2).append("</sec><wday>");
        // tm_wday counts from Sunday = 0; conntrack prints tm_wday + 1
        sb.append(t.getDayOfWeek().getValue() % 7 + 1).append("</wday><day>").append(t.getDayOfMonth());
        sb.append("</day><month>").append(t.getMonthValue()).append("</month><year>").append(t.getYear());
        return sb.append("</year></when>");
    }
}
