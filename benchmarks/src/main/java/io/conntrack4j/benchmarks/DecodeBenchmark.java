package io.conntrack4j.benchmarks;

import io.conntrack4j.model.Flow;
import io.conntrack4j.netlink.codec.CaptureFile;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.FlowView;
import io.conntrack4j.netlink.codec.MessageReader;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Decoding a dump of 100,000 flows (a capture file, as recv() returned it): every flow to a {@link Flow} object with
 * {@link MessageReader#flow()}, and with the zero-allocation {@link FlowView} reading a projection (both tuples'
 * addresses and ports, and the four counters). Score: ns per decoded flow; {@code -prof gc} gives
 * {@code gc.alloc.rate.norm} in bytes per flow (JMH divides by the operations per invocation).
 *
 * <p>Each invocation counts the flows it decoded and throws if the count is not {@value #FLOWS}, so a benchmark that
 * decodes nothing cannot report a number. The {@code capture} parameter is the path of a capture of exactly
 * {@value #FLOWS} flows (e.g. one made in a private netns by the capture tool); empty (the default) generates one
 * with {@link CaptureGenerator} into a temporary file.
 *
 * <p>The forks get a fixed, pre-touched 2 GiB heap: decoding to objects allocates ~60 MB per invocation, and a heap
 * still growing into untouched memory made single iterations several times slower than the rest.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DecodeBenchmark -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class DecodeBenchmark {
    /** The number of flows in the capture. */
    public static final int FLOWS = 100_000;

    /** Path of a capture file of {@value #FLOWS} flows; empty: generate one. */
    @Param("")
    public String capture;

    private ByteBuffer dump;
    private Path generated;
    private final MessageReader reader = new MessageReader();
    private final FlowView view = new FlowView();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final Path file;
        if (capture == null || capture.isEmpty()) {
            generated = Files.createTempFile("ct4j-dump-", ".cap");
            CaptureGenerator.write(generated, FLOWS, 42);
            file = generated;
        } else {
            file = Paths.get(capture);
        }
        dump = CaptureFile.read(file);
        int flows = 0;
        int done = 0;
        reader.wrap(dump);
        while (reader.next()) {
            if (reader.type() == Ctnetlink.CT_NEW) {
                flows++;
            } else if (reader.isDone()) {
                done++;
            }
        }
        if (flows != FLOWS || done != 1) {
            throw new IllegalStateException(file + " holds " + flows + " flows and " + done + " DONE; the benchmark "
                + "needs exactly " + FLOWS + " flows and one DONE");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (generated != null) {
            Files.deleteIfExists(generated);
        }
    }

    /**
     * @param bh consumes each flow
     * @return the number of flows decoded (always {@value #FLOWS})
     */
    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public int objects(final Blackhole bh) {
        final MessageReader r = reader.wrap(dump);
        int flows = 0;
        while (r.next()) {
            if (r.type() == Ctnetlink.CT_NEW) {
                bh.consume(r.flow());
                flows++;
            }
        }
        return check(flows);
    }

    /** @return a checksum of the projection of every flow */
    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public long flyweight() {
        final MessageReader r = reader.wrap(dump);
        long sum = 0;
        int flows = 0;
        while (r.next()) {
            if (r.type() == Ctnetlink.CT_NEW) {
                final FlowView v = r.view(view);
                sum += v.originalSourceV4() + 31L * v.originalDestinationV4() + 17L * v.replySourceV4()
                    + 13L * v.replyDestinationV4();
                sum += v.originalSourcePort() + 7L * v.originalDestinationPort() + 5L * v.replySourcePort()
                    + 3L * v.replyDestinationPort();
                sum += v.originalPackets() + v.originalBytes() + v.replyPackets() + v.replyBytes();
                flows++;
            }
        }
        check(flows);
        return sum;
    }

    private static int check(final int flows) {
        if (flows != FLOWS) {
            throw new IllegalStateException("decoded " + flows + " flows, expected " + FLOWS);
        }
        return flows;
    }
}
