package io.conntrack4j.examples;

import io.conntrack4j.FlowQuery;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.Plan;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Capabilities;
import io.vavr.collection.List;

/**
 * The no-root demo: builds queries with the fluent DSL, shows how each one would run on kernels of different ages
 * (what the kernel filters, what Java filters), evaluates them on sample flows printed exactly as
 * {@code conntrack -L} prints them, and shows the typed errors invalid input gets. No kernel is touched.
 */
public final class Demo {
    private Demo() {
    }

    /** @param args ignored */
    public static void main(final String[] args) {
        final List<Flow> table = sampleTable();
        System.out.println("== A sample table, as conntrack -L prints it");
        table.forEach(System.out::println);

        final List<FlowQuery> queries = List.of(
            FlowQuery.flows().proto(Protocol.TCP).dport(443),
            FlowQuery.flows().src("10.0.0.0/8").state(TcpState.ESTABLISHED),
            FlowQuery.flows().src("192.168.1.10").dst("192.168.1.20").proto(Protocol.TCP).sport(40000),
            FlowQuery.flows().mark(0x2a, 0xff).unreplied(),
            FlowQuery.flows().dnat("8.8.8.8"));
        final List<Capabilities> kernels = List.of(Capabilities.ofKernel(4, 19), Capabilities.ofKernel(6, 18));
        for (final FlowQuery query : queries) {
            System.out.println();
            System.out.println("== query " + query);
            for (final Capabilities kernel : kernels) {
                final Plan plan = query.explain(kernel);
                System.out.println("-- on a kernel with " + kernel);
                plan.toString().lines().forEach(l -> System.out.println("   " + l));
            }
            System.out.println("-- selects:");
            table.filter(query::test).forEach(f -> System.out.println("   " + f));
        }

        System.out.println();
        System.out.println("== An update, as a value: " + FlowUpdate.none().mark(0x10, 0xf0).timeout(600)
            .setStatus(Status.ASSURED));
        System.out.println();
        System.out.println("== Invalid input gets a typed error naming the field");
        tryIt(() -> Tuple.tcp("10.0.0.1", "10.0.0.2", 70000, 80));
        tryIt(() -> Tuple.tcp("10.0.0.1", "2001:db8::2", 1, 80));
        tryIt(() -> FlowQuery.flows().src("10.0.0.1").dst("2001:db8::1"));
        tryIt(() -> FlowQuery.flows().proto(Protocol.TCP).icmpType(8));
        tryIt(() -> Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).timeout(-1L));
    }

    private static void tryIt(final Runnable action) {
        try {
            action.run();
            System.out.println("   (accepted)");
        } catch (final InvalidValueException e) {
            System.out.println("   " + e.getClass().getSimpleName() + " field=" + e.field() + ": " + e.getMessage());
        }
    }

    private static List<Flow> sampleTable() {
        final Tuple udp = Tuple.udp("10.1.1.1", "10.2.2.2", 5353, 53);
        final Tuple tcp = Tuple.tcp("192.168.1.10", "192.168.1.20", 40000, 443);
        final Tuple web = Tuple.tcp("10.0.0.7", "93.184.216.34", 51000, 443);
        final Tuple natted = Tuple.tcp("7.7.7.1", "7.7.7.2", 33, 80);
        return List.of(
            Flow.builder(udp).reply(udp.inverse()).status(Status.CONFIRMED).mark(42L).timeout(119L).use(1L)
                .id(new FlowId(0xac221f00)).build(),
            Flow.builder(tcp).reply(tcp.inverse()).status(Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED)
                .protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).mark(0L).timeout(299L).use(1L)
                .countersOriginal(Counters.ZERO).countersReply(Counters.ZERO).build(),
            Flow.builder(web).reply(web.inverse()).status(Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED)
                .protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).mark(0L).timeout(431_999L).use(1L).build(),
            Flow.builder(natted).reply(Tuple.tcp("8.8.8.8", "7.7.7.1", 8080, 33))
                .status(Status.CONFIRMED, Status.SEEN_REPLY, Status.ASSURED, Status.DST_NAT, Status.DST_NAT_DONE)
                .protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED)).mark(0L).timeout(49L).use(1L).build());
    }
}
