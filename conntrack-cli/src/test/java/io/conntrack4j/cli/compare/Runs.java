package io.conntrack4j.cli.compare;

import java.util.function.Function;

/**
 * What a {@link Deviation} is judged on: the form, both runs of it and, for a write form, the tables around them.
 * The outcomes are prepared for comparison (flow ids hidden when the runs were on two builds of the table).
 *
 * @param form      the command
 * @param reference the installed conntrack's run
 * @param underTest the run of the program under test
 * @param oracle    runs another form through the installed conntrack on the same table (read forms), or
 *                  {@code null} (write forms, whose table has changed)
 * @param tables    the tables before and after a write form, or {@code null} for a read form
 */
record Runs(CommandForm form, Outcome reference, Outcome underTest, Function<CommandForm, Outcome> oracle,
            Tables tables) {

    /**
     * The tables around a write form.
     *
     * @param before    the build the program under test ran on, taken just before it ran ({@code null} unless the
     *                  deviation asks for it, see {@link TableRelation#needsBefore()})
     * @param reference the table conntrack left
     * @param underTest the table the program under test left
     */
    record Tables(TableSnapshot before, TableSnapshot reference, TableSnapshot underTest) {
    }
}
