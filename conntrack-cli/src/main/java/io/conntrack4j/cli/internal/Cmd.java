package io.conntrack4j.cli.internal;

/**
 * conntrack's commands, in the order of its command bits, each with the row of its option table: for every
 * {@link Opt}, 0 illegal, 1 compulsory, 2 optional, 3 one of the address pairs is needed.
 */
enum Cmd {
    CT_LIST("%d flow entries have been shown.", "22222022000220202222202220022"),
    CT_CREATE("%d flow entries have been created.", "33331120000002200220000202022"),
    CT_UPDATE("%d flow entries have been updated.", "22222220000220222222000022200"),
    CT_DELETE("%d flow entries have been deleted.", "22222220000220222222000220022"),
    CT_GET("%d flow entries have been shown.", "33331000000000020002000020000"),
    CT_FLUSH(null, "00000000000000002000000000000"),
    CT_EVENT("%d flow events have been shown.", "22222000200220202222222220022"),
    CT_VERSION(null, "00000000000000000000000000000"),
    CT_HELP(null, "00002000000000000000000000000"),
    EXP_LIST("%d expectations have been shown.", "00000000000000002002000000000"),
    EXP_CREATE(null, "11221120011110000000000000000"),
    EXP_DELETE("%d expectations have been shown.", "11221000000000000000000000000"),
    EXP_GET(null, "11221000000000000000000000000"),
    EXP_FLUSH(null, "00000000000000000000000000000"),
    EXP_EVENT(null, "00000000000000000002000000000"),
    CT_COUNT(null, "00000000000000000000000000000"),
    EXP_COUNT(null, "00000000000000000000000000000"),
    CT_STATS(null, "00000000000000000000000000000"),
    EXP_STATS(null, "00000000000000000000000000000"),
    CT_ADD("%d flow entries have been added.", "33331120000002200220000202022");

    private final String summary;
    private final String legality;

    Cmd(final String summary, final String legality) {
        this.summary = summary;
        this.legality = legality;
    }

    /** @return the stderr summary format with {@code %d} for the count, or null if the command prints none */
    String summary() {
        return summary;
    }

    /**
     * @param option an option
     * @return 0 illegal, 1 compulsory, 2 optional, 3 part of a needed address pair
     */
    int legality(final Opt option) {
        return legality.charAt(option.ordinal()) - '0';
    }

    /** @return true for the commands that print a summary and fail when they touched no entry */
    boolean countsEntries() {
        return summary != null;
    }
}
