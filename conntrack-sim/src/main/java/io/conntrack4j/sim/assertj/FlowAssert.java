package io.conntrack4j.sim.assertj;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a {@link Flow}; failure messages show the flow. */
public final class FlowAssert extends AbstractAssert<FlowAssert, Flow> {

    FlowAssert(final Flow actual) {
        super(actual, FlowAssert.class);
    }

    private StatusBits status() {
        isNotNull();
        return actual.status().getOrElse(StatusBits.NONE);
    }

    /**
     * @param bits status bits that must all be set
     * @return this
     */
    public FlowAssert hasStatus(final Status... bits) {
        final StatusBits s = status();
        for (final Status b : bits) {
            if (!s.has(b)) {
                failWithMessage("expected status %s to contain %s in%n  %s", s, b, actual);
            }
        }
        return this;
    }

    /**
     * @param bits status bits that must all be clear
     * @return this
     */
    public FlowAssert doesNotHaveStatus(final Status... bits) {
        final StatusBits s = status();
        for (final Status b : bits) {
            if (s.has(b)) {
                failWithMessage("expected status %s not to contain %s in%n  %s", s, b, actual);
            }
        }
        return this;
    }

    /** @return this, if ASSURED is set */
    public FlowAssert isAssured() {
        return hasStatus(Status.ASSURED);
    }

    /** @return this, if ASSURED is clear */
    public FlowAssert isNotAssured() {
        return doesNotHaveStatus(Status.ASSURED);
    }

    /** @return this, if a reply was seen (SEEN_REPLY) */
    public FlowAssert isReplied() {
        return hasStatus(Status.SEEN_REPLY);
    }

    /** @return this, if no reply was seen ({@code [UNREPLIED]}) */
    public FlowAssert isUnreplied() {
        return doesNotHaveStatus(Status.SEEN_REPLY);
    }

    /**
     * @param state the expected TCP state
     * @return this
     */
    public FlowAssert hasState(final TcpState state) {
        isNotNull();
        if (!actual.tcpState().contains(state)) {
            failWithMessage("expected TCP state %s but was %s in%n  %s", state,
                actual.tcpState().map(Object::toString).getOrElse("none"), actual);
        }
        return this;
    }

    /**
     * @param mark the expected mark
     * @return this
     */
    public FlowAssert hasMark(final long mark) {
        isNotNull();
        if (actual.markValue() != mark) {
            failWithMessage("expected mark %d but was %d in%n  %s", mark, actual.markValue(), actual);
        }
        return this;
    }

    /**
     * @param zone the expected zone id
     * @return this
     */
    public FlowAssert hasZone(final int zone) {
        isNotNull();
        if (actual.zoneId() != zone) {
            failWithMessage("expected zone %d but was %d in%n  %s", zone, actual.zoneId(), actual);
        }
        return this;
    }

    /**
     * @param min the smallest acceptable remaining timeout, seconds
     * @param max the largest
     * @return this
     */
    public FlowAssert hasTimeoutBetween(final long min, final long max) {
        isNotNull();
        if (actual.timeout().isEmpty() || actual.timeout().get() < min || actual.timeout().get() > max) {
            failWithMessage("expected a timeout in [%d, %d] but was %s in%n  %s", min, max,
                actual.timeout().map(Object::toString).getOrElse("none"), actual);
        }
        return this;
    }

    /**
     * @param tuple the expected original tuple
     * @return this
     */
    public FlowAssert hasOriginal(final Tuple tuple) {
        isNotNull();
        if (!actual.original().equals(tuple)) {
            failWithMessage("expected original tuple %s but was %s", tuple, actual.original());
        }
        return this;
    }

    /**
     * @param bits label bits that must be set
     * @return this
     */
    public FlowAssert hasLabels(final int... bits) {
        isNotNull();
        if (!actual.labels().containsAll(Labels.of(bits))) {
            failWithMessage("expected labels %s in %s", Labels.of(bits), actual.labels());
        }
        return this;
    }

    /**
     * @param packets expected packets in the original direction
     * @param bytes   expected bytes in the original direction
     * @return this
     */
    public FlowAssert hasOriginalCounters(final long packets, final long bytes) {
        isNotNull();
        if (actual.countersOriginal().isEmpty() || actual.countersOriginal().get().packets() != packets
            || actual.countersOriginal().get().bytes() != bytes) {
            failWithMessage("expected original counters %d packets / %d bytes but were %s", packets, bytes,
                actual.countersOriginal().map(Object::toString).getOrElse("absent (accounting off?)"));
        }
        return this;
    }
}
