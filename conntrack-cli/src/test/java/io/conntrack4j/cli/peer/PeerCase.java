package io.conntrack4j.cli.peer;

/**
 * One executed command of the upstream suite: a {@code ; OK} or {@code ; BAD} line, with any batch ({@code ;}) and
 * pipe ({@code ; |}) lines before it folded into its command.
 *
 * @param file        the suite file's name, e.g. {@code 08stdin}
 * @param line        the 1-based number of the OK/BAD line in that file (the upstream runner prints the same)
 * @param command     the shell command, with the CLI's path left open
 * @param expectation what its exit status must be
 */
public record PeerCase(String file, int line, CommandTemplate command, Expectation expectation) {

    /**
     * @param cli the CLI's path
     * @return the command line to run with {@code /bin/sh -c}
     */
    public String shellCommand(final String cli) {
        return command.render(cli);
    }

    /** @return {@code file:line} */
    public String where() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return where() + " " + command + " ; " + expectation;
    }
}
