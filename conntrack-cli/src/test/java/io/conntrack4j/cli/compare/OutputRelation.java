package io.conntrack4j.cli.compare;

import java.util.List;

/**
 * How the output (exit code, standard error, standard output) of the program under test must relate to 1.4.7's for
 * a form with a documented {@link Deviation}.
 */
interface OutputRelation {

    /**
     * @param runs both runs
     * @return what violates the relation (empty if it holds)
     */
    List<String> problems(Runs runs);

    /**
     * @return true if identical outputs satisfy the relation (a tolerance); false if the relation is a strict
     *     difference, which two identical outputs violate
     */
    default boolean allowsIdentical() {
        return false;
    }
}
