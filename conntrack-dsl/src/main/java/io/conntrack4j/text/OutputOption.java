package io.conntrack4j.text;

/**
 * An output keyword of conntrack's {@code -o} option. Each changes what {@link ConntrackFormatter} prints.
 * {@link #SAVE} excludes every other option except {@link #USERSPACE} (as in conntrack 1.4.7, where
 * {@code userspace} sets no bit and so passes the "cannot combine save output" check).
 */
public enum OutputOption {
    /** {@code -o extended}: the layer-3 name and number before the layer-4 ones ({@code ipv4     2 }). */
    EXTENDED("extended"),
    /** {@code -o xml}: one {@code <flow>} element per line. */
    XML("xml"),
    /**
     * {@code -o timestamp}: events and expectations get a {@code [seconds.micros]\t} prefix taken from the
     * formatter's clock (XML gets a {@code <when>} element instead). No effect on flow listings.
     */
    TIMESTAMP("timestamp"),
    /** {@code -o id}: {@code id=N} on one-line flows (XML always prints the id). */
    ID("id"),
    /** {@code -o ktimestamp}: {@code [start=...]}/{@code [stop=...]} in ctime format (listings and events). */
    KTIMESTAMP("ktimestamp"),
    /** {@code -o labels}: {@code labels=a,b}; needs a {@link LabelMap}, else labels are not printed. */
    LABELS("labels"),
    /** {@code -o save}: the conntrack command line that re-creates the flow. */
    SAVE("save"),
    /** {@code -o userspace}: accepted and ignored, as in 1.4.7. */
    USERSPACE("userspace");

    private final String keyword;

    OutputOption(final String keyword) {
        this.keyword = keyword;
    }

    /** @return the keyword as conntrack spells it after {@code -o} */
    public String keyword() {
        return keyword;
    }
}
