package io.conntrack4j.cli.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a {@code -R} file split into arguments as conntrack does it: blanks separate words, double quotes group
 * them (a closing quote ends the word), a backslash escapes the next character inside quotes; leading blanks are skipped and lines that are empty
 * or start with {@code #} hold no command.
 */
final class BatchFile {
    private BatchFile() {
    }

    /**
     * @param line a line of the file
     * @return its arguments, or null if the line holds no command
     */
    static List<String> arguments(final String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        if (i == line.length() || line.charAt(i) == '\n' || line.charAt(i) == '#') {
            return null;
        }
        final List<String> args = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        for (; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quoted) {
                if (escaped) {
                    word.append(c);
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    // a closing quote ends the word, even an empty one
                    quoted = false;
                    args.add(word.toString());
                    word.setLength(0);
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (word.length() > 0) {
                    args.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            args.add(word.toString());
        }
        return args;
    }
}
