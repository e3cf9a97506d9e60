package io.conntrack4j.benchmarks;

import io.conntrack4j.model.Flow;
import io.conntrack4j.sim.SimulatedBackend;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.TupleDirection;
import io.vavr.control.Option;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The simulated kernel through its fastest public path, {@link SimulatedBackend} (no netlink bytes), single-threaded.
 * Score: operations per second; one create or one GET hit is one operation.
 * <ul>
 *   <li>{@code create}: {@value #BATCH} creates of new flows into a table already holding {@code tableSize} flows;
 *       the requests are built before the measured loop, and the batch is deleted again after each invocation
 *       (not measured), so the table never grows across invocations.</li>
 *   <li>{@code lookup}: a GET that hits, on a table of {@code tableSize} flows, in a random order; each request's
 *       tuple is a separate object equal to the entry's (as one decoded from netlink would be).</li>
 *   <li>{@code createAndLookup}: {@value #BATCH} times a create followed by a GET of a random flow of the table
 *       (half the operations are creates, half lookups); the batch is deleted after each invocation.</li>
 * </ul>
 * Every invocation checks its work (each create must succeed — the simulator throws on EEXIST or ENOMEM — and each
 * GET must find its flow), so a benchmark that does nothing fails instead of reporting a number. The heap is
 * pre-touched: without it, a young generation growing into fresh memory pays page faults and {@code lookup} was
 * bimodal (1.2M or 0.4M ops/s within one fork).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class SimulatorBenchmark {
    /** Creates per invocation of {@code create} and {@code createAndLookup}. */
    static final int BATCH = 100_000;
    /** Prebuilt lookup requests, visited in a random order. */
    private static final int LOOKUPS = 1 << 20;

    /** The table, filled once per trial, and the prebuilt lookups. */
    @State(Scope.Benchmark)
    public static class Table {
        /** Flows in the table before the measured operations. */
        @Param({"100000", "1000000"})
        public int tableSize;

        SimulatedBackend backend;
        GetFlow[] lookups;
        int next;

        @Setup(Level.Trial)
        public void fill() {
            backend = SimulatorFlows.kernel(tableSize + BATCH + 1L).backend();
            for (int i = 0; i < tableSize; i++) {
                backend.create(CreateFlow.of(SimulatorFlows.flow(i)));
            }
            final SplittableRandom random = new SplittableRandom(7);
            lookups = new GetFlow[LOOKUPS];
            for (int i = 0; i < LOOKUPS; i++) {
                lookups[i] = new GetFlow(SimulatorFlows.original(random.nextInt(tableSize)), TupleDirection.ORIGINAL,
                    0);
            }
            check(tableSize);
        }

        void check(final long expected) {
            final long count = backend.globalStats(new GetGlobalStats()).entries();
            if (count != expected) {
                throw new IllegalStateException("the table holds " + count + " flows, expected " + expected);
            }
        }

        Flow lookupNext() {
            final Option<Flow> found = backend.get(lookups[next++ & (LOOKUPS - 1)]);
            if (found.isEmpty()) {
                throw new IllegalStateException("lookup missed");
            }
            return found.get();
        }
    }

    /** The {@value #BATCH} flows an invocation creates, prebuilt, and deleted again after it (not measured). */
    @State(Scope.Benchmark)
    public static class NewFlows {
        CreateFlow[] creates;
        DeleteFlow[] deletes;

        @Setup(Level.Trial)
        public void build(final Table table) {
            creates = new CreateFlow[BATCH];
            deletes = new DeleteFlow[BATCH];
            for (int i = 0; i < BATCH; i++) {
                creates[i] = CreateFlow.of(SimulatorFlows.flow(table.tableSize + i));
                deletes[i] = new DeleteFlow(SimulatorFlows.original(table.tableSize + i), TupleDirection.ORIGINAL, 0,
                    Option.none());
            }
        }

        @TearDown(Level.Invocation)
        public void removeBatch(final Table table) {
            for (final DeleteFlow d : deletes) {
                table.backend.delete(d);
            }
            table.check(table.tableSize);
        }
    }

    /**
     * Creates {@value #BATCH} new flows.
     *
     * @param table the table
     * @param flows the flows to create
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void create(final Table table, final NewFlows flows) {
        final SimulatedBackend backend = table.backend;
        for (final CreateFlow c : flows.creates) {
            backend.create(c);
        }
    }

    /**
     * @param table the table
     * @return the flow found
     */
    @Benchmark
    public Flow lookup(final Table table) {
        return table.lookupNext();
    }

    /**
     * Creates {@value #BATCH} new flows, each followed by a GET of a random flow of the table.
     *
     * @param table the table
     * @param flows the flows to create
     * @param bh    consumes the flows found
     */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public void createAndLookup(final Table table, final NewFlows flows, final Blackhole bh) {
        final SimulatedBackend backend = table.backend;
        for (final CreateFlow c : flows.creates) {
            backend.create(c);
            bh.consume(table.lookupNext());
        }
    }
}
