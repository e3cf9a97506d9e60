package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The table the program under test leaves is the one 1.4.7 leaves with a documented {@link LineEdit} applied (to at
 * least one line, and to every line it selects), e.g. the mark 1.4.7 overwrote with the status restored.
 *
 * @param edit how our table differs from 1.4.7's
 */
record EditedTable(LineEdit edit) implements TableRelation {

    @Override
    public List<String> problems(final Runs.Tables tables) {
        final List<String> problems = new ArrayList<>();
        final LineEdit.Edited want = edit.apply(tables.reference().text());
        edit.checkApplied(want, problems);
        TableSnapshot.resorted(want.text()).difference(tables.underTest()).ifPresent(d -> problems.add(
            "the table should be 1.4.7's with " + edit + ": " + d));
        return problems;
    }

    @Override
    public String toString() {
        return "1.4.7's table " + edit;
    }
}
