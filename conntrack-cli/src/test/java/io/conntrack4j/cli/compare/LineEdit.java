package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A change to some lines of an output: in every line that contains {@code selector}, the first match of
 * {@code find} is replaced by {@code replacement}. It states how the program under test's line differs from
 * 1.4.7's, e.g. {@code mark=4 } where 1.4.7 stored the status as the mark becomes {@code mark=5 }.
 *
 * @param selector    the lines to change ({@link java.util.regex.Matcher#find})
 * @param find        what to replace in them
 * @param replacement its replacement ({@link java.util.regex.Matcher#replaceFirst} syntax)
 */
record LineEdit(Pattern selector, Pattern find, String replacement) {

    /**
     * @param selector    the regular expression of the lines to change
     * @param find        the regular expression to replace in them
     * @param replacement the replacement
     * @return the edit
     */
    static LineEdit of(final String selector, final String find, final String replacement) {
        return new LineEdit(Pattern.compile(selector), Pattern.compile(find), replacement);
    }

    /**
     * @param text an output
     * @return the output with the edit applied, and how many lines it selected and changed
     */
    Edited apply(final String text) {
        final List<String> out = new ArrayList<>();
        int selected = 0;
        int changed = 0;
        for (final String line : text.split("\n", -1)) {
            if (selector.matcher(line).find()) {
                selected++;
                final String edited = find.matcher(line).replaceFirst(replacement);
                changed += edited.equals(line) ? 0 : 1;
                out.add(edited);
            } else {
                out.add(line);
            }
        }
        return new Edited(String.join("\n", out), selected, changed);
    }

    /**
     * @param edited   the edit's result
     * @param problems where to add what makes the edit meaningless
     */
    void checkApplied(final Edited edited, final List<String> problems) {
        if (edited.selected() == 0) {
            problems.add("1.4.7's side has no line the documented change applies to (/" + selector + "/)");
        } else if (edited.changed() != edited.selected()) {
            problems.add((edited.selected() - edited.changed()) + " of the " + edited.selected()
                + " lines /" + selector + "/ on 1.4.7's side lack /" + find + "/");
        }
    }

    @Override
    public String toString() {
        return "in lines /" + selector + "/: /" + find + "/ -> '" + replacement + "'";
    }

    /**
     * @param text     the edited text
     * @param selected how many lines the selector chose
     * @param changed  how many of them the replacement changed
     */
    record Edited(String text, int selected, int changed) {
    }
}
