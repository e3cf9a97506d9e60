package io.conntrack4j.netlink;

import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.Subscription;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.testkit.RealKernel;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event subscriptions on the real kernel, in the IT JVM's private namespace: bursts without loss, overruns with a
 * tiny buffer and the resync that repairs the consumer's view, the kernel-side socket filter, event contents, and
 * closing under load.
 */
@RealKernel
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventsIT {
    private static NetlinkBackend backend;
    private static Conntrack ct;

    @BeforeAll
    static void open() {
        backend = NetlinkBackend.open();
        ct = Conntrack.using(backend);
        ct.flushAll();
    }

    @AfterEach
    void emptyTable() {
        ct.flushAll();
    }

    @AfterAll
    static void close() {
        if (ct != null) {
            ct.flushAll();
            ct.close();
        }
    }

    private static List<Flow> udpFlows(final int count, final int firstPort) {
        final List<Flow> flows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int host = i / 50000;
            flows.add(Flow.builder(Tuple.udp("10.1." + host + ".1", "10.2.0.1", 1024 + i % 50000, firstPort))
                .timeout(600L).build());
        }
        return flows;
    }

    private static void awaitUntil(final java.util.function.BooleanSupplier done, final long millis)
        throws InterruptedException {
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void everyNewEventOfA100kBurstArrives() throws Exception {
        final AtomicLong news = new AtomicLong();
        final AtomicLong overruns = new AtomicLong();
        try (Subscription sub = ct.events().types(EventType.NEW).receiveBuffer(256 << 20).subscribe(s -> {
            if (s instanceof FlowEvent) {
                news.incrementAndGet();
            } else if (s instanceof EventSignal.Overrun) {
                overruns.incrementAndGet();
            }
        })) {
            final long start = System.nanoTime();
            assertThat(ct.createAll(udpFlows(100_000, 53)).succeeded()).isEqualTo(100_000);
            awaitUntil(() -> news.get() >= 100_000 || overruns.get() > 0, 60_000);
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("100k burst: %d NEW events, %d overruns, %.2f s, %.0f events/s%n", news.get(),
                overruns.get(), seconds, news.get() / seconds);
            assertThat(overruns.get()).isZero();
            assertThat(news.get()).isEqualTo(100_000);
            assertThat(sub.failure()).isEmpty();
        }
    }

    @Test
    void aTinyBufferOverrunsAndTheResyncMakesTheViewEqualTheTable() throws Exception {
        final Map<Tuple, Flow> view = new ConcurrentHashMap<>();
        final AtomicLong overruns = new AtomicLong();
        final AtomicLong resyncs = new AtomicLong();
        final AtomicReference<EventSignal.Resynced> lastResync = new AtomicReference<>();
        try (Subscription sub = ct.events().family(Family.IPV4).receiveBuffer(4096).withResync().subscribe(s -> {
            if (s instanceof FlowEvent) {
                final FlowEvent e = (FlowEvent) s;
                apply(view, e.type(), e.flow());
            } else if (s instanceof EventSignal.Resync) {
                apply(view, ((EventSignal.Resync) s).type(), ((EventSignal.Resync) s).flow());
            } else if (s instanceof EventSignal.Overrun) {
                overruns.incrementAndGet();
            } else if (s instanceof EventSignal.Resynced) {
                resyncs.incrementAndGet();
                lastResync.set((EventSignal.Resynced) s);
            }
        })) {
            awaitUntil(() -> resyncs.get() >= 1, 10_000);
            ct.createAll(udpFlows(20_000, 53));
            ct.flows().dport(53).sport(1024).update(FlowUpdate.none().mark(7));
            ct.flows().dport(53).src("10.1.0.1").mark(0).update(FlowUpdate.none().mark(9));
            awaitSettled(view, overruns, resyncs);
            assertThat(overruns.get()).as("a 4 KiB buffer cannot hold a 20,000-event burst").isPositive();
            assertThat(resyncs.get()).as("one at the start, one per overrun").isEqualTo(overruns.get() + 1);
            assertThat(marks(view)).isEqualTo(tableMarks());
            assertThat(view.values().stream().filter(f -> f.markValue() == 9).count()).isEqualTo(19_999);

            final long before = overruns.get();
            ct.flows().dport(53).mark(9).delete();
            awaitSettled(view, overruns, resyncs);
            assertThat(marks(view)).isEqualTo(tableMarks());
            System.out.printf("tiny buffer: %d overruns, last resync %s, view %d flows%n", overruns.get(),
                lastResync.get(), view.size());
            assertThat(overruns.get()).isGreaterThanOrEqualTo(before);
            assertThat(sub.failure()).isEmpty();
        }
    }

    private static void apply(final Map<Tuple, Flow> view, final EventType type, final Flow flow) {
        if (type == EventType.DESTROY) {
            view.remove(flow.original());
        } else {
            view.put(flow.original(), flow);
        }
    }

    private static Map<Tuple, Long> tableMarks() {
        return ct.flows().family(Family.IPV4).list().toJavaMap(f -> io.vavr.Tuple.of(f.original(), f.markValue()));
    }

    /**
     * Waits until the consumer caught up: every overrun was followed by its resync and the view equals the table.
     * A quiet period is not enough: on a loaded machine the reader can stall longer than any quiet period while
     * its resync dump waits, and the view is then compared before the resync reached it.
     */
    private static void awaitSettled(final Map<Tuple, Flow> view, final AtomicLong overruns, final AtomicLong resyncs)
        throws InterruptedException {
        awaitUntil(() -> resyncs.get() == overruns.get() + 1 && marks(view).equals(tableMarks()), 60_000);
    }

    private static Map<Tuple, Long> marks(final Map<Tuple, Flow> view) {
        return view.values().stream().collect(Collectors.toMap(Flow::original, Flow::markValue));
    }

    @Test
    void theSocketFilterDropsEventsInTheKernel() {
        final TupleFilter udp = new TupleFilter(Option.none(), Option.none(), Option.some(Protocol.UDP),
            Option.none(), Option.some(53), Option.none(), Option.none(), Option.none());
        final KernelFilter filter = new KernelFilter(Option.some(Family.IPV4), Option.none(), Option.none(),
            Option.none(), Option.some(udp), Option.none());
        try (Stream<EventSignal> raw = backend.subscribe(new Subscribe(EnumSet.of(EventType.NEW), filter, 1 << 20))) {
            ct.create(Flow.builder(Tuple.tcp("10.0.0.1", "10.0.0.2", 1, 53)).timeout(60L).build());
            ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 54)).timeout(60L).build());
            ct.create(Flow.builder(Tuple.udp("2001:db8::1", "2001:db8::2", 1, 53)).timeout(60L).build());
            ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 2, 53)).timeout(60L).build());
            final Iterator<EventSignal> it = raw.iterator();
            final FlowEvent first = (FlowEvent) it.next();
            assertThat(first.flow().original()).as("the first event the socket received is the only match")
                .isEqualTo(Tuple.udp("10.0.0.1", "10.0.0.2", 2, 53));
        }
    }

    @Test
    void eventsCarryWhatTheKernelSends() {
        try (Stream<FlowEvent> events = ct.events().stream()) {
            final Iterator<FlowEvent> it = events.iterator();
            final Tuple a = Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2);
            ct.create(Flow.builder(a).timeout(100L).build());
            final FlowEvent created = it.next();
            assertThat(created.type()).isEqualTo(EventType.NEW);
            assertThat(created.flow().timeout()).contains(100L);
            assertThat(created.flow().mark()).as("ctnetlink-caused events always carry the mark").contains(0L);
            assertThat(created.fromUserspace()).isTrue();
            assertThat(created.flow().use()).isEmpty();

            ct.flows().src("10.0.0.1").update(FlowUpdate.none().mark(5));
            final FlowEvent updated = it.next();
            assertThat(updated.type()).isEqualTo(EventType.UPDATE);
            assertThat(updated.flow().mark()).contains(5L);

            ct.flows().src("10.0.0.1").delete();
            final FlowEvent destroyed = it.next();
            assertThat(destroyed.type()).isEqualTo(EventType.DESTROY);
            assertThat(destroyed.flow().hasStatus(Status.DYING)).isTrue();
            assertThat(destroyed.flow().timeout().get()).isBetween(98L, 100L);

            ct.create(Flow.builder(a).timeout(1L).build());
            assertThat(it.next().type()).isEqualTo(EventType.NEW);
            sleep(2200);
            ct.flows().list();
            final FlowEvent expired = it.next();
            assertThat(expired.type()).isEqualTo(EventType.DESTROY);
            assertThat(expired.fromUserspace()).as("expiry is the kernel's doing").isFalse();
            assertThat(expired.flow().timeout()).as("an expired entry has no time left").isEmpty();
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void closingUnderLoadLeaksNoThreadAndNoSocket() throws Exception {
        final long fdsBefore = openFds();
        final AtomicLong seen = new AtomicLong();
        final Thread load = new Thread(() -> {
            int round = 0;
            while (!Thread.currentThread().isInterrupted() && round < 20) {
                ct.createAll(udpFlows(2000, 100 + round));
                round++;
            }
        });
        final List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            subs.add(ct.events().workers(3).subscribe(s -> seen.incrementAndGet()));
        }
        load.start();
        awaitUntil(() -> seen.get() > 5000, 20_000);
        subs.forEach(Subscription::close);
        load.interrupt();
        load.join(60_000);
        assertThat(subs).allSatisfy(s -> assertThat(s.isRunning()).isFalse());
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(n -> n.startsWith("conntrack4j events")).collect(Collectors.toList())).isEmpty();
        assertThat(openFds()).as("every event socket was closed").isLessThanOrEqualTo(fdsBefore);
        assertThat(seen.get()).isGreaterThan(5000);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
