package io.conntrack4j.cli.compare;

import java.util.List;

/** How the table the program under test leaves must relate to the one 1.4.7 leaves, for a write form's deviation. */
interface TableRelation {

    /**
     * @param tables the tables around both runs
     * @return what violates the relation (empty if it holds)
     */
    List<String> problems(Runs.Tables tables);

    /** @return true if the relation needs the table as it was before the program under test ran */
    default boolean needsBefore() {
        return false;
    }

    /** @return true if identical tables satisfy the relation */
    default boolean allowsIdentical() {
        return false;
    }

    /** @return the relation that the tables must be equal (clock fields one apart) */
    static TableRelation same() {
        return new SameTable();
    }

    /** Both tables must be equal, as for a form without a deviation. */
    record SameTable() implements TableRelation {
        @Override
        public List<String> problems(final Runs.Tables tables) {
            return tables.reference().difference(tables.underTest()).map(List::of).orElse(List.of());
        }

        @Override
        public boolean allowsIdentical() {
            return true;
        }

        @Override
        public String toString() {
            return "the same table";
        }
    }
}
