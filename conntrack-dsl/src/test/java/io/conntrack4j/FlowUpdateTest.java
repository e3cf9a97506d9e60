package io.conntrack4j;

import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The update value: what it changes and how the kernel computes the result. */
class FlowUpdateTest {

    @Test
    void markWithMaskIsOldAndNotMaskXorValue() {
        assertThat(FlowUpdate.none().mark(0xf0, 0xf0).applyMark(9)).isEqualTo(0xf9);
        assertThat(FlowUpdate.none().mark(0x10, 0xf0).applyMark(0xff)).isEqualTo(0x1f);
        assertThat(FlowUpdate.none().mark(0x2a).applyMark(0xdead_beefL)).isEqualTo(0x2a);
        // value bits outside the mask are XORed in, as the kernel does
        assertThat(FlowUpdate.none().mark(0x3, 0x1).applyMark(0x2)).isEqualTo(0x1);
        assertThat(FlowUpdate.none().mark(0, 0).applyMark(0xffff_ffffL)).isEqualTo(0xffff_ffffL);
        assertThat(FlowUpdate.none().mark(0, 0xffff_ffffL).applyMark(0xffff_ffffL)).isZero();
        assertThat(FlowUpdate.none().timeout(5).applyMark(77)).as("no mark change").isEqualTo(77);
    }

    @Test
    void labels() {
        final FlowUpdate u = FlowUpdate.none().addLabels(1, 2).removeLabels(3, 100);
        assertThat(u.applyLabels(Labels.of(3, 4, 100))).isEqualTo(Labels.of(1, 2, 4));
        assertThat(u.applyLabels(Labels.NONE)).isEqualTo(Labels.of(1, 2));
        assertThat(u.labelsToAdd()).isEqualTo(Labels.of(1, 2));
        assertThat(u.labelsToRemove()).isEqualTo(Labels.of(3, 100));
    }

    @Test
    void stepsAccumulateAndReturnNewValues() {
        final FlowUpdate none = FlowUpdate.none();
        assertThat(none.isEmpty()).isTrue();
        final FlowUpdate u = none.mark(1).timeout(600).setStatus(Status.ASSURED).setStatus(Status.SEEN_REPLY)
            .tcpState(TcpState.ESTABLISHED);
        assertThat(none.isEmpty()).as("unchanged").isTrue();
        assertThat(u.isEmpty()).isFalse();
        assertThat(u.statusToSet()).isEqualTo(StatusBits.of(Status.ASSURED, Status.SEEN_REPLY));
        assertThat(u.timeout()).contains(600L);
        assertThat(u.tcpState()).contains(TcpState.ESTABLISHED);
        assertThat(u).isEqualTo(FlowUpdate.none().tcpState(TcpState.ESTABLISHED).setStatus(Status.SEEN_REPLY,
            Status.ASSURED).timeout(600).mark(1));
        assertThat(u).hasToString("{mark=0x1, timeout=600, status+=SEEN_REPLY|ASSURED, state=ESTABLISHED}");
        assertThat(FlowUpdate.none().mark(0x10, 0xf0).addLabels(1).removeLabels(2))
            .hasToString("{mark=0x10/0xf0, labels+={1}, labels-={2}}");
        for (final FlowUpdate single : new FlowUpdate[] {none.mark(0), none.timeout(0), none.setStatus(Status.HELPER),
            none.addLabels(0), none.removeLabels(0), none.tcpState(TcpState.NONE)}) {
            assertThat(single.isEmpty()).as("%s", single).isFalse();
        }
    }
}
