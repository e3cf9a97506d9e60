package io.conntrack4j.benchmarks;

import io.conntrack4j.FlowQuery;
import io.conntrack4j.Plan;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Capabilities;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of a query: evaluating a query's predicate (what runs on every dumped flow that the kernel could
 * not filter) and planning it. Score: ns per flow checked, ns per plan. Each invocation verifies that it selected
 * the expected number of flows, so a benchmark that filters nothing fails instead of reporting a number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueryBenchmark {
    static final int FLOWS = 10_000;

    private Flow[] table;
    private FlowQuery query;
    private int expected;

    @Setup(Level.Trial)
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(42);
        table = new Flow[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            final IpAddress src = IpAddress.v4(0x0a000000 | random.nextInt(1 << 16));
            final IpAddress dst = IpAddress.v4(0xc0a80000 | random.nextInt(256));
            final int dport = random.nextBoolean() ? 443 : 80;
            final Tuple orig = Tuple.of(src, dst, Protocol.TCP, new Layer4.Ports(1024 + random.nextInt(60000), dport));
            table[i] = Flow.builder(orig).reply(orig.inverse())
                .status(Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED)
                .protoInfo(ProtoInfo.Tcp.of(random.nextInt(4) == 0 ? TcpState.TIME_WAIT : TcpState.ESTABLISHED))
                .mark((long) random.nextInt(4)).timeout(300L).build();
        }
        query = FlowQuery.flows().proto(Protocol.TCP).src("10.0.0.0/9").dport(443).state(TcpState.ESTABLISHED)
            .mark(1, 0x1);
        for (final Flow f : table) {
            if (query.test(f)) {
                expected++;
            }
        }
        if (expected == 0 || expected == FLOWS) {
            throw new IllegalStateException("the query must select some flows but not all: " + expected);
        }
    }

    /** @return the number of selected flows; checked against the expected count */
    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public int evaluatePredicate() {
        int selected = 0;
        for (final Flow f : table) {
            if (query.test(f)) {
                selected++;
            }
        }
        if (selected != expected) {
            throw new IllegalStateException("selected " + selected + ", expected " + expected);
        }
        return selected;
    }

    /** @return the plan against a current kernel */
    @Benchmark
    public Plan plan() {
        return query.explain(Capabilities.ALL);
    }
}
