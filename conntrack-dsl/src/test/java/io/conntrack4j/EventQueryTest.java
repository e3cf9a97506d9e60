package io.conntrack4j;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.Subscribe;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Event subscriptions: immutable values with the query vocabulary; the filter applies to every event. */
class EventQueryTest {
    private static final Flow WEB = TestFlows.tcp("10.0.0.1", 40000, "192.0.2.1", 443);
    private static final Flow SSH = TestFlows.tcp("10.0.0.1", 40002, "192.0.2.1", 22);
    private static final Flow DNS6 = TestFlows.udp("2001:db8::1", 5353, "2001:db8::53", 53);

    private static FlowEvent event(final EventType type, final Flow flow) {
        return new FlowEvent(type, flow, 0, Option.none());
    }

    private static final FlowEvent NEW_WEB = event(EventType.NEW, WEB);
    private static final FlowEvent NEW_SSH = event(EventType.NEW, SSH);
    private static final FlowEvent UPDATE_WEB = event(EventType.UPDATE, WEB.toBuilder().mark(3L).build());
    private static final FlowEvent DESTROY_DNS6 = event(EventType.DESTROY, DNS6);
    private static final FlowEvent DESTROY_WEB = event(EventType.DESTROY, WEB);

    private static RecordingBackend backend() {
        return RecordingBackend.honouring(Capabilities.ALL)
            .withEvents(NEW_WEB, NEW_SSH, UPDATE_WEB, DESTROY_DNS6, DESTROY_WEB);
    }

    private static List<FlowEvent> collect(final EventQuery q) {
        try (Stream<FlowEvent> s = q.stream()) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void everyEventWithoutAFilter() {
        final RecordingBackend b = backend();
        final Conntrack ct = Conntrack.using(b);
        assertThat(collect(ct.events())).containsExactly(NEW_WEB, NEW_SSH, UPDATE_WEB, DESTROY_DNS6, DESTROY_WEB);
        assertThat(b.requests(Subscribe.class)).containsExactly(new Subscribe(EnumSet.allOf(EventType.class)));
    }

    @Test
    void theQueryFiltersEvents() {
        final Conntrack ct = Conntrack.using(backend());
        assertThat(collect(ct.events().dport(443))).containsExactly(NEW_WEB, UPDATE_WEB, DESTROY_WEB);
        assertThat(collect(ct.events().proto(Protocol.UDP))).containsExactly(DESTROY_DNS6);
        assertThat(collect(ct.events().src("10.0.0.0/8").dport(22))).containsExactly(NEW_SSH);
        assertThat(collect(ct.events().mark(3))).containsExactly(UPDATE_WEB);
        assertThat(collect(ct.events().mark(0))).as("events without a mark have mark 0")
            .containsExactly(NEW_WEB, NEW_SSH, DESTROY_DNS6, DESTROY_WEB);
        assertThat(collect(ct.events().dport(9))).isEmpty();
    }

    @Test
    void theTypesSelectTheGroups() {
        final RecordingBackend b = backend();
        final Conntrack ct = Conntrack.using(b);
        final EventQuery q = ct.events().types(EventType.DESTROY).dport(443);
        assertThat(collect(q)).containsExactly(DESTROY_WEB);
        assertThat(b.requests(Subscribe.class)).containsExactly(new Subscribe(EnumSet.of(EventType.DESTROY)));
        assertThat(q.eventTypes()).containsExactly(EventType.DESTROY);
        assertThat(collect(ct.events().types(EventType.NEW, EventType.UPDATE)))
            .containsExactly(NEW_WEB, NEW_SSH, UPDATE_WEB);
        final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
            () -> ct.events().types(new EventType[0]));
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("event types");
    }

    @Test
    void closingTheStreamUnsubscribes() {
        final RecordingBackend b = backend();
        final Conntrack ct = Conntrack.using(b);
        try (Stream<FlowEvent> s = ct.events().dport(443).stream()) {
            assertThat(s.findFirst()).contains(NEW_WEB);
            assertThat(b.subscriptionsClosed()).isZero();
        }
        assertThat(b.subscriptionsClosed()).isEqualTo(1);
        try (Stream<FlowEvent> s = ct.events().stream()) {
            s.findFirst();
        }
        assertThat(b.subscriptionsClosed()).isEqualTo(2);
    }

    @Test
    void eventQueriesAreValues() {
        final RecordingBackend b = backend();
        final Conntrack ct = Conntrack.using(b);
        final EventQuery all = ct.events();
        final EventQuery https = all.proto(Protocol.TCP).dport(443);
        assertThat(all.filter().isEmpty()).isTrue();
        assertThat(all.eventTypes()).containsExactlyInAnyOrder(EventType.values());
        assertThat(https).isNotEqualTo(all);
        assertThat(https).isEqualTo(ct.events().dport(443).proto(Protocol.TCP))
            .hasSameHashCodeAs(ct.events().dport(443).proto(Protocol.TCP));
        assertThat(https).isNotEqualTo(https.types(EventType.NEW));
        assertThat(https).isNotEqualTo(Conntrack.using(backend()).events().proto(Protocol.TCP).dport(443));
        assertThat(https.types(EventType.NEW)).hasToString("events[NEW]{proto=tcp, dport=443}");
        assertThatThrownBy(() -> all.eventTypes().add(EventType.NEW)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> all.proto(Protocol.ICMP).dport(1)).isInstanceOf(InvalidValueException.class);
        assertThat(b.requests()).as("nothing subscribed before stream()").isEmpty();
    }

    @Test
    void anOverrunFailsTheEventStreamButTheSignalsGoOn() {
        final EventSignal.Overrun overrun = new EventSignal.Overrun(1, 0, "ENOBUFS");
        final RecordingBackend b = RecordingBackend.honouring(Capabilities.ALL).withEvents(NEW_WEB, overrun, NEW_SSH);
        final Conntrack ct = Conntrack.using(b);
        try (Stream<EventSignal> s = ct.events().signals()) {
            assertThat(s.collect(Collectors.toList())).containsExactly(NEW_WEB, overrun, NEW_SSH);
        }
        try (Stream<FlowEvent> s = ct.events().stream()) {
            final Iterator<FlowEvent> it = s.iterator();
            assertThat(it.next()).isEqualTo(NEW_WEB);
            final KernelException e = catchThrowableOfType(KernelException.class, it::next);
            assertThat(e.errno()).isEqualTo(Errno.ENOBUFS);
            assertThat(e.operation()).isEqualTo(Operation.SUBSCRIBE);
        }
    }

    @Test
    void theRequestCarriesTheKernelFilterAndTheBuffer() {
        final Conntrack ct = Conntrack.using(backend());
        final Subscribe r = ct.events().family(Family.IPV4).proto(Protocol.TCP).dport(443).receiveBuffer(1 << 20)
            .request();
        assertThat(r.receiveBuffer()).isEqualTo(1 << 20);
        assertThat(r.filter().family()).contains(Family.IPV4);
        assertThat(r.filter().original().get().destinationPort()).contains(443);
        assertThat(ct.events().request().receiveBuffer()).isEqualTo(Subscribe.DEFAULT_RECEIVE_BUFFER);
        assertThatThrownBy(() -> ct.events().receiveBuffer(10)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ct.events().workers(0)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aSubscriptionRunsTheHandlerOnWorkersInPerFlowOrder() throws Exception {
        final java.util.List<EventSignal> events = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            final Flow f = TestFlows.tcp("10.0.0.1", 1000 + i % 50, "192.0.2.1", 443).toBuilder().mark((long) i)
                .build();
            events.add(event(EventType.UPDATE, f));
        }
        final Conntrack ct = Conntrack.using(RecordingBackend.honouring(Capabilities.ALL)
            .withEvents(events.toArray(new EventSignal[0])));
        final java.util.Map<Integer, java.util.List<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(2000);
        try (Subscription sub = ct.events().workers(4).subscribe(s -> {
            final FlowEvent e = (FlowEvent) s;
            threads.add(Thread.currentThread().getName());
            seen.computeIfAbsent(e.flow().original().sourcePort().get(),
                k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(e.flow().markValue());
            all.countDown();
        })) {
            assertThat(all.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(sub.failure()).isEmpty();
        }
        assertThat(threads).hasSizeGreaterThan(1).allMatch(n -> n.contains("worker"));
        assertThat(seen).hasSize(50);
        seen.values().forEach(marks -> assertThat(marks).isSorted().hasSize(40));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("conntrack4j events"));
    }

    @Test
    void aThrowingHandlerStopsTheSubscriptionAndIsReported() throws Exception {
        final Conntrack ct = Conntrack.using(backend());
        final Subscription sub = ct.events().subscribe(s -> {
            throw new IllegalStateException("handler bug");
        });
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (sub.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sub.failure().get()).hasMessage("handler bug");
        sub.close();
        assertThat(sub.isRunning()).isFalse();
    }
}
