package io.conntrack4j.cli.peer;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns suite lines into {@link PeerCase}s the way conntrack-tools 1.4.7's {@code test-conntrack.c} builds its
 * command buffer. Like that runner, it keeps one buffer across files: a batch or pipe left open at the end of one
 * file continues in the next. Where the C runner would run something meaningless (a result that is neither
 * {@code O…}, {@code B…}, {@code |…} nor empty; a suite that ends inside a batch or pipe), this parser refuses.
 */
final class SuiteParser {
    private final List<PeerCase> cases = new ArrayList<>();
    private CommandTemplate.Builder pending = CommandTemplate.builder();
    private boolean inBatch;
    private String pendingFile;
    private int pendingLine;

    /** @param file the next file, in suite order */
    void parse(final SuiteFile file) {
        final String[] lines = file.text().split("\n", -1);
        // text ending in a newline leaves one empty piece after it: not a line
        final int count = file.text().endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            line(file.name(), i + 1, lines[i]);
        }
    }

    /** @return every case, in run order; fails if the suite ends inside a batch or pipe */
    List<PeerCase> finish() {
        if (!pending.isEmpty()) {
            throw new MalformedSuiteException(pendingFile, pendingLine,
                "the suite ends inside the batch or pipe that starts here, with no command to run it");
        }
        return List.copyOf(cases);
    }

    private void line(final String file, final int number, final String line) {
        if (line.startsWith("#") || line.startsWith(" ")) {
            return;
        }
        final int semicolon = line.indexOf(';');
        if (semicolon < 0) {
            throw new MalformedSuiteException(file, number, "no ';' in \"" + line + "\"");
        }
        final String args = line.substring(0, semicolon);
        final String result = skipBlanks(line.substring(semicolon + 1));
        if (pending.isEmpty()) {
            pendingFile = file;
            pendingLine = number;
        }
        if (result.isEmpty()) {
            batchLine(args);
            return;
        }
        final char mode = result.charAt(0);
        if (mode != 'O' && mode != 'B' && mode != '|') {
            throw new MalformedSuiteException(file, number,
                "the result \"" + result + "\" is neither OK, BAD, a pipe ('|') nor empty (a batch line)");
        }
        closeBatch();
        pending.cli().text(" " + args);
        if (mode == '|') {
            pipe(skipBlanks(result.substring(1)));
            return;
        }
        cases.add(new PeerCase(file, number, pending.build(), mode == 'O' ? Expectation.OK : Expectation.BAD));
        pending = CommandTemplate.builder();
    }

    /** A bare {@code ;}: the arguments become one line of an {@code echo "…" |} feeding the next command. */
    private void batchLine(final String args) {
        pending.text(inBatch ? "\n" : "echo \"");
        pending.text(args);
        inBatch = true;
    }

    private void closeBatch() {
        if (inBatch) {
            pending.text("\" | ");
            inBatch = false;
        }
    }

    /** {@code ; |script}: this command's output goes through {@code sed "script"} (if any) into the next one. */
    private void pipe(final String sedScript) {
        pending.text(" | ");
        if (!sedScript.isEmpty()) {
            pending.text("sed \"" + sedScript + "\" | ");
        }
    }

    private static String skipBlanks(final String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(i);
    }
}
