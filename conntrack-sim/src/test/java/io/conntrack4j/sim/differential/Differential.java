package io.conntrack4j.sim.differential;

import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.quicktheories.QuickTheory.qt;

/**
 * Runs operation sequences on a reference system and on others, comparing the outcomes after every step, and runs
 * the QuickTheories property over many sequences. A failing sequence is shrunk by QuickTheories (which moves its
 * random draws toward their smallest values) and then further by deleting steps one by one while the same step still
 * diverges, since QuickTheories cannot drop a step from the middle of a sequence.
 */
public final class Differential {
    private static final Map<String, Integer> TALLY = new TreeMap<>();

    private Differential() {
    }

    /** A step whose outcome differs between the systems. */
    static final class Divergence extends AssertionError {
        private static final long serialVersionUID = 1L;
        /** The diverging step (compared by identity while minimising). */
        private final transient Op step;

        Divergence(final String message, final Op step) {
            super(message);
            this.step = step;
        }
    }

    /**
     * @param ops       the sequence
     * @param reference the system whose outcomes are the specification
     * @param others    the systems that must behave the same
     * @throws AssertionError at the first step where an outcome differs, with the whole trace up to it
     */
    public static void run(final List<Op> ops, final Face reference, final List<Face> others) {
        final StringBuilder trace = new StringBuilder();
        for (int i = 0; i < ops.size(); i++) {
            final Op op = ops.get(i);
            final Outcome expected = op.apply(reference);
            count(op, expected);
            final List<Outcome> actual = new ArrayList<>();
            boolean same = true;
            for (final Face f : others) {
                final Outcome o = op.apply(f);
                actual.add(o);
                same &= expected.sameAs(o);
            }
            trace.append(String.format("  %2d. %s%n      %-30s %s%n", i + 1, op, reference.name() + ":", expected));
            if (!same) {
                for (int k = 0; k < others.size(); k++) {
                    trace.append(String.format("      %-30s %s%s%n", others.get(k).name() + ":", actual.get(k),
                        expected.sameAs(actual.get(k)) ? "" : "   <-- DIFFERS"));
                }
                throw new Divergence("outcomes differ at step " + (i + 1) + " of " + ops.size() + ":\n" + trace, op);
            }
        }
    }

    /**
     * The property: every generated sequence gives the same outcomes on every system.
     *
     * @param sequences    the generator
     * @param examples     how many sequences QuickTheories draws
     * @param shrinkCycles QuickTheories' shrink attempts
     * @param budgetMillis how long the deletion of steps from a shrunk failing sequence may take
     * @param compare      runs one sequence on fresh systems ({@link #run})
     * @param runs         counts the sequences run (QuickTheories' shrinking and the deletion of steps included)
     */
    public static void check(final Gen<List<Op>> sequences, final int examples, final int shrinkCycles,
                             final long budgetMillis, final Consumer<List<Op>> compare, final AtomicInteger runs) {
        final AtomicReference<List<Op>> smallest = new AtomicReference<>();
        try {
            qt().withExamples(examples).withShrinkCycles(shrinkCycles).forAll(sequences).checkAssert(ops -> {
                runs.incrementAndGet();
                try {
                    compare.accept(ops);
                } catch (final Divergence d) {
                    smallest.set(ops);
                    throw d;
                }
            });
        } catch (final AssertionError report) {
            final List<Op> shrunk = smallest.get();
            if (shrunk == null) {
                throw report;
            }
            final Divergence minimal = deleteSteps(shrunk, ops -> {
                runs.incrementAndGet();
                compare.accept(ops);
            }, budgetMillis);
            final AssertionError e = new AssertionError(report.getMessage()
                + "\n\n==== the same divergence after deleting every step it does not need ====\n"
                + minimal.getMessage(), report);
            throw e;
        }
    }

    /** Deletes steps (latest first, repeatedly) as long as the same step still diverges; stops at the budget. */
    private static Divergence deleteSteps(final List<Op> failing, final Consumer<List<Op>> compare,
                                          final long budgetMillis) {
        final long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        Divergence current = rerun(failing, compare);
        if (current == null) {
            throw new AssertionError("the shrunk sequence no longer diverges when run again (flaky):"
                + OpGen.describe(failing));
        }
        final Op diverging = current.step;
        int at = 0;
        while (failing.get(at) != diverging) {
            at++;
        }
        List<Op> ops = new ArrayList<>(failing.subList(0, at + 1));
        boolean changed = true;
        while (changed && System.nanoTime() < deadline) {
            changed = false;
            for (int i = ops.size() - 2; i >= 0 && System.nanoTime() < deadline; i--) {
                final List<Op> candidate = new ArrayList<>(ops);
                candidate.remove(i);
                final Divergence d = rerun(candidate, compare);
                if (d != null && d.step == diverging) {
                    ops = candidate;
                    current = d;
                    changed = true;
                }
            }
        }
        return current;
    }

    private static Divergence rerun(final List<Op> ops, final Consumer<List<Op>> compare) {
        try {
            compare.accept(List.copyOf(ops));
            return null;
        } catch (final Divergence d) {
            return d;
        }
    }

    // ------------------------------------------------------------------------------------------------ coverage

    /** Forgets the outcomes counted so far. */
    public static synchronized void resetTally() {
        TALLY.clear();
    }

    /** @return how often each kind of step had each kind of outcome on the reference system, one line each */
    public static synchronized String tally() {
        final StringBuilder sb = new StringBuilder();
        TALLY.forEach((k, n) -> sb.append(String.format("  %-40s %6d%n", k, n)));
        return sb.toString();
    }

    private static synchronized void count(final Op op, final Outcome outcome) {
        final String kind;
        if (outcome instanceof Outcome.Listed) {
            final int n = ((Outcome.Listed) outcome).flows().size();
            kind = n == 0 ? "0 flows" : n < 3 ? "1-2 flows" : "3+ flows";
        } else if (outcome instanceof Outcome.Found) {
            kind = ((Outcome.Found) outcome).flow().isDefined() ? "found" : "not found";
        } else if (outcome instanceof Outcome.Items) {
            kind = ((Outcome.Items) outcome).results().contains("ok") ? "some ok" : "all failed";
        } else {
            kind = outcome.toString();
        }
        TALLY.merge(op.getClass().getSimpleName() + " -> " + kind, 1, Integer::sum);
    }
}
