package io.conntrack4j.cli.internal;

/** conntrack's command letters: which command each is on the conntrack and on the expect table. */
final class Commands {
    private Commands() {
    }

    /**
     * @param letter a command letter
     * @param expect true for the expect table
     * @return the command, or null if the letter has none on that table
     */
    static Cmd of(final char letter, final boolean expect) {
        switch (letter) {
            case 'L': return expect ? Cmd.EXP_LIST : Cmd.CT_LIST;
            case 'I': return expect ? Cmd.EXP_CREATE : Cmd.CT_CREATE;
            case 'D': return expect ? Cmd.EXP_DELETE : Cmd.CT_DELETE;
            case 'G': return expect ? Cmd.EXP_GET : Cmd.CT_GET;
            case 'F': return expect ? Cmd.EXP_FLUSH : Cmd.CT_FLUSH;
            case 'E': return expect ? Cmd.EXP_EVENT : Cmd.CT_EVENT;
            case 'V': return Cmd.CT_VERSION;
            case 'h': return Cmd.CT_HELP;
            case 'C': return expect ? Cmd.EXP_COUNT : Cmd.CT_COUNT;
            case 'S': return expect ? Cmd.EXP_STATS : Cmd.CT_STATS;
            case 'U': return expect ? null : Cmd.CT_UPDATE;
            case 'A': return expect ? null : Cmd.CT_ADD;
            default: throw new IllegalArgumentException("not a command letter: " + letter);
        }
    }

    /**
     * @param letter a command letter
     * @return its long option name
     */
    static String longName(final char letter) {
        switch (letter) {
            case 'L': return "dump";
            case 'I': return "create";
            case 'D': return "delete";
            case 'G': return "get";
            case 'F': return "flush";
            case 'E': return "event";
            case 'V': return "version";
            case 'h': return "help";
            case 'C': return "counter";
            case 'S': return "stats";
            case 'U': return "update";
            default: return "add";
        }
    }
}
