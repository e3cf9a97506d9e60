package io.conntrack4j.text;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;
import io.vavr.control.Option;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Renders flows, events, expectations and statistics byte for byte as {@code conntrack} 1.4.7 with
 * libnetfilter_conntrack 1.0.9 prints them. Immutable and thread-safe; configure one with {@link #builder()}.
 *
 * <p>Every method returns the text without the final newline the CLI adds. The configuration is:
 * <ul>
 *   <li>the {@link OutputOption}s of {@code -o} ({@link OutputOption#SAVE} excludes the others);</li>
 *   <li>a {@link Clock}: {@code delta-time} of a live flow is now − start, and the {@code -o timestamp} event prefix
 *       and XML {@code <when>} show the time of printing (1.4.7 uses the userspace receive time, not the kernel's
 *       event timestamp);</li>
 *   <li>a {@link ZoneId}: the local time of {@code [start=...]}, {@code [stop=...]} and {@code <when>};</li>
 *   <li>a {@link LabelMap}: {@code -o labels} prints names only when a non-empty map is configured, as 1.4.7
 *       prints nothing without {@code /etc/xtables/connlabel.conf}.</li>
 * </ul>
 */
public final class ConntrackFormatter {
    /** No output option, the system clock and time zone, no label map: the plain {@code conntrack -L} format. */
    public static final ConntrackFormatter DEFAULT = builder().build();

    private static final String XML_HEADER = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

    private final Set<OutputOption> options;
    private final Clock clock;
    private final ZoneId zone;
    private final LabelMap labelMap;
    private final boolean save;
    private final boolean xml;

    private ConntrackFormatter(final Builder b) {
        this.options = Collections.unmodifiableSet(EnumSet.copyOf(b.options));
        this.clock = b.clock;
        this.zone = b.zone;
        this.labelMap = b.labelMap == null || b.labelMap.isEmpty() ? null : b.labelMap;
        this.save = options.contains(OutputOption.SAVE);
        this.xml = options.contains(OutputOption.XML);
    }

    /** @return a builder with no option, the system clock and time zone, and no label map */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this formatter's configuration */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.options.addAll(options);
        b.clock = clock;
        b.zone = zone;
        b.labelMap = labelMap;
        return b;
    }

    /** @return the output options (unmodifiable) */
    public Set<OutputOption> options() {
        return options;
    }

    /**
     * @param option an output option
     * @return true if it is configured
     */
    public boolean has(final OutputOption option) {
        return options.contains(option);
    }

    /** @return the clock for {@code delta-time}, timestamp prefixes and {@code <when>} */
    public Clock clock() {
        return clock;
    }

    /** @return the time zone of ctime-style dates and {@code <when>} */
    public ZoneId zone() {
        return zone;
    }

    /** @return the label map used for {@code -o labels}, if one with at least one name is configured */
    public Option<LabelMap> labelMap() {
        return Option.of(labelMap);
    }

    /**
     * @param flow a flow
     * @return its line as {@code conntrack -L} prints it
     */
    public String flow(final Flow flow) {
        return appendFlow(new StringBuilder(256), flow, FlowContext.LIST).toString();
    }

    /**
     * @param flow    a flow
     * @param context why it is printed (the options and the {@code -o save} prefix depend on it)
     * @return its line
     */
    public String flow(final Flow flow, final FlowContext context) {
        return appendFlow(new StringBuilder(256), flow, context).toString();
    }

    /**
     * Appends a flow line, for printing many flows with one buffer.
     *
     * @param sb      where to append (no newline is added)
     * @param flow    a flow
     * @param context why it is printed
     * @return {@code sb}
     */
    public StringBuilder appendFlow(final StringBuilder sb, final Flow flow, final FlowContext context) {
        Check.notNull("flow", flow);
        Check.notNull("context", context);
        if (save) {
            SaveFlowWriter.write(sb, flow, context.savePrefix());
            return sb;
        }
        int flags = 0;
        if (context.printsKtimestamp() && options.contains(OutputOption.KTIMESTAMP)) {
            flags |= Flags.KTIMESTAMP;
        }
        final LabelMap labels = context.printsLabels() && options.contains(OutputOption.LABELS) ? labelMap : null;
        final Instant now = clock.instant();
        if (xml) {
            XmlFlowWriter.write(sb, flow, null, flags, labels, now, zone);
        } else {
            DefaultFlowWriter.write(sb, flow, null, flags | lineFlags(), labels, now.getEpochSecond(), zone);
        }
        return sb;
    }

    /**
     * @param event an event
     * @return its line as {@code conntrack -E} prints it, without a program name
     */
    public String event(final FlowEvent event) {
        return event(event, null);
    }

    /**
     * @param event    an event
     * @param progname the name of the program whose socket caused it ({@code progname=}), or null if unknown;
     *                 used only when the event has a port id
     * @return its line as {@code conntrack -E} prints it
     */
    public String event(final FlowEvent event, final String progname) {
        return appendEvent(new StringBuilder(256), event, progname).toString();
    }

    /**
     * Appends an event line: the {@code -o timestamp} prefix, the {@code %9s} tag and the flow (or the
     * {@code <flow type=..>} element, or the save line with {@code -A}/{@code -U}/{@code -D}), then, for an event
     * a program caused, {@code  [USERSPACE] portid=N[ progname=X]} (1.4.7 appends it to XML and save output too).
     *
     * @param sb       where to append (no newline is added)
     * @param event    an event
     * @param progname the causing program's name, or null
     * @return {@code sb}
     */
    public StringBuilder appendEvent(final StringBuilder sb, final FlowEvent event, final String progname) {
        Check.notNull("event", event);
        final Instant now = clock.instant();
        if (save) {
            SaveFlowWriter.write(sb, event.flow(), savePrefix(event.type()));
        } else {
            int flags = options.contains(OutputOption.KTIMESTAMP) ? Flags.KTIMESTAMP : 0;
            final boolean timestamp = options.contains(OutputOption.TIMESTAMP);
            final LabelMap labels = options.contains(OutputOption.LABELS) ? labelMap : null;
            if (xml) {
                if (timestamp) {
                    flags |= Flags.TIME;
                }
                XmlFlowWriter.write(sb, event.flow(), event.type(), flags, labels, now, zone);
            } else {
                if (timestamp) {
                    TimeText.eventPrefix(sb, now);
                }
                DefaultFlowWriter.write(sb, event.flow(), event.type(), flags | lineFlags(), labels,
                    now.getEpochSecond(), zone);
            }
        }
        if (event.portId() != 0) {
            sb.append(" [USERSPACE] portid=").append(event.portId());
            if (progname != null) {
                sb.append(" progname=").append(progname);
            }
        }
        return sb;
    }

    /**
     * @param expectation an expectation
     * @return its line as {@code conntrack -L expect} prints it ({@code -o xml} and {@code -o timestamp} apply;
     *     {@code -o save} does not exist for expectations and prints the plain line)
     */
    public String expectation(final Expectation expectation) {
        return expectationLine(expectation, null);
    }

    /**
     * @param type        the event type
     * @param expectation the expectation the event carries
     * @return its line as {@code conntrack -E expect} prints it
     */
    public String expectationEvent(final EventType type, final Expectation expectation) {
        return expectationLine(expectation, Check.notNull("type", type));
    }

    private String expectationLine(final Expectation expectation, final EventType type) {
        Check.notNull("expectation", expectation);
        final StringBuilder sb = new StringBuilder(256);
        final boolean timestamp = options.contains(OutputOption.TIMESTAMP);
        final Instant now = clock.instant();
        if (xml) {
            ExpectationWriter.writeXml(sb, expectation, type, timestamp ? Flags.TIME : 0, now, zone);
        } else {
            if (timestamp) {
                TimeText.expectationPrefix(sb, now);
            }
            ExpectationWriter.write(sb, expectation, type);
        }
        return sb.toString();
    }

    /**
     * @param stats one CPU's statistics
     * @return the {@code conntrack -S} line: {@code cpu=N   \tname=V ...} with a trailing blank
     */
    public String cpuStats(final CpuStats stats) {
        final StringBuilder sb = new StringBuilder(224);
        StatsWriter.cpu(sb, Check.notNull("stats", stats));
        return sb.toString();
    }

    /**
     * @param stats one CPU's expectation statistics
     * @return the {@code conntrack -S expect} line, with a trailing blank
     */
    public String expectationStats(final ExpectationStats stats) {
        final StringBuilder sb = new StringBuilder(80);
        StatsWriter.expectation(sb, Check.notNull("stats", stats));
        return sb.toString();
    }

    /**
     * @param stats the global statistics
     * @return the {@code conntrack -C} line: the entry count, printed as a signed 32-bit value ({@code %d})
     */
    public String count(final GlobalStats stats) {
        return Integer.toString((int) Check.notNull("stats", stats).entries());
    }

    /**
     * @param count a number of entries (e.g. the expectations {@code conntrack -C expect} counted)
     * @return the {@code -C} line ({@code %d})
     */
    public String count(final long count) {
        return Integer.toString((int) count);
    }

    /** @return the two lines {@code conntrack -o xml} prints before the first flow or event (no final newline) */
    public String xmlHeader() {
        return XML_HEADER + "<conntrack>";
    }

    /** @return the line that closes the flow XML document */
    public String xmlFooter() {
        return "</conntrack>";
    }

    /** @return the two lines {@code conntrack -L expect -o xml} prints before the first expectation */
    public String expectationXmlHeader() {
        return XML_HEADER + "<expect>";
    }

    /** @return the line that closes the expectation XML document */
    public String expectationXmlFooter() {
        return "</expect>";
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner(",", "ConntrackFormatter[-o ", "]");
        options.forEach(o -> j.add(o.keyword()));
        return j + " zone=" + zone + (labelMap == null ? "" : " labels=" + labelMap.size());
    }

    private int lineFlags() {
        int flags = 0;
        if (options.contains(OutputOption.EXTENDED)) {
            flags |= Flags.LAYER3;
        }
        if (options.contains(OutputOption.ID)) {
            flags |= Flags.ID;
        }
        return flags;
    }

    private static String savePrefix(final EventType type) {
        switch (type) {
            case NEW:
                return "-A ";
            case UPDATE:
                return "-U ";
            default:
                return "-D ";
        }
    }

    /** Builds a {@link ConntrackFormatter}; {@link #build()} checks that the options can be combined. */
    public static final class Builder {
        private final EnumSet<OutputOption> options = EnumSet.noneOf(OutputOption.class);
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.systemDefault();
        private LabelMap labelMap;

        private Builder() {
        }

        /**
         * @param values output options to add
         * @return this builder
         */
        public Builder options(final OutputOption... values) {
            for (final OutputOption o : values) {
                options.add(Check.notNull("output option", o));
            }
            return this;
        }

        /**
         * @param values output options to add
         * @return this builder
         */
        public Builder options(final Collection<OutputOption> values) {
            for (final OutputOption o : values) {
                options.add(Check.notNull("output option", o));
            }
            return this;
        }

        /**
         * @param value the clock for delta-time and timestamps
         * @return this builder
         */
        public Builder clock(final Clock value) {
            clock = Check.notNull("clock", value);
            return this;
        }

        /**
         * @param value the local time zone of ctime dates and {@code <when>}
         * @return this builder
         */
        public Builder zone(final ZoneId value) {
            zone = Check.notNull("zone", value);
            return this;
        }

        /**
         * @param value the label names, or null for none (labels are then not printed)
         * @return this builder
         */
        public Builder labelMap(final LabelMap value) {
            labelMap = value;
            return this;
        }

        /**
         * @return the formatter
         * @throws InvalidValueException if {@code save} is combined with another option but {@code userspace}
         *     (conntrack: "cannot combine save output with any other output type, use -o save only")
         */
        public ConntrackFormatter build() {
            if (options.contains(OutputOption.SAVE)) {
                final EnumSet<OutputOption> others = EnumSet.copyOf(options);
                others.remove(OutputOption.SAVE);
                others.remove(OutputOption.USERSPACE);
                if (!others.isEmpty()) {
                    final StringJoiner j = new StringJoiner(",");
                    options.forEach(o -> j.add(o.keyword()));
                    throw new InvalidValueException("output", j,
                        "cannot combine save output with any other output type, use -o save only");
                }
            }
            return new ConntrackFormatter(this);
        }
    }
}
