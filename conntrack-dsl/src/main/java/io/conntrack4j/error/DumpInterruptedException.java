package io.conntrack4j.error;

/**
 * The kernel flagged a dump as inconsistent ({@code NLM_F_DUMP_INTR}): the table changed while it was being read,
 * so flows may have been missed or seen twice. Materialising operations ({@code list()}, {@code count()}) retry a
 * bounded number of times before raising it.
 */
public final class DumpInterruptedException extends ConntrackException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param subject  what was dumped (a filter), printable
     * @param attempts how many dumps were tried
     */
    public DumpInterruptedException(final Object subject, final int attempts) {
        super("dump interrupted (NLM_F_DUMP_INTR): the table changed while it was read [" + subject + "], after "
            + attempts + (attempts == 1 ? " attempt" : " attempts"), null);
        this.attempts = attempts;
    }

    /** @return how many dumps were tried */
    public int attempts() {
        return attempts;
    }
}
