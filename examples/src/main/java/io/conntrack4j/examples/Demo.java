package io.conntrack4j.examples;

import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowQuery;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.EventRecorder;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.text.ConntrackFormatter;
import io.vavr.collection.List;

/**
 * The no-root demo, on a simulated kernel: a TCP handshake, UDP and a ping go through its conntrack table, printed
 * after each step as {@code conntrack -G}/{@code -L} print it; then queries with the fluent DSL (and how kernels of
 * different ages would run them), an update, the virtual clock making flows expire, and every event of the session
 * as {@code conntrack -E} prints it. Finally the typed errors invalid input gets. No real kernel is touched.
 */
public final class Demo {
    private static final ConntrackFormatter CONNTRACK = ConntrackFormatter.DEFAULT;

    private Demo() {
    }

    /** @param args ignored */
    public static void main(final String[] args) {
        final SimulatedKernel kernel = SimulatedKernel.create();
        final Conntrack ct = kernel.conntrack();
        final EventRecorder events = kernel.recordEvents();
        final Tuple https = Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443);

        title("A TCP handshake through a simulated kernel (kernel.traffic()); the entry after each packet, as "
            + "conntrack -G prints it");
        final Traffic.TcpSession session = kernel.traffic().tcpSyn("10.0.0.1", 40000, "10.0.0.2", 443);
        show("SYN     ", ct, https);
        session.send(false, Packet.SYN | Packet.ACK, 0);
        show("SYN/ACK ", ct, https);
        session.send(true, Packet.ACK, 0);
        show("ACK     ", ct, https);

        title("A UDP request and response, a ping, a UDP request nobody answers; conntrack -L");
        kernel.traffic().udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);
        kernel.traffic().ping("10.0.0.1", "10.0.0.2", 7);
        kernel.inject(Packet.udp("10.0.0.1", 5354, "10.0.0.54", 53, 40));
        list(ct.flows());

        final List<FlowQuery> queries = List.of(
            ct.flows().proto(Protocol.TCP).dport(443),
            ct.flows().src("10.0.0.0/8").state(TcpState.ESTABLISHED),
            ct.flows().proto(Protocol.UDP).unreplied(),
            ct.flows().dst("10.0.0.2"));
        for (final FlowQuery query : queries) {
            title("Query " + query);
            System.out.println("-- explain(), on the simulated kernel (Linux 6.18):");
            indent(query.explain().toString());
            System.out.println("-- explain(Capabilities.ofKernel(4, 19)):");
            indent(query.explain(Capabilities.ofKernel(4, 19)).toString());
            System.out.println("-- list():");
            list(query);
        }

        title("Update: ct.flows().proto(TCP).dport(443).update(FlowUpdate.none().mark(0x2a))");
        System.out.println("   " + ct.flows().proto(Protocol.TCP).dport(443).update(FlowUpdate.none().mark(0x2a)));
        list(ct.flows().mark(0x2a));

        title("The virtual clock: UDP and ICMP entries time out after 30 s; TCP after a close and 120 s of TIME_WAIT");
        System.out.println("   now:    count " + ct.count());
        kernel.clock().advanceSeconds(31);
        System.out.println("   +31 s:  count " + ct.count() + " (expired entries count until collected), conntrack -L "
            + "lists " + ct.flows().count() + " (the dump collects them), count " + ct.count());
        session.close();
        show("close   ", ct, https);
        kernel.clock().advanceSeconds(121);
        System.out.println("   +121 s: conntrack -L lists " + ct.flows().count() + ", count " + ct.count());

        title("Every event of the session (kernel.recordEvents()), as conntrack -E prints them");
        for (final FlowEvent e : events.events()) {
            System.out.println(CONNTRACK.event(e));
        }

        title("Invalid input gets a typed error naming the field");
        tryIt(() -> Tuple.tcp("10.0.0.1", "10.0.0.2", 70000, 80));
        tryIt(() -> Tuple.tcp("10.0.0.1", "2001:db8::2", 1, 80));
        tryIt(() -> FlowQuery.flows().src("10.0.0.1").dst("2001:db8::1"));
        tryIt(() -> FlowQuery.flows().proto(Protocol.TCP).icmpType(8));
        tryIt(() -> Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).timeout(-1L));
    }

    private static void title(final String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    private static void show(final String step, final Conntrack ct, final Tuple tuple) {
        System.out.println("   " + step + ct.get(tuple).map(CONNTRACK::flow).getOrElse("(gone)"));
    }

    private static void list(final FlowQuery query) {
        query.list().forEach(f -> System.out.println("   " + CONNTRACK.flow(f)));
    }

    private static void indent(final String text) {
        text.lines().forEach(l -> System.out.println("   " + l));
    }

    private static void tryIt(final Runnable action) {
        try {
            action.run();
            System.out.println("   (accepted)");
        } catch (final InvalidValueException e) {
            System.out.println("   " + e.getClass().getSimpleName() + " field=" + e.field() + ": " + e.getMessage());
        }
    }
}
