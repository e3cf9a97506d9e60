package io.conntrack4j.cli.peer;

/** What an upstream test line expects of its command: the runner checks the exit status only, never output. */
public enum Expectation {
    /** {@code ; OK}: the command must exit 0. */
    OK,
    /** {@code ; BAD}: the command must exit non-zero (or die by a signal). */
    BAD;

    /**
     * @param exitCode the exit status of {@code /bin/sh -c <command>}
     * @return whether that status meets this expectation
     */
    public boolean accepts(final int exitCode) {
        return this == OK ? exitCode == 0 : exitCode != 0;
    }
}
