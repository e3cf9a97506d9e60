package io.conntrack4j.cli.compare;

import java.util.List;

/**
 * The result of comparing the reference's run of a command with the run under test.
 *
 * @param problems  what differs (empty if they match)
 * @param clockOnly true if nothing but clock fields differs, by more than a second (a slow run: worth one retry)
 * @param report    the failure message: the command, both outputs and the diffs
 * @param deviation the docs/cli.md tag of the documented deviation the runs showed, or {@code null} if they match
 */
record Verdict(List<String> problems, boolean clockOnly, String report, String deviation) {

    Verdict {
        problems = List.copyOf(problems);
    }

    /**
     * @param problems  what differs (empty if they match)
     * @param clockOnly true if nothing but clock fields differs
     * @param report    the failure message
     */
    Verdict(final List<String> problems, final boolean clockOnly, final String report) {
        this(problems, clockOnly, report, null);
    }

    /** @return true if nothing differs, or only as documented */
    boolean matches() {
        return problems.isEmpty();
    }

    /** @return {@code MATCH}, {@code DEVIATES-AS-DOCUMENTED (tag)} or {@code MISMATCH} */
    String label() {
        if (!matches()) {
            return "MISMATCH";
        }
        return deviation == null ? "MATCH" : "DEVIATES-AS-DOCUMENTED (" + deviation + ")";
    }
}
