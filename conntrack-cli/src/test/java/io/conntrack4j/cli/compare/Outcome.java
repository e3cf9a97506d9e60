package io.conntrack4j.cli.compare;

/**
 * What one run of a conntrack command line did.
 *
 * @param exitCode its exit code
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
record Outcome(int exitCode, String stdout, String stderr) {
}
