package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tolerance for {@code -L -z} (ZERO-BATCH): the kernel zeroes an entry's counters while it writes the entry into
 * a dump batch; when the entry does not fit, it goes into the next batch and is printed with its counters already
 * zero. Where batches end depends on the reader: the kernel sizes a batch after the reader's last receive (both
 * tools get about 3.5 KiB first; then 1.4.7, reading 4 KiB at a time, gets about 3.8 KiB batches and the program under
 * test, reading 64 KiB, up to 32 KiB), so the two tools get different entries cut, and which entry that is depends
 * on the hash order. Hence the only difference allowed: lines whose counters ({@code packets=}, {@code bytes=}) are
 * all zero on one side and not on the other, the rest of the line equal (clock fields one apart), at most one line
 * per {@value #ENTRIES_PER_BATCH} (a batch of 3.5 KiB holds at least that many entries of at most 440 bytes, and
 * only one entry per batch end is cut). Everything else must be equal, and so must the tables left behind (all
 * counters zero): that is the command's effect. Excluding the counter fields of the form altogether would be wider.
 * Identical outputs satisfy the relation.
 */
record ZeroedCounters() implements OutputRelation {
    /** The fewest entries a dump batch holds. */
    static final int ENTRIES_PER_BATCH = 8;
    private static final Pattern COUNTER = Pattern.compile("(packets|bytes)=(\\d+)");

    @Override
    public List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>();
        final List<String> reference = Lines.of(runs.reference().stdout());
        final List<String> ours = Lines.of(runs.underTest().stdout());
        if (reference.size() != ours.size()) {
            problems.add(ours.size() + " lines printed, 1.4.7 printed " + reference.size());
            return problems;
        }
        int zeroed = 0;
        for (int i = 0; i < reference.size(); i++) {
            final String r = reference.get(i);
            final String o = ours.get(i);
            if (Normalizer.matches(r, o)) {
                continue;
            }
            if (Normalizer.matches(withoutCounters(r), withoutCounters(o)) && zero(r) != zero(o)) {
                zeroed++;
            } else {
                problems.add("line " + (i + 1) + " differs in more than zeroed counters:\n- " + r + "\n+ " + o);
            }
        }
        final int allowed = Math.max(1, reference.size() / ENTRIES_PER_BATCH);
        if (zeroed > allowed) {
            problems.add(zeroed + " lines differ in zeroed counters, at most " + allowed + " may");
        }
        Streams.sameExitCode(runs, problems);
        Streams.stderrIs(Streams.referenceStderr(runs), runs, problems);
        return problems;
    }

    /** @return true if the line has counters and every one of them is zero */
    static boolean zero(final String line) {
        final Matcher m = COUNTER.matcher(line);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!m.group(2).equals("0")) {
                return false;
            }
        }
        return any;
    }

    private static String withoutCounters(final String line) {
        return COUNTER.matcher(line).replaceAll("$1=N");
    }

    @Override
    public boolean allowsIdentical() {
        return true;
    }

    @Override
    public String toString() {
        return "equal but for counters the kernel zeroed at a dump-batch end, on at most one line in "
            + ENTRIES_PER_BATCH;
    }
}
