package io.conntrack4j;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Small flow factories for the DSL tests: flows as a dump reports them (reply tuple, status, mark, id). */
public final class TestFlows {
    private static final AtomicInteger IDS = new AtomicInteger(1000);

    private TestFlows() {
    }

    /** @return an established, assured TCP flow with mark 0 and a fresh id */
    public static Flow tcp(final String src, final int sport, final String dst, final int dport) {
        final Tuple t = Tuple.tcp(src, dst, sport, dport);
        return Flow.builder(t).reply(t.inverse())
            .status(Status.SEEN_REPLY, Status.ASSURED, Status.CONFIRMED)
            .protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED))
            .timeout(431_999L).mark(0L).id(new FlowId(IDS.incrementAndGet())).build();
    }

    /** @return an unreplied UDP flow with mark 0 and a fresh id */
    public static Flow udp(final String src, final int sport, final String dst, final int dport) {
        final Tuple t = Tuple.udp(src, dst, sport, dport);
        return Flow.builder(t).reply(t.inverse()).status(Status.CONFIRMED)
            .timeout(30L).mark(0L).id(new FlowId(IDS.incrementAndGet())).build();
    }

    /**
     * @param n how many
     * @param dport their destination port
     * @return n distinct TCP flows 10.x.y.z:(1024+i) -> 192.0.2.1:dport
     */
    public static List<Flow> manyTcp(final int n, final int dport) {
        final List<Flow> flows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            flows.add(tcp("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), 1024 + i % 60000,
                "192.0.2.1", dport));
        }
        return flows;
    }
}
