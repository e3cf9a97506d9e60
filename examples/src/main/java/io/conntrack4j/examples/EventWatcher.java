package io.conntrack4j.examples;

import io.conntrack4j.Conntrack;
import io.conntrack4j.EventQuery;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.Subscription;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.text.ConntrackFormatter;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Watches the events of the flows into {@value SeedFlows#SCOPE}, printed as {@code conntrack -E} prints them, and
 * handles the kernel dropping events explicitly: the subscription is {@code withResync()}, so it starts with the
 * current table ({@code [RESYNC NEW]} lines), reports each {@link EventSignal.Overrun}, then the differences a fresh
 * dump found and a {@link EventSignal.Resynced} marker. From the signals it keeps a view of the table and, at the
 * end, compares it with a dump. The receive buffer is deliberately tiny (4 KiB) so that a burst overruns it.
 *
 * <pre>
 * EventWatcher [MAX_EVENTS [SECONDS]]                  simulated kernel, traffic from a second thread
 * sudo examples/run-in-netns.sh EventWatcher real      real kernel in a fresh namespace, activity by the library
 * </pre>
 * It stops after MAX_EVENTS events (default 100), after SECONDS (default 10), or a second after the activity ended.
 * Run with {@code real} outside the script it only watches (the host's events), changing nothing.
 */
public final class EventWatcher {
    private static final ConntrackFormatter CONNTRACK = ConntrackFormatter.DEFAULT;
    private static final Duration QUIET = Duration.ofSeconds(1);
    /** Differences printed per resync; the rest are counted (a resync after a long overrun can be big). */
    private static final int PRINTED_DIFFERENCES = 5;

    private final PrintStream out;
    private final Map<Tuple, Flow> view = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong differences = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final CountDownLatch firstResync = new CountDownLatch(1);
    private volatile long lastSignal = System.nanoTime();
    private int differencesThisResync;

    /** @param out where to print the signals */
    public EventWatcher(final PrintStream out) {
        this.out = out;
    }

    /**
     * What a watch saw.
     *
     * @param events      kernel events received
     * @param overruns    times the kernel dropped events
     * @param differences flows a resync reported (the initial one included)
     * @param resyncs     resyncs completed (the initial one included)
     * @param view        the flows the signals describe at the end
     */
    public record Summary(long events, long overruns, long differences, long resyncs, Set<Tuple> view) {
    }

    /**
     * @param args {@code [real] [MAX_EVENTS [SECONDS]]}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(final String[] args) throws InterruptedException {
        final boolean real = args.length > 0 && args[0].equals("real");
        final int from = real ? 1 : 0;
        final int maxEvents = args.length > from ? Integer.parseInt(args[from]) : 100;
        final Duration limit = Duration.ofSeconds(args.length > from + 1 ? Long.parseLong(args[from + 1]) : 10);
        final Conntrack ct;
        final Runnable activity;
        if (real) {
            ct = Conntrack.using(NetlinkBackend.open());
            activity = PrivateNamespace.isPrivate() ? () -> Activity.library(ct) : null;
            System.out.println(activity != null ? "real kernel, private namespace: the library creates activity"
                : "real kernel, this namespace: watching only (nothing is changed)");
        } else {
            final SimulatedKernel kernel = SimulatedKernel.create();
            final SimulatedNamespace ns = kernel.init();
            ct = Conntrack.using(NetlinkBackend.over(ns::openSocket, ns.backend().capabilities()));
            System.out.println("simulated kernel (NetlinkBackend over its ctnetlink socket), seeded: "
                + SeedFlows.seed(ct));
            activity = () -> Activity.simulated(kernel, ct);
        }
        try (ct) {
            final EventQuery query = query(ct);
            System.out.println("watching " + query + " for " + maxEvents + " events or " + limit.getSeconds() + " s");
            final Summary s = new EventWatcher(System.out).watch(query, maxEvents, limit, activity);
            final Set<Tuple> table = ct.flows().where(query.filter()).list().map(Flow::original).toJavaSet();
            System.out.printf("%n== %d events, %d overruns, %d resyncs reporting %d differences; the view (%d flows) "
                + "%s the table (%d flows)%n", s.events(), s.overruns(), s.resyncs(), s.differences(),
                s.view().size(), s.view().equals(table) ? "equals" : "differs from", table.size());
        }
    }

    /**
     * @param ct the connection
     * @return the subscription: the flows into the scope, a tiny buffer, resync
     */
    static EventQuery query(final Conntrack ct) {
        return ct.events().dst(SeedFlows.SCOPE).receiveBuffer(4096).withResync();
    }

    /**
     * Subscribes, runs the activity on a second thread (after the initial resync, if the query resyncs), prints every
     * signal, and stops after {@code maxEvents} events, after {@code limit}, or once the activity has ended and the
     * signals have stopped for a second.
     *
     * @param query     the subscription
     * @param maxEvents kernel events to stop after
     * @param limit     time to stop after
     * @param activity  what to do meanwhile on another thread, or null
     * @return what was seen
     * @throws InterruptedException if interrupted while waiting
     */
    public Summary watch(final EventQuery query, final long maxEvents, final Duration limit, final Runnable activity)
        throws InterruptedException {
        final Thread actor = activity == null ? null : new Thread(activity, "activity");
        final long deadline = System.nanoTime() + limit.toNanos();
        try (Subscription sub = query.subscribe(this::handle)) {
            if (query.resyncs()) {
                firstResync.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (actor != null) {
                actor.setDaemon(true);
                actor.start();
            }
            while (events.get() < maxEvents && System.nanoTime() < deadline && sub.failure().isEmpty()
                && !(actor != null && !actor.isAlive() && System.nanoTime() - lastSignal > QUIET.toNanos())) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            sub.failure().forEach(f -> out.println("!! the subscription failed: " + f));
        }
        if (actor != null) {
            actor.interrupt();
            actor.join(TimeUnit.SECONDS.toMillis(5));
        }
        return new Summary(events.get(), overruns.get(), differences.get(), resyncs.get(), Set.copyOf(view.keySet()));
    }

    private void handle(final EventSignal signal) {
        lastSignal = System.nanoTime();
        if (signal instanceof FlowEvent e) {
            events.incrementAndGet();
            apply(e.type(), e.flow());
            out.println(CONNTRACK.event(e));
        } else if (signal instanceof EventSignal.Overrun o) {
            overruns.incrementAndGet();
            out.println("!! OVERRUN: the kernel dropped events for us after " + o.receivedBefore() + " received; "
                + o.discarded() + " older queued ones discarded; resyncing (" + o.detail() + ")");
        } else if (signal instanceof EventSignal.Resync r) {
            differences.incrementAndGet();
            apply(r.type(), r.flow());
            if (++differencesThisResync <= PRINTED_DIFFERENCES) {
                out.println("[RESYNC " + r.type() + "] " + CONNTRACK.flow(r.flow()));
            }
        } else if (signal instanceof EventSignal.Resynced r) {
            resyncs.incrementAndGet();
            if (differencesThisResync > PRINTED_DIFFERENCES) {
                out.println("[RESYNC ...] " + (differencesThisResync - PRINTED_DIFFERENCES) + " more differences");
            }
            differencesThisResync = 0;
            out.println("== RESYNCED: " + r.created() + " new, " + r.updated() + " changed, " + r.destroyed()
                + " gone; the view equals the table again (" + r.tableSize() + " flows)");
            firstResync.countDown();
        }
    }

    private void apply(final EventType type, final Flow flow) {
        if (type == EventType.DESTROY) {
            view.remove(flow.original());
        } else {
            view.put(flow.original(), flow);
        }
    }

    /** What happens while the watcher watches. */
    static final class Activity {
        private Activity() {
        }

        /**
         * Traffic through a simulated kernel: a TCP connection's life, DNS, a ping, traffic outside the filter, a
         * mark change, a burst of 12 new flows that overruns the 4 KiB buffer, then 61 virtual seconds that expire
         * the short-lived flows.
         *
         * @param kernel the simulated kernel
         * @param ct     the library on it
         */
        static void simulated(final SimulatedKernel kernel, final Conntrack ct) {
            step("TCP 10.0.0.7 -> 198.51.100.10:443: handshake, data, close", () -> {
                final var session = kernel.traffic().tcpHandshake("10.0.0.7", 40100, "198.51.100.10", 443);
                session.data(true, 1200);
                session.close();
                return "";
            });
            step("DNS and a ping into the scope; HTTP to 192.0.2.80 (outside the filter)", () -> {
                kernel.traffic().udpExchange("10.0.0.7", 5300, "198.51.100.53", 53);
                kernel.traffic().ping("10.0.0.7", "198.51.100.10", 99);
                kernel.traffic().tcpHandshake("10.0.0.7", 40101, "192.0.2.80", 80);
                return "";
            });
            step("mark 0x2a on the seeded SSH flow (created before anyone listened, so with nf_conntrack_events=2 it "
                + "sends no events: only a resync can tell)", () -> ct.flows().dst(SeedFlows.SCOPE).dport(22)
                .update(FlowUpdate.none().mark(0x2a)));
            step("a burst of 12 new flows (about 10 events fit the 4 KiB receive buffer)",
                () -> ct.createAll(burst(12)));
            step("61 virtual seconds: the garbage collector expires the UDP and ICMP flows", () -> {
                kernel.clock().advanceSeconds(61);
                return "";
            });
        }

        /**
         * Activity on a real kernel, by the library: a flow created, its mark changed, deleted; a burst of 100 flows
         * that overruns the 4 KiB buffer; the burst deleted. Runs only in a private namespace.
         *
         * @param ct the library on the real kernel
         */
        static void library(final Conntrack ct) {
            PrivateNamespace.require("EventWatcher's activity");
            final Tuple t = Tuple.tcp("10.0.0.7", "198.51.100.10", 40100, 443);
            step("create " + t, () -> {
                ct.create(Flow.builder(t).timeout(120L).protoInfo(ProtoInfo.Tcp.of(TcpState.SYN_SENT)).build());
                return "";
            });
            step("mark 0x2a on it", () -> ct.flows().src("10.0.0.7").update(FlowUpdate.none().mark(0x2a)));
            step("delete it", () -> ct.flows().src("10.0.0.7").delete());
            step("a burst of 100 new flows into a 4 KiB receive buffer", () -> ct.createAll(burst(100)));
            step("delete the burst", () -> ct.flows().dst("198.51.100.99").delete());
        }

        private static java.util.List<Flow> burst(final int count) {
            return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> Flow.builder(Tuple.udp("10.0.1.1", "198.51.100.99", 20000 + i, 9999)).timeout(30L)
                    .build())
                .collect(Collectors.toList());
        }

        /** Prints what is about to happen, does it, prints its result, and gives the watcher time to print. */
        private static void step(final String what, final Supplier<Object> action) {
            System.out.println("-- activity: " + what);
            final String result = String.valueOf(action.get());
            if (!result.isEmpty()) {
                System.out.println("-- activity: " + result);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(300);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
