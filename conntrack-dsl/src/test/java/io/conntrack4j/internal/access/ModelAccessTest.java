package io.conntrack4j.internal.access;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoders' way to a flow gives what the builder gives, with the same cross-field checks. */
class ModelAccessTest {
    private static final Tuple ORIGINAL = Tuple.tcp("10.0.0.1", "10.0.0.2", 1000, 443);

    @Test
    void anAssembledFlowEqualsTheBuiltOne() {
        final Flow assembled = ModelAccess.flows().assemble(ORIGINAL, ORIGINAL.inverse(), new StatusBits(8), 30L,
            null, 0L, 3, Labels.NONE, null, null, 1L, new FlowId(7), new Counters(1, 60), null,
            Timestamps.started(5), null, null, null, null, null);
        final Flow built = Flow.builder(ORIGINAL).reply(ORIGINAL.inverse()).status(new StatusBits(8)).timeout(30L)
            .mark(0L).zone(3).use(1L).id(new FlowId(7)).countersOriginal(new Counters(1, 60))
            .timestamps(Timestamps.started(5)).build();
        assertThat(assembled).isEqualTo(built).hasToString(built.toString());
    }

    @Test
    void theCrossFieldChecksStillRun() {
        final Tuple udpReply = Tuple.udp("10.0.0.2", "10.0.0.1", 443, 1000);
        assertThatThrownBy(() -> ModelAccess.flows().assemble(ORIGINAL, udpReply, null, null, null, null, 0,
            Labels.NONE, null, null, null, null, null, null, null, null, null, null, null, null))
            .isInstanceOf(InvalidValueException.class).hasMessageContaining("protocol differs");
        assertThatThrownBy(() -> ModelAccess.flows().assemble(null, null, null, null, null, null, 0,
            Labels.NONE, null, null, null, null, null, null, null, null, null, null, null, null))
            .isInstanceOf(InvalidValueException.class).hasMessageContaining("original tuple");
    }
}
