package io.conntrack4j.cli.internal;

import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Subscribe;
import io.conntrack4j.spi.SubscribeExpectations;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code conntrack -E}: prints every event that passes the command line's filter until SIGINT or SIGTERM, then
 * closes the XML document if one was started and prints the summary, exiting 0 as conntrack does. The family and
 * the original tuple are checked by a socket filter in the kernel, the rest here. {@code -b} sizes the event socket
 * (1.4.7 applies it to another socket by mistake, Q3); an overrun prints conntrack's warning and the stream goes on.
 * {@code conntrack -E expect} prints every expectation event (it takes no filter, only {@code -o}).
 */
final class EventPrinter {
    private final Template t;
    private final Backend backend;
    private final Io io;
    private final Output output;
    private final UserFilter filter;
    private final boolean expectations;
    private final ProgramNames programs = new ProgramNames();
    private final Object lock = new Object();
    private long shown;
    private boolean finished;

    EventPrinter(final Template t, final Backend backend, final Io io, final Output output, final UserFilter filter) {
        this.t = t;
        this.backend = backend;
        this.io = io;
        this.output = output;
        this.filter = filter;
        this.expectations = t.command == Cmd.EXP_EVENT;
    }

    /** @return never: the JVM halts with status 0 after SIGINT or SIGTERM */
    long run() {
        final Thread summary = new Thread(this::finish, "conntrack4j -E summary");
        Runtime.getRuntime().addShutdownHook(summary);
        try {
            return expectations ? printExpectationEvents() : printFlowEvents();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(summary);
            } catch (final IllegalStateException shuttingDown) {
                // SIGINT arrived: the hook prints the summary
            }
        }
    }

    private long printExpectationEvents() {
        // 1.4.7 joins the three expectation groups (the kernel sends nothing on the UPDATE one)
        return print(backend.subscribeExpectations(new SubscribeExpectations(EnumSet.allOf(EventType.class))));
    }

    private long printFlowEvents() {
        final Set<EventType> types = EnumSet.noneOf(EventType.class);
        final int mask = t.has(Opt.EVENT_MASK) ? t.eventMask : Keywords.E_NEW | Keywords.E_UPDATE | Keywords.E_DESTROY;
        if ((mask & Keywords.E_NEW) != 0) {
            types.add(EventType.NEW);
        }
        if ((mask & Keywords.E_UPDATE) != 0) {
            types.add(EventType.UPDATE);
        }
        if ((mask & Keywords.E_DESTROY) != 0) {
            types.add(EventType.DESTROY);
        }
        final int buffer = t.has(Opt.BUFFERSIZE) ? (int) Math.min(Integer.MAX_VALUE / 2, Math.max(0, t.bufferSize))
            : Subscribe.DEFAULT_RECEIVE_BUFFER;
        if (types.isEmpty()) {
            // -e with only ignored keywords (-e D is DST_NAT): 1.4.7 binds to no group and waits for a signal
            waitForSignal();
        }
        final Stream<EventSignal> signals = backend.subscribe(new Subscribe(types, Pushdown.forEvents(t), buffer,
            false));
        if (t.has(Opt.BUFFERSIZE)) {
            io.err().print("NOTICE: Netlink socket buffer size has been set to " + (2L * buffer) + " bytes.\n");
        }
        return print(signals);
    }

    private long print(final Stream<EventSignal> events) {
        try (Stream<EventSignal> signals = events) {
            final Iterator<EventSignal> it = signals.iterator();
            while (it.hasNext()) {
                print(it.next());
            }
        }
        return shown;
    }

    private static void waitForSignal() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void print(final EventSignal signal) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            if (signal instanceof EventSignal.Overrun) {
                io.err().print("WARNING: We have hit ENOBUFS! We are losing events.\n"
                    + "This message means that the current netlink socket buffer size is too small.\n"
                    + "Please, check --buffer-size in conntrack(8) manpage.\n");
                return;
            }
            if (signal instanceof ExpectationEvent) {
                final ExpectationEvent x = (ExpectationEvent) signal;
                output.expectationEvent(x.type(), x.expectation());
                output.flush();
                shown++;
                return;
            }
            if (!(signal instanceof FlowEvent)) {
                return;
            }
            final FlowEvent e = (FlowEvent) signal;
            final int family = e.flow().original().source().isV4() ? Template.AF_INET : Template.AF_INET6;
            if (t.family != 0 && t.family != family || !filter.test(e.flow())) {
                return;
            }
            output.eventHeader();
            final String progname = e.portId() != 0 ? programs.of(e.portId()) : null;
            output.line(output.formatter().event(e, progname));
            output.flush();
            shown++;
        }
    }

    private void finish() {
        synchronized (lock) {
            finished = true;
            if (expectations) {
                output.endExpectDocument();
            } else {
                output.endDocument();
            }
            output.flush();
            io.err().print(Messages.prefix() + shown + (expectations ? " expectation" : " flow")
                + " events have been shown.\n");
            io.err().flush();
        }
        Runtime.getRuntime().halt(0);
    }
}
