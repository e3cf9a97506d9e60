package io.conntrack4j.examples;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowQuery;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.text.ConntrackFormatter;

import java.io.PrintStream;
import java.util.stream.Stream;

/**
 * Automation on a conntrack table: statistics, listing, filtering (with the kernel/Java split of each query), a mark
 * update, a timeout update, a delete, and the statistics again. Every change is confined to flows whose destination
 * is in one network (the scope, default {@value SeedFlows#SCOPE}): the queries all start from
 * {@code ct.flows().dst(scope)}.
 *
 * <pre>
 * sudo examples/run-in-netns.sh Automation     real kernel, in a fresh network namespace, seeded first
 * Automation --simulated                       the same code on NetlinkBackend over the simulated kernel's bytes
 * </pre>
 * Run directly as root without the script it works on the host's table (reading all of it, changing flows into the
 * scope only).
 */
public final class Automation {
    private static final ConntrackFormatter CONNTRACK = ConntrackFormatter.DEFAULT;
    private static final int LIST_AT_MOST = 20;

    private final Conntrack ct;
    private final FlowQuery scope;
    private final PrintStream out;

    /**
     * @param ct    the table to work on
     * @param scope the destination network (address or CIDR) every change is restricted to
     * @param out   where to report
     */
    public Automation(final Conntrack ct, final String scope, final PrintStream out) {
        this.ct = ct;
        this.scope = ct.flows().dst(scope);
        this.out = out;
    }

    /**
     * @param args {@code [--simulated] [SCOPE]}
     */
    public static void main(final String[] args) {
        boolean simulated = false;
        String scope = SeedFlows.SCOPE;
        for (final String a : args) {
            if (a.equals("--simulated")) {
                simulated = true;
            } else {
                scope = a;
            }
        }
        try (Conntrack ct = simulated ? seededSimulation() : Conntrack.using(NetlinkBackend.open())) {
            new Automation(ct, scope, System.out).run();
        }
    }

    /** @return the real NetlinkBackend over a simulated kernel's ctnetlink socket, seeded as the script seeds */
    static Conntrack seededSimulation() {
        final SimulatedNamespace ns = SimulatedKernel.create().init();
        final Conntrack ct = Conntrack.using(NetlinkBackend.over(ns::openSocket, ns.backend().capabilities()));
        System.out.println("simulated kernel, seeded with the library (ct.createAll): " + SeedFlows.seed(ct));
        return ct;
    }

    /** Runs every step, printing what it does and what the table answers. */
    public void run() {
        stats("Statistics (conntrack -C, conntrack -S)");

        title("Every flow (conntrack -L), " + LIST_AT_MOST + " at most");
        try (Stream<Flow> all = ct.flows().stream()) {
            all.limit(LIST_AT_MOST).forEach(this::print);
        }

        final FlowQuery https = scope.proto(Protocol.TCP).dport(443);
        show("HTTPS flows into the scope", https);
        final FlowQuery unreplied = scope.unreplied();
        show("Unreplied flows into the scope", unreplied);

        final FlowUpdate tag = FlowUpdate.none().mark(0x10, 0xf0);
        title("Update " + https + " with " + tag + " (bits 4-7 of the mark := 1, the others kept)");
        report(https.update(tag));
        list(scope.mark(0x10, 0xf0));

        final FlowQuery dns = scope.proto(Protocol.UDP).dport(53);
        final FlowUpdate shortly = FlowUpdate.none().timeout(5);
        title("Update " + dns + " with " + shortly + " (expire DNS flows in 5 s)");
        report(dns.update(shortly));
        list(dns);

        title("Delete " + unreplied);
        report(unreplied.delete());
        out.println("   left in the scope: " + scope.count() + " flows; unreplied: " + unreplied.count());

        stats("Statistics after the changes");
    }

    private void show(final String what, final FlowQuery query) {
        title(what + ": " + query);
        query.explain().toString().lines().forEach(l -> out.println("   " + l));
        list(query);
    }

    private void list(final FlowQuery query) {
        query.list().forEach(this::print);
    }

    private void print(final Flow flow) {
        out.println("   " + CONNTRACK.flow(flow));
    }

    private void report(final BulkResult result) {
        out.println("   -> " + result);
    }

    private void stats(final String what) {
        title(what);
        out.println("   count " + CONNTRACK.count(ct.globalStats()) + " (max " + ct.globalStats().maxEntries() + ")");
        for (final CpuStats cpu : ct.stats()) {
            out.println("   " + CONNTRACK.cpuStats(cpu).stripTrailing());
        }
    }

    private void title(final String text) {
        out.println();
        out.println("== " + text);
    }
}
