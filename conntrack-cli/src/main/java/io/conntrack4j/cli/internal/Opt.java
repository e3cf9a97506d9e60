package io.conntrack4j.cli.internal;

/**
 * conntrack's generic options, in the order of its option bits: the order in which the legality checks run and so
 * which error a command line with several problems gets. The name is the one error messages print.
 */
enum Opt {
    ORIG_SRC("src"), ORIG_DST("dst"), REPL_SRC("reply-src"), REPL_DST("reply-dst"), PROTO("protonum"),
    TIMEOUT("timeout"), STATUS("status"), ZERO("zero"), EVENT_MASK("event-mask"), EXP_SRC("tuple-src"),
    EXP_DST("tuple-dst"), MASK_SRC("mask-src"), MASK_DST("mask-dst"), NATRANGE("nat-range"), MARK("mark"),
    ID("id"), FAMILY("family"), SRC_NAT("src-nat"), DST_NAT("dst-nat"), OUTPUT("output"), SECMARK("secmark"),
    BUFFERSIZE("buffer-size"), ANY_NAT("any-nat"), ZONE("zone"), LABEL("label"), ADD_LABEL("label-add"),
    DEL_LABEL("label-del"), ORIG_ZONE("orig-zone"), REPL_ZONE("reply-zone");

    /** The options that make the userspace compare run (conntrack's CT_COMPARISON). */
    static final int COMPARISON = bits(PROTO, ORIG_SRC, ORIG_DST, REPL_SRC, REPL_DST, MARK, SECMARK, STATUS, ID, ZONE,
        LABEL, ORIG_ZONE, REPL_ZONE);

    private final String flagName;

    Opt(final String flagName) {
        this.flagName = flagName;
    }

    /** @return the name error messages use, without dashes */
    String flagName() {
        return flagName;
    }

    /** @return this option's bit */
    int bit() {
        return 1 << ordinal();
    }

    /**
     * @param options some options
     * @return their bits
     */
    static int bits(final Opt... options) {
        int bits = 0;
        for (final Opt o : options) {
            bits |= o.bit();
        }
        return bits;
    }
}
