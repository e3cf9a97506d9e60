package io.conntrack4j.cli.internal;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * Where a command reads and writes.
 *
 * @param in  standard input ({@code -R -})
 * @param out standard output
 * @param err standard error
 */
public record Io(InputStream in, PrintStream out, PrintStream err) {
}
