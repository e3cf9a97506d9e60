package io.conntrack4j.cli.compare;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line on standard error, e.g. {@code <program>: 3 flow entries have been shown.}, in a text whose
 * program prefixes {@link Normalizer#stderr} has replaced.
 */
final class CountLine {
    private static final Pattern COUNT = Pattern.compile("(?m)^(" + Pattern.quote(Normalizer.PROGRAM_MARK)
        + ")(\\d+)( (?:flow entries|expectations) have been \\w+\\.)$");

    private CountLine() {
    }

    /**
     * @param stderr a normalized standard error
     * @return the number its summary line states, if it has one
     */
    static OptionalInt in(final String stderr) {
        final Matcher m = COUNT.matcher(stderr);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }

    /**
     * @param stderr a normalized standard error with a summary line
     * @param count  another number
     * @return the text with the summary line stating that number instead
     * @throws IllegalArgumentException if the text has no summary line
     */
    static String withCount(final String stderr, final int count) {
        final Matcher m = COUNT.matcher(stderr);
        if (!m.find()) {
            throw new IllegalArgumentException("no summary line in: " + stderr);
        }
        return stderr.substring(0, m.start(2)) + count + stderr.substring(m.end(2));
    }
}
