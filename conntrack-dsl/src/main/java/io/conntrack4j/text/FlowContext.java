package io.conntrack4j.text;

/**
 * Why a flow line is printed. conntrack 1.4.7 prints flows from different code paths that apply different output
 * options and {@code -o save} prefixes:
 *
 * <table>
 *   <caption>Per context</caption>
 *   <tr><th>context</th><th>ktimestamp</th><th>labels</th><th>save prefix</th></tr>
 *   <tr><td>{@link #LIST} ({@code -L})</td><td>yes</td><td>yes</td><td>{@code -A}</td></tr>
 *   <tr><td>{@link #GET} ({@code -G})</td><td>yes</td><td>yes</td><td>{@code -A}</td></tr>
 *   <tr><td>{@link #UPDATE} ({@code -U}, the re-read entry)</td><td>no</td><td>yes</td><td>{@code -A}</td></tr>
 *   <tr><td>{@link #DELETE} ({@code -D})</td><td>no</td><td>no</td><td>{@code -D}</td></tr>
 * </table>
 * Events have their own methods ({@link ConntrackFormatter#event}).
 */
public enum FlowContext {
    /** A dumped entry ({@code conntrack -L}). */
    LIST(true, true, "-A "),
    /** The entry read by {@code conntrack -G}. */
    GET(true, true, "-A "),
    /** An entry re-read after {@code conntrack -U} changed it. */
    UPDATE(false, true, "-A "),
    /** An entry {@code conntrack -D} deleted. */
    DELETE(false, false, "-D ");

    private final boolean ktimestamp;
    private final boolean labels;
    private final String savePrefix;

    FlowContext(final boolean ktimestamp, final boolean labels, final String savePrefix) {
        this.ktimestamp = ktimestamp;
        this.labels = labels;
        this.savePrefix = savePrefix;
    }

    boolean printsKtimestamp() {
        return ktimestamp;
    }

    boolean printsLabels() {
        return labels;
    }

    String savePrefix() {
        return savePrefix;
    }
}
