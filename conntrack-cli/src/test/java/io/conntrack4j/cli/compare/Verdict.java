package io.conntrack4j.cli.compare;

import java.util.List;

/**
 * The result of comparing the reference's run of a command with the run under test.
 *
 * @param problems  what differs (empty if they match)
 * @param clockOnly true if nothing but clock fields differs, by more than a second (a slow run: worth one retry)
 * @param report    the failure message: the command, both outputs and the diffs
 */
record Verdict(List<String> problems, boolean clockOnly, String report) {

    Verdict {
        problems = List.copyOf(problems);
    }

    /** @return true if nothing differs */
    boolean matches() {
        return problems.isEmpty();
    }
}
