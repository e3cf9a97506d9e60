package io.conntrack4j.text;

/** The libnetfilter_conntrack print flags ({@code NFCT_OF_*}) the CLI derives from the output options. */
final class Flags {
    /** {@code NFCT_OF_SHOW_LAYER3}: {@code -o extended}. */
    static final int LAYER3 = 1;
    /** {@code NFCT_OF_TIME}: {@code -o xml,timestamp}, the {@code <when>} element. */
    static final int TIME = 2;
    /** {@code NFCT_OF_ID}: {@code -o id}. */
    static final int ID = 4;
    /** {@code NFCT_OF_TIMESTAMP}: {@code -o ktimestamp}. */
    static final int KTIMESTAMP = 8;

    private Flags() {
    }

    static boolean has(final int flags, final int flag) {
        return (flags & flag) != 0;
    }
}
