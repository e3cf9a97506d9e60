package io.conntrack4j;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.vavr.control.Option;

import java.util.StringJoiner;

/**
 * The changes an update applies to each selected flow, as an immutable value. Only what the kernel lets an update
 * change is offered: the mark (with a mask: {@code new = (old & ~mask) ^ value}), the timeout, status bits that can
 * be set (SEEN_REPLY, ASSURED, FIXED_TIMEOUT, HELPER; the kernel never clears a bit), labels to add and remove, and
 * the TCP state.
 *
 * <pre>{@code
 * ct.flows().dport(443).update(FlowUpdate.none().mark(0x10, 0xf0).timeout(600));
 * }</pre>
 *
 * @param mark         the new mark value and the mask of bits it replaces
 * @param timeout      the new timeout in seconds
 * @param statusToSet  status bits to set
 * @param labelsToAdd  labels to set
 * @param labelsToRemove labels to clear
 * @param tcpState     the new TCP state
 */
public record FlowUpdate(Option<MarkMatch> mark, Option<Long> timeout, StatusBits statusToSet, Labels labelsToAdd,
                         Labels labelsToRemove, Option<TcpState> tcpState) {

    /** Validates the changes. */
    public FlowUpdate {
        Check.notNull("mark", mark);
        timeout.forEach(t -> Check.u32("timeout", t));
        Check.notNull("status", statusToSet);
        if ((statusToSet.value() & ~Status.SETTABLE) != 0) {
            throw new InvalidValueException("status", new StatusBits(statusToSet.value() & ~Status.SETTABLE),
                "an update can only set SEEN_REPLY, ASSURED, FIXED_TIMEOUT and HELPER");
        }
        Check.notNull("labels to add", labelsToAdd);
        Check.notNull("labels to remove", labelsToRemove);
        if (!labelsToAdd.minus(labelsToRemove).equals(labelsToAdd)) {
            throw new InvalidValueException("labels", labelsToAdd, "a label cannot be both added and removed");
        }
        Check.notNull("tcp state", tcpState);
    }

    /** @return the update that changes nothing, to start from */
    public static FlowUpdate none() {
        return new FlowUpdate(Option.none(), Option.none(), StatusBits.NONE, Labels.NONE, Labels.NONE, Option.none());
    }

    /**
     * @param value the new mark (u32)
     * @return this update setting the whole mark
     */
    public FlowUpdate mark(final long value) {
        return mark(value, 0xFFFF_FFFFL);
    }

    /**
     * @param value the bits to write (u32)
     * @param mask  the bits to replace (u32): {@code new = (old & ~mask) ^ value}
     * @return this update changing the masked mark bits
     */
    public FlowUpdate mark(final long value, final long mask) {
        return new FlowUpdate(Option.some(new MarkMatch(value, mask)), timeout, statusToSet, labelsToAdd,
            labelsToRemove, tcpState);
    }

    /**
     * @param seconds the new timeout in seconds
     * @return this update setting the timeout
     */
    public FlowUpdate timeout(final long seconds) {
        return new FlowUpdate(mark, Option.some(seconds), statusToSet, labelsToAdd, labelsToRemove, tcpState);
    }

    /**
     * @param bits status bits to set (SEEN_REPLY, ASSURED, FIXED_TIMEOUT, HELPER)
     * @return this update also setting those bits
     */
    public FlowUpdate setStatus(final Status... bits) {
        return new FlowUpdate(mark, timeout, new StatusBits(statusToSet.value() | StatusBits.of(bits).value()),
            labelsToAdd, labelsToRemove, tcpState);
    }

    /**
     * @param labels label bits to set
     * @return this update also adding those labels
     */
    public FlowUpdate addLabels(final int... labels) {
        return new FlowUpdate(mark, timeout, statusToSet, labelsToAdd.union(Labels.of(labels)), labelsToRemove,
            tcpState);
    }

    /**
     * @param labels label bits to clear
     * @return this update also removing those labels
     */
    public FlowUpdate removeLabels(final int... labels) {
        return new FlowUpdate(mark, timeout, statusToSet, labelsToAdd, labelsToRemove.union(Labels.of(labels)),
            tcpState);
    }

    /**
     * @param state the new TCP state (the query must select TCP flows)
     * @return this update setting the TCP state
     */
    public FlowUpdate tcpState(final TcpState state) {
        return new FlowUpdate(mark, timeout, statusToSet, labelsToAdd, labelsToRemove, Option.some(state));
    }

    /** @return true if the update changes nothing */
    public boolean isEmpty() {
        return mark.isEmpty() && timeout.isEmpty() && statusToSet.value() == 0 && labelsToAdd.isEmpty()
            && labelsToRemove.isEmpty() && tcpState.isEmpty();
    }

    /** @return the label bits this update replaces (CTA_LABELS_MASK): those it adds and those it removes */
    public Labels labelsMask() {
        return labelsToAdd.union(labelsToRemove);
    }

    /**
     * The labels a flow has after this update, as the kernel computes them.
     *
     * @param current the flow's labels
     * @return the new labels
     */
    public Labels applyLabels(final Labels current) {
        return current.minus(labelsToRemove).union(labelsToAdd);
    }

    /**
     * The mark a flow has after this update, as the kernel computes it.
     *
     * @param current the flow's mark
     * @return the new mark
     */
    public long applyMark(final long current) {
        return mark.map(m -> (current & ~m.mask() & 0xFFFF_FFFFL) ^ m.value()).getOrElse(current);
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner(", ", "{", "}");
        mark.forEach(m -> j.add("mark=" + m));
        timeout.forEach(t -> j.add("timeout=" + t));
        if (statusToSet.value() != 0) {
            j.add("status+=" + statusToSet);
        }
        if (!labelsToAdd.isEmpty()) {
            j.add("labels+=" + labelsToAdd);
        }
        if (!labelsToRemove.isEmpty()) {
            j.add("labels-=" + labelsToRemove);
        }
        tcpState.forEach(s -> j.add("state=" + s));
        return j.toString();
    }
}
