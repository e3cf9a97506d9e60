package io.conntrack4j.examples;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import io.vavr.collection.List;

/**
 * Creates a small, varied conntrack table with the library itself ({@link Conntrack#createAll}): TCP flows in
 * several states, replied and unreplied UDP, a ping, an IPv6 flow and one flow outside the example scope. Clients
 * are in 10.0.0.0/24; servers in {@value #SCOPE} (TEST-NET-2, a documentation network no real traffic uses).
 *
 * <p>{@code examples/run-in-netns.sh} runs it in the fresh namespace before the example; it refuses to run
 * anywhere else. The examples that run on the simulator seed it with {@link #seed(Conntrack)}.
 */
public final class SeedFlows {
    /** The server network the examples act on. */
    public static final String SCOPE = "198.51.100.0/24";

    private SeedFlows() {
    }

    /** @return the flows to create: every one new, with a timeout, status and TCP state as the kernel accepts them */
    public static List<Flow> flows() {
        return List.of(
            tcp("10.0.0.1", 40001, "198.51.100.10", 443, TcpState.ESTABLISHED, 432_000),
            tcp("10.0.0.2", 40002, "198.51.100.10", 443, TcpState.ESTABLISHED, 3_600),
            tcp("10.0.0.4", 40004, "198.51.100.20", 22, TcpState.ESTABLISHED, 432_000).toBuilder().mark(0x1L).build(),
            Flow.builder(Tuple.tcp("10.0.0.3", "198.51.100.10", 40003, 443)).timeout(120L)
                .protoInfo(ProtoInfo.Tcp.of(TcpState.SYN_SENT)).build(),
            Flow.builder(Tuple.udp("10.0.0.1", "198.51.100.53", 5353, 53)).timeout(30L).status(Status.SEEN_REPLY)
                .build(),
            Flow.builder(Tuple.udp("10.0.0.2", "198.51.100.53", 5354, 53)).timeout(30L).build(),
            Flow.builder(Tuple.udp("10.0.0.3", "198.51.100.123", 123, 123)).timeout(120L)
                .status(Status.SEEN_REPLY, Status.ASSURED).build(),
            Flow.builder(Tuple.icmp("10.0.0.1", "198.51.100.10", 8, 0, 7)).timeout(30L).build(),
            tcp("2001:db8::1", 40005, "2001:db8:100::10", 443, TcpState.ESTABLISHED, 432_000),
            tcp("10.0.0.1", 40010, "192.0.2.80", 80, TcpState.ESTABLISHED, 432_000));
    }

    private static Flow tcp(final String client, final int sport, final String server, final int dport,
                            final TcpState state, final long timeout) {
        return Flow.builder(Tuple.tcp(client, server, sport, dport)).timeout(timeout)
            .protoInfo(ProtoInfo.Tcp.of(state)).status(Status.SEEN_REPLY, Status.ASSURED).build();
    }

    /**
     * @param ct the table to fill
     * @return how many flows were created (a flow that exists already fails with EEXIST)
     */
    public static BulkResult seed(final Conntrack ct) {
        return ct.createAll(flows());
    }

    /**
     * Seeds the real table of this network namespace; refuses to run outside a private namespace.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        PrivateNamespace.require("SeedFlows");
        try (Conntrack ct = Conntrack.using(NetlinkBackend.open())) {
            final BulkResult r = seed(ct);
            System.out.println("seeded with the library (ct.createAll): " + r + "; table now " + ct.count()
                + " flows");
        }
    }
}
