package io.conntrack4j.sim.assertj;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;

import java.util.List;

/**
 * Entry point of the AssertJ assertions for conntrack values: {@code assertThat(flow).isAssured()},
 * {@code assertThat(events).containsNew(tuple)}. Static-import {@code assertThat} next to AssertJ's own.
 */
public final class ConntrackAssertions {
    private ConntrackAssertions() {
    }

    /**
     * @param actual a flow
     * @return assertions on it
     */
    public static FlowAssert assertThat(final Flow actual) {
        return new FlowAssert(actual);
    }

    /**
     * @param actual events, in the order they were received
     * @return assertions on them
     */
    public static FlowEventsAssert assertThat(final List<FlowEvent> actual) {
        return new FlowEventsAssert(actual);
    }
}
