package io.conntrack4j.benchmarks;

import io.conntrack4j.sim.SimulatedBackend;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.GetGlobalStats;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;

/**
 * Heap retained per flow by a {@link SimulatedKernel} holding many flows (not a JMH benchmark).
 *
 * <p>Two measurements of the same thing:
 * <ol>
 *   <li><b>GC</b>: used heap after full collections, before and after filling a fresh kernel, divided by the number
 *       of flows; repeated with a new kernel each time, reported as min–median–max;</li>
 *   <li><b>JOL</b>: {@link GraphLayout} walks every object reachable from the kernel and sums their exact sizes;
 *       the histogram shows where the bytes go.</li>
 * </ol>
 * Each flow is built, created through {@link SimulatedBackend#create(CreateFlow)} and dropped, so only what the
 * kernel keeps is counted (it keeps the request's tuple objects). The flows are {@link SimulatorFlows}' mix: 80% TCP,
 * 15% UDP, 5% ICMP.
 *
 * <p>Run: {@code java -Xmx8g -Djol.magicFieldOffset=true -Djdk.attach.allowAttachSelf
 * -cp benchmarks/target/benchmarks.jar io.conntrack4j.benchmarks.SimulatorFootprint [flows [repeats]]} (defaults
 * 1,000,000 and 5; JOL needs the magic field offset for records).
 */
public final class SimulatorFootprint {
    private SimulatorFootprint() {
    }

    /** @param args flows and repeats, optional */
    public static void main(final String[] args) throws InterruptedException {
        final int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "%,d flows, %d repeats, %s, max heap %,d MB%n", flows, repeats,
            Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);

        final double[] perFlow = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            perFlow[r] = measureOnce(flows, r + 1);
        }
        final double[] sorted = perFlow.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "GC  B/flow: min %.1f, median %.1f, max %.1f%n", sorted[0],
            sorted[sorted.length / 2], sorted[sorted.length - 1]);

        final SimulatedKernel kernel = fill(flows);
        final GraphLayout graph = GraphLayout.parseInstance(kernel);
        System.out.printf(Locale.ROOT, "JOL %,d objects, %,d bytes reachable from the kernel: %.1f B/flow, %.2f "
            + "objects/flow%n", graph.totalCount(), graph.totalSize(), graph.totalSize() / (double) flows,
            graph.totalCount() / (double) flows);
        System.out.println(graph.toFootprint());
        System.out.println(ClassLayout.parseClass(classNamed("io.conntrack4j.sim.internal.Entry")).toPrintable());
        Reference.reachabilityFence(kernel);
    }

    /** Fills a fresh kernel between two heap readings; the kernel is unreachable once this returns. */
    private static double measureOnce(final int flows, final int run) throws InterruptedException {
        final long before = usedAfterGc();
        final SimulatedKernel kernel = fill(flows);
        final long after = usedAfterGc();
        Reference.reachabilityFence(kernel);
        final double perFlow = (after - before) / (double) flows;
        System.out.printf(Locale.ROOT, "GC  run %d: %,d bytes retained, %.1f B/flow%n", run, after - before, perFlow);
        return perFlow;
    }

    private static Class<?> classNamed(final String name) {
        try {
            return Class.forName(name);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SimulatedKernel fill(final int flows) {
        final SimulatedKernel kernel = SimulatorFlows.kernel(flows + 1L);
        final SimulatedBackend backend = kernel.backend();
        for (int i = 0; i < flows; i++) {
            backend.create(CreateFlow.of(SimulatorFlows.flow(i)));
        }
        final long count = backend.globalStats(new GetGlobalStats()).entries();
        if (count != flows) {
            throw new IllegalStateException("the table holds " + count + " flows, expected " + flows);
        }
        return kernel;
    }

    private static long usedAfterGc() throws InterruptedException {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
