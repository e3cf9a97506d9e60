package io.conntrack4j.cli.peer;

/** A suite line the upstream runner would reject (it prints {@code malformed file X at line N} and exits). */
public final class MalformedSuiteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * @param file   the suite file's name
     * @param line   the 1-based line number
     * @param reason what is wrong with the line
     */
    public MalformedSuiteException(final String file, final int line, final String reason) {
        super("malformed file " + file + " at line " + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    /** @return the suite file's name */
    public String file() {
        return file;
    }

    /** @return the 1-based line number */
    public int line() {
        return line;
    }
}
