package io.conntrack4j.text;

import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;

/** Renders flows, events and expectations in conntrack 1.4.7's text formats. (Being completed.) */
public final class ConntrackFormatter {
    /** The default one-line format, system clock. */
    public static final ConntrackFormatter DEFAULT = new ConntrackFormatter();

    private ConntrackFormatter() {
    }

    /** @param flow a flow @return its line */
    public String flow(final Flow flow) {
        return flow.original().toString();
    }

    /** @param event an event @return its line */
    public String event(final FlowEvent event) {
        return event.type().tag() + " " + flow(event.flow());
    }

    /** @param expectation an expectation @return its line */
    public String expectation(final Expectation expectation) {
        return expectation.expected().toString();
    }
}
