package io.conntrack4j;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.Subscribe;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
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
}
