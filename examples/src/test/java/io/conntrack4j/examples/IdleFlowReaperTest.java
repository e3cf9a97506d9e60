package io.conntrack4j.examples;

import io.conntrack4j.Conntrack;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.EventRecorder;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.sim.VirtualClock;
import io.conntrack4j.sim.junit.SimulatedConntrack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IdleFlowReaper} on a simulated kernel: real TCP state machine, virtual time, events. */
@SimulatedConntrack
class IdleFlowReaperTest {
    private static final Tuple IDLE = Tuple.tcp("10.0.0.1", "10.0.0.80", 40001, 443);
    private static final Tuple BUSY = Tuple.tcp("10.0.0.2", "10.0.0.80", 40002, 443);

    @Test
    void deletesOnlyTheConnectionsIdleLongerThanTheLimit(final Conntrack ct, final Traffic traffic,
                                                         final VirtualClock clock, final EventRecorder events) {
        traffic.tcpHandshake("10.0.0.1", 40001, "10.0.0.80", 443);
        final Traffic.TcpSession busy = traffic.tcpHandshake("10.0.0.2", 40002, "10.0.0.80", 443);
        clock.advanceSeconds(200);
        busy.data(true, 500);                  // resets the busy connection's timeout
        clock.advanceSeconds(200);             // idle: 400 s, busy: 200 s

        final IdleFlowReaper.Report report = new IdleFlowReaper(ct, 443, Duration.ofSeconds(300)).run();

        assertThat(report).isEqualTo(new IdleFlowReaper.Report(2, 1, 1, 0));
        assertThat(ct.get(IDLE)).isEmpty();
        assertThat(ct.get(BUSY).get()).hasState(TcpState.ESTABLISHED).isAssured()
            .hasTimeoutBetween(IdleFlowReaper.DEFAULT_ESTABLISHED_TIMEOUT - 200,
                IdleFlowReaper.DEFAULT_ESTABLISHED_TIMEOUT - 200);
        assertThat(events.events()).containsDestroy(IDLE);
        assertThat(events.events().stream().filter(e -> e.type() == EventType.DESTROY).map(FlowEvent::fromUserspace))
            .as("one DESTROY, caused by the reaper's netlink socket").containsExactly(true);
    }

    @Test
    void measuresIdleTimeFromTheTimeoutLeft(final Conntrack ct, final Traffic traffic, final VirtualClock clock) {
        traffic.tcpHandshake("10.0.0.1", 40001, "10.0.0.80", 443);
        clock.advanceSeconds(1234);
        final IdleFlowReaper reaper = new IdleFlowReaper(ct, 443, Duration.ofHours(1));
        assertThat(reaper.idleSeconds(ct.get(IDLE).get())).isEqualTo(1234);
        assertThat(reaper.run()).isEqualTo(new IdleFlowReaper.Report(1, 0, 0, 0));
        assertThat(ct.get(IDLE)).isNotEmpty();
    }

    @Test
    void leavesOtherPortsOtherStatesAndOtherProtocolsAlone(final Conntrack ct, final Traffic traffic,
                                                           final VirtualClock clock, final EventRecorder events) {
        traffic.tcpHandshake("10.0.0.1", 40001, "10.0.0.22", 22);             // another port
        traffic.tcpSyn("10.0.0.3", 40003, "10.0.0.80", 443);                  // SYN_SENT, not established
        traffic.tcpHandshake("10.0.0.4", 40004, "10.0.0.80", 443).close();    // TIME_WAIT
        traffic.udpExchange("10.0.0.5", 40005, "10.0.0.80", 443);             // QUIC, not TCP
        clock.advanceSeconds(25);
        events.drain();

        final IdleFlowReaper.Report report = new IdleFlowReaper(ct, 443, Duration.ofSeconds(10)).run();

        assertThat(report.examined()).isZero();
        assertThat(ct.flows().count()).isEqualTo(4);
        assertThat(events.events()).isEmpty();
    }

    @Test
    @SimulatedConntrack(sysctls = "nf_conntrack_tcp_timeout_established=3600")
    void worksWithAShorterEstablishedTimeout(final Conntrack ct, final Traffic traffic, final VirtualClock clock) {
        traffic.tcpHandshake("10.0.0.1", 40001, "10.0.0.80", 443);
        clock.advanceSeconds(120);
        final Traffic.TcpSession busy = traffic.tcpHandshake("10.0.0.2", 40002, "10.0.0.80", 443);
        clock.advanceSeconds(30);
        busy.data(false, 1000);

        assertThat(new IdleFlowReaper(ct, 443, Duration.ofMinutes(1), 3600).run())
            .isEqualTo(new IdleFlowReaper.Report(2, 1, 1, 0));
        assertThat(ct.flows().list()).singleElement().satisfies(f -> assertThat(f).hasOriginal(BUSY));
    }

    @Test
    void aLimitBeyondTheTimeoutIsRefused(final Conntrack ct) {
        assertThatThrownBy(() -> new IdleFlowReaper(ct, 443, Duration.ofDays(6)))
            .isInstanceOf(InvalidValueException.class).hasMessageContaining("idle limit");
    }
}
