package io.conntrack4j.sim.events;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ExpectationEventsContract} on the simulator's own face, {@code SimulatedBackend}, and its expiry. */
class ExpectationEventsSimTest extends ExpectationEventsContract {
    private final SimulatedKernel kernel = SimulatedKernel.builder().helpers("ftp").build();

    @Override
    protected Conntrack open() {
        return kernel.conntrack();
    }

    /**
     * Simulator-only, because an ftp expectation lives the helper's 5 minutes on the kernel: when it runs out, its
     * DESTROY event comes at once with no time left (each expectation has a timer of its own, unlike flows, which
     * wait for the garbage collector or a lookup).
     */
    @Test
    void expiryIsADestroyWithNoTimeLeft() throws InterruptedException {
        master(MASTER);
        expect(EXPECTED, MASK, MASTER, 200);
        assertThat(next(1)).extracting(ExpectationEvent::type).containsExactly(EventType.NEW);
        kernel.clock().advance(Duration.ofSeconds(299));
        nothingMore();
        kernel.clock().advance(Duration.ofSeconds(2));

        final List<ExpectationEvent> events = next(1);
        assertThat(events.get(0).type()).isEqualTo(EventType.DESTROY);
        assertThat(events.get(0).expectation().expected()).isEqualTo(EXPECTED);
        assertThat(events.get(0).expectation().timeout()).contains(0L);
        nothingMore();
    }
}
