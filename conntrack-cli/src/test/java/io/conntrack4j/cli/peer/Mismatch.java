package io.conntrack4j.cli.peer;

import java.util.List;

/**
 * A case whose command did not do what its line expects.
 *
 * @param peerCase the case
 * @param command  the command line that ran
 * @param outcome  what it did
 */
public record Mismatch(PeerCase peerCase, String command, ShellRunner.Outcome outcome) {
    private static final int TAIL_LINES = 5;

    /** @return several lines: where, the command, expected vs. got, and the ends of its output */
    public String describe() {
        final String got = outcome.timedOut() ? "a timeout after " + outcome.took().toSeconds() + " s"
            : "exit " + outcome.exitCode();
        return peerCase.where() + ": expected " + peerCase.expectation()
            + (peerCase.expectation() == Expectation.OK ? " (exit 0)" : " (non-zero exit)") + ", got " + got
            + "\n    command: " + command
            + tail("stdout", outcome.stdout()) + tail("stderr", outcome.stderr());
    }

    private static String tail(final String name, final String text) {
        final List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            return "";
        }
        final List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "\n    " + name + (lines.size() > last.size() ? " (last " + last.size() + " lines)" : "") + ":\n      "
            + String.join("\n      ", last);
    }
}
