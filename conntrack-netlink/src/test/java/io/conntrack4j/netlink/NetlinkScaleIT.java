package io.conntrack4j.netlink;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.testkit.RealKernel;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 flows through the netlink backend: a pipelined create, a streamed dump whose memory does not grow with
 * the table, and a filtered bulk delete that leaves the other flows alone. Timings are printed.
 */
@RealKernel
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetlinkScaleIT {
    private static final int FLOWS = 100_000;
    private static final int SURVIVORS = 1_000;
    /** 10.128.0.0 onwards: exactly the flows inside 10.128.0.0/9. */
    private static final int BASE = 0x0a80_0000;

    private static Conntrack ct;

    @BeforeAll
    static void open() {
        ct = Conntrack.using(NetlinkBackend.open());
        ct.flushAll();
    }

    @AfterAll
    static void close() {
        if (ct != null) {
            ct.flushAll();
            ct.close();
        }
    }

    /** The i-th flow: one source address each, so a /9 selects them all; made lazily, never held as a list. */
    private static Flow flow(final int i) {
        return Flow.builder(Tuple.of(IpAddress.v4(BASE + i), IpAddress.parse("192.0.2.1"), Protocol.UDP,
            new Layer4.Ports(1024 + (i % 60000), 53))).timeout(1200L).build();
    }

    private static Iterable<Flow> flows(final int count, final java.util.function.IntFunction<Flow> make) {
        return () -> java.util.stream.IntStream.range(0, count).mapToObj(make).iterator();
    }

    @Test
    @Order(1)
    void createsAHundredThousandFlows() {
        final long max = ct.globalStats().maxEntries();
        System.out.println("nf_conntrack_max in this namespace: " + max);
        assertThat(max).as("the table must hold the test's flows").isGreaterThanOrEqualTo(FLOWS + SURVIVORS);

        final BulkResult survivors = ct.createAll(flows(SURVIVORS, i -> Flow.builder(Tuple.udp("10.1.0." + (i % 250),
            "192.0.2.1", 1024 + i, 53)).timeout(1200L).build()));
        assertThat(survivors.succeeded()).isEqualTo(SURVIVORS);

        final long start = System.nanoTime();
        final BulkResult created = ct.createAll(flows(FLOWS, NetlinkScaleIT::flow));
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("createAll of %,d flows: %,d ms (%,.0f flows/s)%n", FLOWS, millis, FLOWS * 1000.0 / millis);
        assertThat(created).isEqualTo(new BulkResult(FLOWS, FLOWS, 0, Vector.empty()));
        assertThat(ct.count()).isEqualTo(FLOWS + SURVIVORS);
    }

    @Test
    @Order(2)
    void streamsTheDumpInConstantMemory() {
        final long before = settledHeap();
        final AtomicLong midStream = new AtomicLong();
        final long start = System.nanoTime();
        final long inRange;
        final long total;
        long gcMillis = 0;
        try (Stream<Flow> all = ct.flows().stream()) {
            final long[] counts = new long[3];
            all.forEach(f -> {
                counts[0]++;
                if ((f.original().source().v4Bits() & 0xff80_0000) == BASE) {
                    counts[1]++;
                }
                // while the dump is open, whatever it holds is live: collect and measure at a quarter, half and 90 %
                if (counts[0] == FLOWS / 4 || counts[0] == FLOWS / 2 || counts[0] == FLOWS * 9 / 10) {
                    final long t = System.nanoTime();
                    midStream.accumulateAndGet(settledHeap(), Math::max);
                    counts[2] += System.nanoTime() - t;
                }
            });
            total = counts[0];
            inRange = counts[1];
            gcMillis = counts[2] / 1_000_000;
        }
        final long millis = (System.nanoTime() - start) / 1_000_000 - gcMillis;
        final long after = settledHeap();
        System.out.printf("streamed dump of %,d flows: %,d ms (without the %,d ms of forced GCs); live heap before "
                + "%,d KiB, max mid-stream %,d KiB (+%,d KiB), after %,d KiB%n", total, millis, gcMillis,
            before / 1024, midStream.get() / 1024, (midStream.get() - before) / 1024, after / 1024);
        assertThat(total).isEqualTo(FLOWS + SURVIVORS);
        assertThat(inRange).isEqualTo(FLOWS);
        // a list of 100k flows would be 50+ MB: the streaming path must hold far less
        assertThat(midStream.get() - before).as("live heap growth while streaming").isLessThan(16L << 20);
        assertThat(after - before).as("retained heap after the dump").isLessThan(4L << 20);

        // the same through the query's count(), and a kernel-filtered count
        assertThat(ct.flows().count()).isEqualTo(FLOWS + SURVIVORS);
        assertThat(ct.flows().family(io.conntrack4j.model.Family.IPV4).src("10.128.0.1").count()).isOne();
    }

    @Test
    @Order(3)
    void deletesAHundredThousandFlowsByQuery() {
        final long start = System.nanoTime();
        final BulkResult deleted = ct.flows().src("10.128.0.0/9").delete();
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("filtered delete of %,d flows: %,d ms (%s)%n", deleted.succeeded(), millis, deleted);
        assertThat(deleted).isEqualTo(new BulkResult(FLOWS, FLOWS, 0, Vector.empty()));
        assertThat(ct.count()).isEqualTo(SURVIVORS);
        assertThat(ct.flows().src("10.128.0.0/9").count()).isZero();
        assertThat(ct.flows().src("10.1.0.0/24").count()).isEqualTo(SURVIVORS);
    }

    /**
     * At nf_conntrack_max: a create fails with ENOMEM when every entry is ASSURED (nothing can be early-dropped), and
     * succeeds by evicting unassured entries otherwise (kernel-semantics §5.1).
     */
    @Test
    @Order(4)
    void aFullTableRefusesCreatesOnlyWhenNothingCanBeEvicted() {
        final long max = ct.globalStats().maxEntries();
        ct.flushAll();
        final long start = System.nanoTime();
        final BulkResult filled = ct.createAll(flows((int) max, i -> Flow.builder(Tuple.of(IpAddress.v4(BASE + i),
            IpAddress.parse("192.0.2.2"), Protocol.UDP, new Layer4.Ports(2000, 53))).timeout(1200L)
            .status(io.conntrack4j.model.Status.SEEN_REPLY, io.conntrack4j.model.Status.ASSURED).build()));
        System.out.printf("filled the table with %,d assured flows in %,d ms%n", filled.succeeded(),
            (System.nanoTime() - start) / 1_000_000);
        assertThat(filled.succeeded()).isEqualTo(max);
        assertThat(ct.count()).isEqualTo(max);
        final long dropsBefore = earlyDrops();
        final Flow more = Flow.builder(Tuple.udp("192.0.2.3", "192.0.2.4", 1, 2)).timeout(100L).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ct.create(more))
            .isInstanceOfSatisfying(io.conntrack4j.error.KernelException.class, e -> {
                assertThat(e.errno()).isEqualTo(io.conntrack4j.error.Errno.ENOMEM);
                assertThat(e.operation()).isEqualTo(io.conntrack4j.error.Operation.CREATE);
            });
        assertThat(earlyDrops()).isEqualTo(dropsBefore);
        assertThat(ct.count()).isEqualTo(max);

        // make one flow unassured-evictable: replace it by an unassured one, then the next create evicts it
        ct.flushAll();
        final BulkResult unassured = ct.createAll(flows((int) max, i -> Flow.builder(Tuple.of(IpAddress.v4(BASE + i),
            IpAddress.parse("192.0.2.2"), Protocol.UDP, new Layer4.Ports(2000, 53))).timeout(1200L).build()));
        assertThat(unassured.succeeded()).isEqualTo(max);
        final long countBefore = ct.count();
        ct.create(more);
        assertThat(ct.get(more.original())).isNotEmpty();
        if (countBefore == max) {
            assertThat(earlyDrops()).as("entries evicted to make room").isGreaterThan(dropsBefore);
        } else {
            // after the ENOMEM the GC worker may run in early-drop mode and evict unassured entries itself
            System.out.printf("the GC had already evicted %,d unassured entries%n", max - countBefore);
        }
        assertThat(ct.count()).isLessThanOrEqualTo(max);
        ct.flushAll();
        assertThat(ct.count()).isZero();
    }

    private static long earlyDrops() {
        return ct.stats().map(s -> s.get(io.conntrack4j.model.CpuCounter.EARLY_DROP).getOrElse(0L)).sum()
            .longValue();
    }

    // ----------------------------------------------------------------------------------------------------- heap

    private static long usedHeap() {
        final Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long settledHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, usedHeap());
        }
        return used;
    }
}
