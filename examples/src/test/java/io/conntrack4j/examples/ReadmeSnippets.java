package io.conntrack4j.examples;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.Subscription;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.netlink.NetlinkBackend;

import java.util.List;

/**
 * The Java blocks of README.md that are not taken from a test, as compiled code ({@link ReadmeSnippetsTest} checks
 * that every block of the README appears verbatim in this module's sources). {@link #subscription} runs in that
 * test on the simulator; {@link #automation} needs the real kernel and is compiled only.
 */
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** The README's first block: automation on the real kernel (compiled, never run by the tests). */
    @SuppressWarnings("unused")
    static void automation() {
        try (Conntrack ct = Conntrack.using(NetlinkBackend.open())) {          // or NetlinkBackend.openInNamespace("blue")
            BulkResult r = ct.flows().proto(Protocol.TCP).dport(443).src("10.0.0.0/8").delete();
            ct.flows().mark(0x2a, 0xff).unreplied().list().forEach(System.out::println);   // printed as conntrack -L does
            System.out.println(ct.flows().src("10.0.0.1").proto(Protocol.TCP).dport(443).explain());
            // kernel: family=ipv4, orig={proto=tcp src=10.0.0.1 dport=443}
            // java:   nothing
        }
    }

    /**
     * The README's events block.
     *
     * @param ct    a library instance
     * @param flows flows to create while subscribed
     */
    static void subscription(final Conntrack ct, final List<Flow> flows) {
        try (Subscription s = ct.events().proto(Protocol.TCP).dport(443).withResync().subscribe(signal -> {
            if (signal instanceof FlowEvent) {
                System.out.println(((FlowEvent) signal).type());         // NEW, UPDATE, DESTROY as the kernel sent them
            } else if (signal instanceof EventSignal.Overrun) {
                System.out.println("the kernel dropped events: a resync follows");
            } else if (signal instanceof EventSignal.Resync) {
                System.out.println(((EventSignal.Resync) signal).flow()); // a difference the resync found
            }
        })) {
            ct.createAll(flows);
        }
    }
}
