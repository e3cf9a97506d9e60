package io.conntrack4j.cli.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code /bin/sh} command line with the path of the CLI under test left open: {@code texts} are the pieces of
 * text around each place where the upstream runner wrote its program path ({@code ../../src/conntrack}).
 *
 * @param texts text before the first CLI, between two CLIs, ..., after the last CLI (one more than CLIs)
 */
public record CommandTemplate(List<String> texts) {
    /** How {@link #toString()} shows the CLI. */
    public static final String CLI_NAME = "conntrack";

    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** @param texts the pieces around each CLI; at least one */
    public CommandTemplate {
        texts = List.copyOf(texts);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("a template has at least one (possibly empty) text");
        }
    }

    /** @return a builder for a new template */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param cli the CLI's path; quoted for the shell if it is not a plain word
     * @return the command line to run with {@code /bin/sh -c}
     */
    public String render(final String cli) {
        return String.join(shellWord(cli), texts);
    }

    /** @return how many times the command runs the CLI */
    public int cliCount() {
        return texts.size() - 1;
    }

    /** @return the command line with the CLI written as {@value #CLI_NAME} */
    @Override
    public String toString() {
        return String.join(CLI_NAME, texts);
    }

    private static String shellWord(final String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** Collects text and CLI placeholders in order, as the upstream runner appends to its command buffer. */
    public static final class Builder {
        private final List<String> done = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();

        private Builder() {
        }

        /**
         * @return this, after a place for the CLI's path
         */
        public Builder cli() {
            done.add(current.toString());
            current.setLength(0);
            return this;
        }

        /**
         * @param text literal shell text
         * @return this, after the text
         */
        public Builder text(final String text) {
            current.append(text);
            return this;
        }

        /** @return whether nothing was added yet */
        public boolean isEmpty() {
            return done.isEmpty() && current.length() == 0;
        }

        /** @return the template built so far */
        public CommandTemplate build() {
            final List<String> texts = new ArrayList<>(done);
            texts.add(current.toString());
            return new CommandTemplate(texts);
        }
    }
}
