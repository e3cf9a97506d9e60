package io.conntrack4j.cli.peer;

/**
 * One file of the upstream suite, read whole.
 *
 * @param name the file's name, e.g. {@code 00create}
 * @param text its content
 */
public record SuiteFile(String name, String text) {
}
