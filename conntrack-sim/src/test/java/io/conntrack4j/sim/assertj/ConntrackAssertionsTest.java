package io.conntrack4j.sim.assertj;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each assertion passes on a matching value and fails, with the flow in the message, on another. */
class ConntrackAssertionsTest {
    private static final Tuple T = Tuple.tcp("10.0.0.1", "10.0.0.2", 1, 80);
    private static final Flow ESTABLISHED = Flow.builder(T).reply(T.inverse())
        .status(Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED).protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED))
        .timeout(300L).mark(7L).zone(3).build();
    private static final Flow SYN_SENT = Flow.builder(T).reply(T.inverse()).status(new StatusBits(8))
        .protoInfo(ProtoInfo.Tcp.of(TcpState.SYN_SENT)).timeout(120L).build();

    @Test
    void flowAssertionsPassOnMatchingFlows() {
        assertThat(ESTABLISHED).isAssured().isReplied().hasState(TcpState.ESTABLISHED).hasMark(7).hasZone(3)
            .hasTimeoutBetween(299, 300).hasOriginal(T).hasStatus(Status.CONFIRMED);
        assertThat(SYN_SENT).isNotAssured().isUnreplied().doesNotHaveStatus(Status.ASSURED);
    }

    @Test
    void flowAssertionsFailOnOtherFlows() {
        assertThatThrownBy(() -> assertThat(SYN_SENT).isAssured()).isInstanceOf(AssertionError.class)
            .hasMessageContaining("ASSURED").hasMessageContaining("10.0.0.1");
        assertThatThrownBy(() -> assertThat(SYN_SENT).hasState(TcpState.ESTABLISHED))
            .hasMessageContaining("SYN_SENT");
        assertThatThrownBy(() -> assertThat(ESTABLISHED).hasMark(8)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(ESTABLISHED).hasTimeoutBetween(1, 2)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(ESTABLISHED).isUnreplied()).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(ESTABLISHED).hasZone(0)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(ESTABLISHED).hasLabels(1)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(ESTABLISHED).hasOriginalCounters(1, 60))
            .hasMessageContaining("accounting off");
    }

    @Test
    void eventAssertionsMatchByEitherTuple() {
        final List<FlowEvent> events = List.of(new FlowEvent(EventType.NEW, SYN_SENT, 0, Option.none()),
            new FlowEvent(EventType.UPDATE, ESTABLISHED, 0, Option.none()));
        assertThat(events).hasSize(2).hasTypes(EventType.NEW, EventType.UPDATE).containsNew(T)
            .containsNew(T.inverse()).containsUpdate(T, TcpState.ESTABLISHED)
            .containsNothingFor(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 80));
        assertThatThrownBy(() -> assertThat(events).containsDestroy(T)).hasMessageContaining("DESTROY");
        assertThatThrownBy(() -> assertThat(events).containsUpdate(T, TcpState.CLOSE))
            .hasMessageContaining("CLOSE");
        assertThatThrownBy(() -> assertThat(events).hasTypes(EventType.NEW)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(events).containsNothingFor(T)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(events).hasSize(3)).isInstanceOf(AssertionError.class);
    }
}
