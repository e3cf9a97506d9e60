package io.conntrack4j.sim;

import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real NetlinkBackend, unchanged, on the simulated kernel's ctnetlink bytes. */
class SimulatedNetlinkSocketTest {
    private final SimulatedKernel kernel = SimulatedKernel.create();
    private final SimulatedNamespace ns = kernel.init();
    private final NetlinkBackend backend = NetlinkBackend.over(ns::openSocket, ns.backend().capabilities());
    private final Conntrack ct = Conntrack.using(backend);

    @Test
    void everyOperationWorksOverTheBytes() {
        final Tuple a = Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2);
        ct.create(Flow.builder(a).timeout(100L).mark(5L).build());
        assertThat(ct.get(a).get()).hasMark(5).hasTimeoutBetween(99, 100).isUnreplied();
        kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
        assertThat(ct.flows().dport(443).first().get()).hasState(TcpState.ESTABLISHED).isAssured();
        assertThat(ct.flows().mark(5).update(FlowUpdate.none().mark(6)).succeeded()).isEqualTo(1);
        assertThat(ct.flows().list()).hasSize(2);
        assertThat(ct.count()).isEqualTo(2);
        assertThat(ct.stats()).hasSize(2);
        assertThat(ct.flows().mark(6).delete().succeeded()).isEqualTo(1);
        ct.flushAll();
        assertThat(ct.flows().list()).isEmpty();
    }

    @Test
    void largeDumpsSpanManyDatagrams() {
        final java.util.List<Flow> flows = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            flows.add(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1024 + i, 53)).timeout(600L).build());
        }
        assertThat(ct.createAll(flows).succeeded()).isEqualTo(5000);
        assertThat(ct.flows().dport(53).count()).isEqualTo(5000);
        assertThat(ct.flows().sport(1024 + 4999).list()).hasSize(1);
    }

    @Test
    void kernelErrnosComeBackAsKernelExceptions() {
        final Flow a = Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).timeout(100L).build();
        ct.create(a);
        assertThatThrownBy(() -> ct.create(a)).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        ns.faults().denyPermission();
        assertThatThrownBy(() -> ct.flows().list()).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
    }

    @Test
    void interruptedDumpsAreRetriedByTheLibrary() {
        kernel.traffic().udpExchange("10.0.0.1", 5000, "10.0.0.2", 53);
        ns.faults().interruptDumps(2);
        assertThat(ct.flows().list()).hasSize(1);
    }

    @Test
    void eventsArriveOnTheMulticastGroupsWithThePortIdOfTheRequester() {
        try (Stream<FlowEvent> stream = ct.events().stream()) {
            final Iterator<FlowEvent> events = stream.iterator();
            final Tuple a = Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2);
            ct.create(Flow.builder(a).timeout(100L).build());
            kernel.traffic().tcpSyn("10.0.0.1", 40000, "10.0.0.2", 443);
            ct.flows().src("10.0.0.1").delete();
            final List<FlowEvent> got = List.of(events.next(), events.next(), events.next(), events.next());
            assertThat(got).hasTypes(EventType.NEW, EventType.NEW, EventType.DESTROY, EventType.DESTROY);
            assertThat(got.get(0).fromUserspace()).isTrue();
            assertThat(got.get(1).fromUserspace()).as("packet-caused").isFalse();
        }
    }

    @Test
    void anInjectedOverrunSurfacesAsEnobufs() {
        try (SimulatedNetlinkSocket socket = ns.openSocket()) {
            socket.joinGroup(1);
            socket.injectOverrun();
            final java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(8192);
            assertThatThrownBy(() -> socket.tryReceive(in)).isInstanceOfSatisfying(KernelException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOBUFS));
            assertThat(socket.tryReceive(in)).as("reported once").isEqualTo(-1);
        }
    }

    @Test
    void aTinyReceiveBufferOverrunsUnderABurst() {
        try (SimulatedNetlinkSocket socket = ns.openSocket()) {
            socket.setReceiveBufferSize(4096, false);
            socket.joinGroup(1);
            for (int i = 0; i < 100; i++) {
                ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1000 + i, 53)).timeout(60L).build());
            }
            final java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(8192);
            assertThatThrownBy(() -> {
                while (socket.tryReceive(in.clear()) >= 0) {
                    continue;
                }
            }).isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOBUFS));
        }
    }

    @Test
    void aBlockingReceiveWithNothingToWaitForFailsInsteadOfHanging() {
        try (SimulatedNetlinkSocket socket = ns.openSocket()) {
            assertThatThrownBy(() -> socket.receive(java.nio.ByteBuffer.allocateDirect(64)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("block forever");
        }
    }

    @Test
    void aResyncAfterOverrunsMakesTheConsumersViewEqualTheTable() throws Exception {
        final java.util.Map<Tuple, Flow> view = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong overruns = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        try (io.conntrack4j.Subscription sub = ct.events().receiveBuffer(4096).withResync().subscribe(s -> {
            last.set(System.nanoTime());
            if (s instanceof FlowEvent) {
                apply(view, ((FlowEvent) s).type(), ((FlowEvent) s).flow());
            } else if (s instanceof io.conntrack4j.model.EventSignal.Resync) {
                final io.conntrack4j.model.EventSignal.Resync r = (io.conntrack4j.model.EventSignal.Resync) s;
                apply(view, r.type(), r.flow());
            } else if (s instanceof io.conntrack4j.model.EventSignal.Overrun) {
                overruns.incrementAndGet();
            }
        })) {
            final java.util.List<Flow> flows = new java.util.ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                flows.add(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1024 + i, 53)).timeout(600L).build());
            }
            ct.createAll(flows);
            ct.flows().sport(1024).update(FlowUpdate.none().mark(3));
            ct.flows().dport(53).mark(0).delete();
            while (System.nanoTime() - last.get() < 500_000_000L) {
                Thread.sleep(50);
            }
            assertThat(overruns.get()).as("5 events fit a 4 KiB buffer").isPositive();
            assertThat(view.keySet()).isEqualTo(ct.flows().list().map(Flow::original).toJavaSet());
            assertThat(view.values()).singleElement().satisfies(f -> assertThat(f).hasMark(3));
            assertThat(sub.failure()).isEmpty();
        }
    }

    private static void apply(final java.util.Map<Tuple, Flow> view, final EventType type, final Flow flow) {
        if (type == EventType.DESTROY) {
            view.remove(flow.original());
        } else {
            view.put(flow.original(), flow);
        }
    }
}
