package io.conntrack4j.benchmarks;

import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.netlink.codec.RequestEncoder;
import io.vavr.control.Option;
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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Encoding requests with {@link RequestEncoder} into a direct buffer, as the netlink backend sends them: dumps
 * (unfiltered, family + mark, status, and tuple filters as the planner builds them), deletes carrying CTA_ID (what
 * a bulk delete sends per flow), and creates as {@code conntrack -I} sends them (tuples, status, timeout, mark, TCP
 * state; every fourth with destination NAT). Score: ns per request. Each invocation encodes {@value #REQUESTS}
 * different requests and throws unless the total length matches the one computed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {
    /** Requests per invocation. */
    public static final int REQUESTS = 1024;

    private final RequestEncoder encoder = new RequestEncoder();
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
    private Request[] dumps;
    private Request[] deletes;
    private Request[] creates;
    private long dumpBytes;
    private long deleteBytes;
    private long createBytes;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(7);
        dumps = new Request[REQUESTS];
        deletes = new Request[REQUESTS];
        creates = new Request[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            final Flow flow = CaptureGenerator.flow(random);
            dumps[i] = DumpFlows.of(filter(i, flow));
            deletes[i] = DeleteFlow.of(flow);
            Flow create = Flow.builder(flow.original()).reply(flow.original().inverse())
                .status(Status.SEEN_REPLY, Status.ASSURED).timeout(flow.timeout().get()).mark((long) (i & 0xff))
                .protoInfo(flow.protoInfo().getOrNull()).build();
            CreateFlow request = CreateFlow.of(create);
            if (i % 4 == 0) {
                request = request.withDestinationNat(NatRange.to(IpAddress.v4(0x0a636300 | (i & 0xff)), 8080));
            }
            creates[i] = request;
        }
        dumpBytes = encodeAll(dumps);
        deleteBytes = encodeAll(deletes);
        createBytes = encodeAll(creates);
    }

    private static KernelFilter filter(final int i, final Flow flow) {
        switch (i % 4) {
            case 0:
                return KernelFilter.NONE;
            case 1:
                return new KernelFilter(Option.some(Family.IPV4), Option.some(new MarkMatch(i & 0xff, 0xff)),
                    Option.none(), Option.none(), Option.none(), Option.none());
            case 2:
                return new KernelFilter(Option.none(), Option.none(),
                    Option.some(new StatusMatch(Status.ASSURED.value(), Status.ASSURED.value())), Option.none(),
                    Option.none(), Option.none());
            default:
                return new KernelFilter(Option.some(Family.IPV4), Option.none(), Option.none(), Option.none(),
                    Option.some(new TupleFilter(Option.some(flow.original().source()), Option.none(),
                        Option.some(Protocol.TCP), Option.none(), Option.some(443), Option.none(), Option.none(),
                        Option.none())), Option.none());
        }
    }

    private long encodeAll(final Request[] requests) {
        long total = 0;
        for (final Request r : requests) {
            out.clear();
            total += encoder.encode(r, seq++, out);
        }
        return total;
    }

    private static long check(final long total, final long expected) {
        if (total != expected) {
            throw new IllegalStateException("encoded " + total + " bytes, expected " + expected);
        }
        return total;
    }

    /** @return the bytes encoded */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long dump() {
        return check(encodeAll(dumps), dumpBytes);
    }

    /** @return the bytes encoded */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long delete() {
        return check(encodeAll(deletes), deleteBytes);
    }

    /** @return the bytes encoded */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long create() {
        return check(encodeAll(creates), createBytes);
    }
}
