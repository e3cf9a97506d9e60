package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A delete or flush that 1.4.7 overdoes: the table the program under test leaves holds every entry 1.4.7's holds
 * and at least one more, in every listing; and the flows it deleted (the table before it ran, less the table after,
 * in the {@link TableSnapshot#EXTENDED} listing) all match {@code deleted}, the documented meaning of the command.
 * If {@code exhaustive}, it also deleted every flow that matched {@code deleted} before it ran. (A timeout is not
 * exhaustive: it ticks between the snapshot before and the delete, so a flow may match either way.)
 *
 * @param deleted    what every deleted flow's extended line contains, e.g. {@code [UNREPLIED]} for Q2
 * @param exhaustive true if every flow that matched before must be gone
 */
record KeepsMore(Pattern deleted, boolean exhaustive) implements TableRelation {

    @Override
    public List<String> problems(final Runs.Tables tables) {
        final List<String> problems = new ArrayList<>();
        int kept = 0;
        for (final String listing : TableSnapshot.LISTINGS) {
            final Lines.Matching m = Lines.match(tables.reference().section(listing),
                tables.underTest().section(listing));
            if (!m.missing().isEmpty()) {
                problems.add("conntrack " + listing + ": entries 1.4.7 kept are gone:\n" + m.describe());
            }
            kept += m.extra().size();
        }
        if (kept == 0) {
            problems.add("no entry is left that 1.4.7 deleted: the deviation did not show");
        }
        final List<String> before = tables.before().section(TableSnapshot.EXTENDED);
        final Lines.Matching gone = Lines.matchIgnoringClocks(before,
            tables.underTest().section(TableSnapshot.EXTENDED));
        if (!gone.extra().isEmpty()) {
            problems.add("flows that were not there before:\n" + Lines.text(gone.extra()));
        }
        if (gone.missing().isEmpty()) {
            problems.add("no flow was deleted");
        }
        final List<String> wrong = gone.missing().stream().filter(l -> !deleted.matcher(l).find()).toList();
        if (!wrong.isEmpty()) {
            problems.add("deleted flows that do not match /" + deleted + "/:\n" + Lines.text(wrong));
        }
        if (exhaustive) {
            final List<String> matched = before.stream().filter(l -> deleted.matcher(l).find()).toList();
            final List<String> left = Lines.matchIgnoringClocks(matched, gone.missing()).missing();
            if (!left.isEmpty()) {
                problems.add("flows matching /" + deleted + "/ were not deleted:\n" + Lines.text(left));
            }
        }
        return problems;
    }

    @Override
    public boolean needsBefore() {
        return true;
    }

    @Override
    public String toString() {
        return "keeps more than 1.4.7, deleting " + (exhaustive ? "exactly the" : "only") + " flows /" + deleted + "/";
    }
}
