package io.conntrack4j.cli.peer;

import java.util.List;

/**
 * The suite's expected size: the table of reference §3.3 (ctnetlink-and-cli.md) and the data README's totals,
 * for conntrack-tools 1.4.7.
 */
final class ReferenceCounts {
    /** Lines expecting OK, in all files. */
    static final int OK = 187;
    /** Lines expecting BAD, in all files. */
    static final int BAD = 99;
    /** Commands the runner executes (batch and pipe lines fold into the next command). */
    static final int TOTAL = 286;

    /**
     * One row of the table.
     *
     * @param file the file's name
     * @param ok   its lines expecting OK
     * @param bad  its lines expecting BAD
     */
    record FileCounts(String file, int ok, int bad) {
    }

    /** Every file, in run order. */
    static final List<FileCounts> FILES = List.of(
        new FileCounts("00create", 16, 21),
        new FileCounts("01delete", 10, 9),
        new FileCounts("02filter", 17, 2),
        new FileCounts("03nat", 17, 7),
        new FileCounts("04zone", 12, 0),
        new FileCounts("05mark", 16, 2),
        new FileCounts("06update", 4, 0),
        new FileCounts("07nat6", 17, 11),
        new FileCounts("08stdin", 14, 14),
        new FileCounts("09dumpopt", 52, 24),
        new FileCounts("10add", 12, 9));

    private ReferenceCounts() {
    }
}
