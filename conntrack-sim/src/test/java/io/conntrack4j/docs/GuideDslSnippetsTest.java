package io.conntrack4j.docs;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowFilter;
import io.conntrack4j.FlowQuery;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.Subscription;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.text.ConntrackFormatter;
import io.conntrack4j.text.OutputOption;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of {@code docs/guide-dsl.md}, verbatim (whitespace aside: {@link DocSnippetsMatchTest} checks it),
 * run on a simulated kernel holding the guide's example table, with assertions on what each block does or prints.
 */
class GuideDslSnippetsTest {
    private SimulatedKernel kernel;
    private Conntrack ct;

    /** The table of the guide: flows 1 to 7. */
    @BeforeEach
    void exampleTable() {
        kernel = SimulatedKernel.create();
        kernel.init().enableLabels();
        ct = kernel.conntrack();
        kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
        kernel.traffic().tcpSyn("10.0.0.1", 40001, "10.0.0.3", 22);
        kernel.traffic().udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);
        kernel.traffic().ping("10.0.0.1", "10.0.0.2", 7);
        kernel.traffic().ping("fd00::1", "fd00::2", 9);
        ct.create(CreateFlow.of(Flow.builder(Tuple.udp("192.168.1.10", "198.51.100.7", 5000, 53))
                .reply(Tuple.udp("198.51.100.7", "203.0.113.5", 53, 61000))
                .timeout(120L).mark(0x12aL).labels(Labels.of(3)).build())
            .withSourceNat(NatRange.to(IpAddress.parse("203.0.113.5"), 61000)));
        ct.create(CreateFlow.of(Flow.builder(Tuple.tcp("198.51.100.20", "203.0.113.5", 50000, 80))
                .reply(Tuple.tcp("192.168.1.20", "198.51.100.20", 8080, 50000))
                .timeout(300L).zone(5).build())
            .withDestinationNat(NatRange.to(IpAddress.parse("192.168.1.20"), 8080)));
        assertThat(ct.flows().count()).isEqualTo(7);
    }

    @AfterEach
    void close() {
        ct.close();
    }

    /**
     * The real-kernel block: compiled, never run (tests must not touch the host's table; the real backend is
     * exercised by the netlink module's integration tests in private namespaces).
     */
    @SuppressWarnings("unused")
    private static void openingTheRealKernel() {
        try (Conntrack ct = Conntrack.using(NetlinkBackend.open())) {                       // this thread's namespace
            System.out.println(ct.count() + " flows");
        }
        try (Conntrack ct = Conntrack.using(NetlinkBackend.openInNamespace("blue"))) {      // /var/run/netns/blue
            ct.flows().proto(Protocol.TCP).dport(443).list().forEach(System.out::println);
        }
    }

    @Test
    void openingASimulatedKernel() {
        SimulatedKernel kernel = SimulatedKernel.create();
        Conntrack ct = kernel.conntrack();                              // the initial namespace
        Conntrack blue = kernel.namespace("blue").conntrack();          // another namespace: its own table
        Conntrack overBytes = Conntrack.using(                          // the real netlink backend, on simulated ctnetlink bytes
            NetlinkBackend.over(kernel.init()::openSocket, Capabilities.ofKernel(6, 18)));

        kernel.traffic().ping("10.0.0.1", "10.0.0.2", 1);
        assertThat(ct.flows().list()).hasSize(1);
        assertThat(overBytes.flows().list()).isEqualTo(ct.flows().list());
        assertThat(blue.flows().list()).isEmpty();
        overBytes.close();
    }

    @Test
    void queriesAreValues() throws Exception {
        final String out = Printed.by(() -> {
            FlowQuery https = ct.flows().proto(Protocol.TCP).dport(443);       // nothing runs yet
            FlowQuery fromLan = https.src("192.168.0.0/16");                     // a new value: https is unchanged
            FlowQuery ssh = FlowQuery.flows().dport(22);                         // detached: no connection yet
            System.out.println(fromLan);                                         // flows{proto=tcp, src=192.168.0.0/16, dport=443}
            System.out.println(ssh.on(ct).count());                              // 1
            assertThat(https).isEqualTo(ct.flows().proto(Protocol.TCP).dport(443)).isNotEqualTo(fromLan);
        });
        assertThat(out).isEqualTo("flows{proto=tcp, src=192.168.0.0/16, dport=443}\n1\n");
    }

    @Test
    void filtersOnAddressesAndPorts() {
        Seq<Flow> v6 = ct.flows().family(Family.IPV6).list();                   // 1: ipv4 or ipv6
        Seq<Flow> udp = ct.flows().proto(Protocol.UDP).list();                  // 2: TCP, UDP, ICMP, ICMPV6, SCTP, DCCP, GRE, UDPLITE, Protocol.of(n)
        Seq<Flow> fromLan = ct.flows().src("192.168.0.0/16").list();            // 1: original source, an address or a CIDR prefix
        Seq<Flow> toHost = ct.flows().dst(IpAddress.parse("10.0.0.2")).list();  // 2: original destination (a String or an IpAddress)
        Seq<Flow> fromServer = ct.flows().replySrc("192.168.1.20").list();      // 1: reply source (the server behind the DNAT)
        Seq<Flow> toNatAddress = ct.flows().replyDst("203.0.113.5").list();     // 1: reply destination (the SNAT address)
        Seq<Flow> clientPort = ct.flows().sport(40000).list();                  // 1: original source port (GRE: key)
        Seq<Flow> sshFlows = ct.flows().dport(22).list();                       // 1: original destination port
        Seq<Flow> answeredFrom53 = ct.flows().replySport(53).list();            // 2: reply source port
        Seq<Flow> toNatPort = ct.flows().replyDport(61000).list();              // 1: reply destination port

        assertThat(v6).singleElement().extracting(Flow::protocol).isEqualTo(Protocol.ICMPV6);
        assertThat(udp).hasSize(2).allMatch(f -> f.protocol().equals(Protocol.UDP));
        assertThat(fromLan).singleElement().extracting(f -> f.original().source().toString()).isEqualTo("192.168.1.10");
        assertThat(toHost).hasSize(2);
        assertThat(fromServer).singleElement().extracting(f -> f.original().destinationPort().get()).isEqualTo(80);
        assertThat(toNatAddress).singleElement().extracting(f -> f.original().sourcePort().get()).isEqualTo(5000);
        assertThat(clientPort).singleElement().extracting(f -> f.original().destinationPort().get()).isEqualTo(443);
        assertThat(sshFlows).singleElement().extracting(Flow::tcpState).isEqualTo(Option.some(TcpState.SYN_SENT));
        assertThat(answeredFrom53).hasSize(2);
        assertThat(toNatPort).isEqualTo(toNatAddress);
    }

    @Test
    void filtersOnIcmp() {
        Seq<Flow> echoRequests = ct.flows().proto(Protocol.ICMP).icmpType(8).list();   // 1
        Seq<Flow> code0 = ct.flows().icmpCode(0).list();                               // 2: ICMP and ICMPv6
        Seq<Flow> ping7 = ct.flows().icmpId(7).list();                                 // 1: the echo identifier

        assertThat(echoRequests).hasSize(1).isEqualTo(ping7);
        assertThat(code0).extracting(Flow::protocol).containsExactlyInAnyOrder(Protocol.ICMP, Protocol.ICMPV6);
    }

    @Test
    void filtersOnStateAndStatus() {
        Seq<Flow> established = ct.flows().state(TcpState.ESTABLISHED).list();  // 1: implies proto(TCP)
        Seq<Flow> assured = ct.flows().assured().list();                        // 1: status(Status.ASSURED)
        Seq<Flow> replied = ct.flows().status(Status.SEEN_REPLY).list();        // 4: bits that must be set
        Seq<Flow> unreplied = ct.flows().unreplied().list();                    // 3: notStatus(Status.SEEN_REPLY), [UNREPLIED]
        Seq<Flow> notAssured = ct.flows().notStatus(Status.ASSURED).list();     // 6: bits that must be clear

        assertThat(established).hasSize(1).isEqualTo(assured);
        assertThat(replied).hasSize(4);
        assertThat(unreplied).hasSize(3);
        assertThat(notAssured).hasSize(6);
        assertThat(ct.flows().status(Status.SEEN_REPLY).notStatus(Status.ASSURED).count()).isEqualTo(3);
    }

    @Test
    void filtersOnMarkZoneAndLabels() {
        Seq<Flow> marked = ct.flows().mark(0x12a).list();                       // 1: the exact mark
        Seq<Flow> lowByte = ct.flows().mark(0x2a, 0xff).list();                 // 1: (mark & 0xff) == 0x2a
        Seq<Flow> zone5 = ct.flows().zone(5).list();                            // 1: the zone id, whichever direction it applies to
        Seq<Flow> label3 = ct.flows().labels(3).list();                         // 1: every given label bit set

        assertThat(marked).hasSize(1).isEqualTo(lowByte).isEqualTo(label3);
        assertThat(ct.flows().mark(0x2a).count()).isZero();
        assertThat(zone5).singleElement().extracting(Flow::zoneId).isEqualTo(5);
    }

    @Test
    void filtersOnNat() {
        Seq<Flow> snat = ct.flows().snat().list();                              // 1: any source NAT
        Seq<Flow> snatTo = ct.flows().snat("203.0.113.5").list();               // 1: source-NATed to this address
        Seq<Flow> snatToPort = ct.flows().snat("203.0.113.5", 61000).list();    // 1: ... and this port
        Seq<Flow> dnat = ct.flows().dnat().list();                              // 1: any destination NAT
        Seq<Flow> dnatTo = ct.flows().dnat("192.168.1.20").list();              // 1
        Seq<Flow> dnatToPort = ct.flows().dnat("192.168.1.20", 8080).list();    // 1
        Seq<Flow> natted = ct.flows().anyNat().list();                          // 2: source or destination NAT
        Seq<Flow> nattedTo = ct.flows().anyNat("203.0.113.5").list();           // 1: either, to this address

        assertThat(snat).hasSize(1).isEqualTo(snatTo).isEqualTo(snatToPort).isEqualTo(nattedTo);
        assertThat(snat.head().isSourceNat()).isTrue();
        assertThat(dnat).hasSize(1).isEqualTo(dnatTo).isEqualTo(dnatToPort);
        assertThat(dnat.head().isDestinationNat()).isTrue();
        assertThat(natted).containsExactlyInAnyOrderElementsOf(snat.appendAll(dnat));
        assertThat(ct.flows().snat("203.0.113.5", 61001).count()).isZero();
    }

    @Test
    void filtersMergedWithWhere() {
        FlowFilter web = FlowQuery.flows().proto(Protocol.TCP).dport(443).filter();
        Seq<Flow> webFromClient = ct.flows().src("10.0.0.1").where(web).list();  // 1

        assertThat(webFromClient).singleElement().extracting(Flow::tcpState)
            .isEqualTo(Option.some(TcpState.ESTABLISHED));
    }

    @Test
    void reading() throws Exception {
        final String out = Printed.by(() -> {
            Seq<Flow> tcp = ct.flows().proto(Protocol.TCP).list();                  // every match, materialised
            long waiting = ct.flows().unreplied().count();                          // 3
            Option<Flow> web = ct.flows().dport(443).first();                       // the first match, if any
            try (Stream<Flow> flows = ct.flows().src("10.0.0.0/8").stream()) {      // lazy: the dump stays open, close it
                flows.map(Flow::original).forEach(System.out::println);             // 4 tuples, e.g. udp 10.0.0.1:5353 -> 10.0.0.53:53
            }
            assertThat(tcp).hasSize(3);
            assertThat(waiting).isEqualTo(3);
            assertThat(web.get().original()).isEqualTo(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443));
        });
        assertThat(out.split("\n")).containsExactlyInAnyOrder("tcp 10.0.0.1:40000 -> 10.0.0.2:443",
            "tcp 10.0.0.1:40001 -> 10.0.0.3:22", "udp 10.0.0.1:5353 -> 10.0.0.53:53",
            "icmp 10.0.0.1 -> 10.0.0.2 type=8 code=0 id=7");
    }

    @Test
    void zeroingCountersAndTheDyingList() {
        Seq<Flow> counted = ct.flows().proto(Protocol.UDP).zeroingCounters().list();  // counters as they were
        Seq<Flow> dying = ct.dying().list();                                          // DESTROY event not delivered yet

        assertThat(counted).hasSize(2);
        assertThat(dying).isEmpty();
        assertThat(ct.unconfirmed().list()).isEmpty();
    }

    @Test
    void deleting() throws Exception {
        final String out = Printed.by(() -> {
            BulkResult r = ct.flows().proto(Protocol.TCP).dport(22).unreplied().delete();
            System.out.println(r);                                     // matched=1 succeeded=1 alreadyGone=0 failed=0
            assertThat(r.isComplete()).isTrue();
        });
        assertThat(out).isEqualTo("matched=1 succeeded=1 alreadyGone=0 failed=0\n");
        assertThat(ct.flows().dport(22).count()).isZero();
        assertThat(ct.flows().count()).isEqualTo(6);
    }

    @Test
    void updating() {
        FlowUpdate changes = FlowUpdate.none()
            .mark(0x10, 0xf0)               // new mark = (old & ~0xf0) ^ 0x10; mark(v) replaces the whole mark
            .timeout(600)                   // seconds
            .setStatus(Status.ASSURED)      // SEEN_REPLY, ASSURED, FIXED_TIMEOUT, HELPER: bits are set, never cleared
            .addLabels(1)                   // labels need a connlabel rule in the namespace (ENOSPC otherwise)
            .removeLabels(3);
        BulkResult r = ct.flows().proto(Protocol.UDP).update(changes);                 // matched=2 succeeded=2
        BulkResult closed = ct.flows().proto(Protocol.TCP).dport(443)                  // a TCP state change needs proto(TCP)
            .update(FlowUpdate.none().tcpState(TcpState.TIME_WAIT));

        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(closed.succeeded()).isEqualTo(1);
        final Flow natted = ct.flows().src("192.168.1.10").first().get();
        assertThat(natted.markValue()).isEqualTo(0x11aL);                // (0x12a & ~0xf0) ^ 0x10
        assertThat(natted.labels()).isEqualTo(Labels.of(1));
        assertThat(natted.hasStatus(Status.ASSURED)).isTrue();
        assertThat(natted.timeout().get()).isBetween(599L, 600L);
        assertThat(ct.flows().dport(443).first().get().tcpState()).isEqualTo(Option.some(TcpState.TIME_WAIT));
    }

    @Test
    void perFlowRefusalsAreResults() throws Exception {
        final String out = Printed.by(() -> {
            ct.flows().dport(443).update(FlowUpdate.none().setStatus(Status.FIXED_TIMEOUT));
            BulkResult r = ct.flows().dport(443).update(FlowUpdate.none().timeout(60));
            for (ItemResult failure : r.failures()) {
                System.out.println(failure.error().get().name());      // EPERM
            }
            assertThat(r.isComplete()).isFalse();
        });
        assertThat(out).isEqualTo("EPERM\n");
    }

    @Test
    void singleFlows() {
        Tuple dns = Tuple.udp("10.0.0.1", "10.0.0.53", 40000, 53);
        ct.create(Flow.builder(dns).timeout(30L).mark(7L).build());   // the reply tuple defaults to dns.inverse()
        Option<Flow> byOriginal = ct.get(dns);                        // zone 0 (or the tuple's own zone)
        Option<Flow> byReply = ct.getByReply(dns.inverse(), 0);       // by the reply tuple, in zone 0
        Option<Flow> inZone5 = ct.get(dns, 5);                        // none: the flow is in zone 0

        assertThat(byOriginal.get().markValue()).isEqualTo(7);
        assertThat(byOriginal.get().reply()).isEqualTo(Option.some(dns.inverse()));
        assertThat(byReply.get().original()).isEqualTo(dns);
        assertThat(inZone5.isEmpty()).isTrue();
    }

    @Test
    void createWithNatOrUpdate() {
        Flow flow = Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.53", 5353, 53)).timeout(120L).mark(9L).build();
        ct.create(CreateFlow.of(flow).orUpdate());                    // exists (flow 3): updated instead of EEXIST
        ct.create(CreateFlow.of(Flow.builder(Tuple.tcp("192.168.1.30", "198.51.100.9", 1000, 443))
                .reply(Tuple.tcp("198.51.100.9", "203.0.113.5", 443, 1000)).timeout(60L).build())
            .withSourceNat(NatRange.to(IpAddress.parse("203.0.113.5"))));

        assertThat(ct.get(flow.original()).get().markValue()).isEqualTo(9);
        assertThat(ct.flows().count()).isEqualTo(8);
        assertThat(ct.flows().snat("203.0.113.5").count()).isEqualTo(2);
    }

    @Test
    void wholeTable() throws Exception {
        final String out = Printed.by(() -> {
            BulkResult created = ct.createAll(List.of(                    // pipelined, one result per flow
                Flow.builder(Tuple.tcp("10.1.0.1", "10.1.0.2", 1000, 80)).timeout(60L).build(),
                Flow.builder(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443)).timeout(60L).build()));
            System.out.println(created);                                  // matched=2 succeeded=1 alreadyGone=0 failed=1 {EEXIST=1}
            ct.updateAll(FlowUpdate.none().mark(1));                      // every flow
            ct.flushAll(Family.IPV6);                                     // every IPv6 flow
            ct.flushAll();                                                // every flow
        });
        assertThat(out).isEqualTo("matched=2 succeeded=1 alreadyGone=0 failed=1 {EEXIST=1}\n");
        assertThat(ct.flows().count()).isZero();
    }

    @Test
    void updateAllAndFlushByFamily() {
        // the steps of the block above, one at a time
        ct.updateAll(FlowUpdate.none().mark(1));
        assertThat(ct.flows().mark(1).count()).isEqualTo(7);
        ct.flushAll(Family.IPV6);
        assertThat(ct.flows().count()).isEqualTo(6);
        assertThat(ct.flows().family(Family.IPV6).count()).isZero();
    }

    @Test
    void statistics() throws Exception {
        final String out = Printed.by(() -> {
            GlobalStats table = ct.globalStats();                         // entries and the maximum (nf_conntrack_max)
            System.out.println(table.entries() + " of " + table.maxEntries());   // 7 of 262144
            long entries = ct.count();                                    // the same entries, without a dump
            for (CpuStats cpu : ct.stats()) {                             // conntrack -S: one per CPU
                System.out.println(cpu.cpu() + ": invalid=" + cpu.get(CpuCounter.INVALID).getOrElse(0L));
            }
            assertThat(entries).isEqualTo(7);
        });
        assertThat(out).isEqualTo("7 of 262144\n0: invalid=0\n1: invalid=0\n");
    }

    @Test
    void expectations() {
        Tuple control = Tuple.tcp("10.0.0.1", "10.0.0.2", 40002, 21);
        ct.create(Flow.builder(control).timeout(300L).helper("ftp").build());
        Tuple data = Tuple.tcp("10.0.0.2", "10.0.0.1", 0, 50000);
        ct.expectations().create(new Expectation(data, Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 65535),
            control, Option.some(60L), 0, 0, Option.none(), Option.none(), Option.none(), Option.none(), Option.none()));
        Seq<Expectation> expected = ct.expectations().ofMaster(control);        // 1
        ct.expectations().flush("ftp");                                          // every expectation of the ftp helper

        assertThat(expected).singleElement().extracting(Expectation::helper).isEqualTo(Option.some("ftp"));
        assertThat(expected.head().expected()).isEqualTo(data);
        assertThat(ct.expectations().list()).isEmpty();
        assertThat(ct.expectations().get(data).isEmpty()).isTrue();
    }

    @Test
    void eventStream() throws Exception {
        final String out = Printed.by(() -> {
            try (Stream<FlowEvent> events = ct.events().proto(Protocol.UDP).dport(53).stream()) {
                kernel.traffic().udpExchange("10.0.0.1", 5354, "10.0.0.53", 53);        // somebody makes traffic
                events.limit(2).forEach(System.out::println);
                //     [NEW] udp      17 30 src=10.0.0.1 dst=10.0.0.53 sport=5354 dport=53 [UNREPLIED] src=10.0.0.53 ...
                //  [UPDATE] udp      17 30 src=10.0.0.1 dst=10.0.0.53 sport=5354 dport=53 src=10.0.0.53 ...
            }
        });
        final String[] lines = out.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith(
            "    [NEW] udp      17 30 src=10.0.0.1 dst=10.0.0.53 sport=5354 dport=53 [UNREPLIED] src=10.0.0.53 ");
        assertThat(lines[1]).startsWith(
            " [UPDATE] udp      17 30 src=10.0.0.1 dst=10.0.0.53 sport=5354 dport=53 src=10.0.0.53 ");
    }

    @Test
    void overrunsAreSignalled() throws Exception {
        final String out = Printed.by(() -> {
            try (Stream<EventSignal> signals = ct.events().receiveBuffer(4096).signals()) {   // room for very few events
                for (int port = 1000; port < 1010; port++) {
                    kernel.traffic().udpExchange("10.0.2.1", port, "10.0.0.53", 53);         // 20 events
                }
                EventSignal first = signals.findFirst().get();                               // an EventSignal.Overrun
                System.out.println(first instanceof EventSignal.Overrun);                    // true
            }
        });
        assertThat(out).isEqualTo("true\n");
    }

    @Test
    void streamFailsOnAnOverrun() {
        // the same overrun as above, through stream(): a KernelException with ENOBUFS instead of a signal
        try (Stream<FlowEvent> events = ct.events().receiveBuffer(4096).stream()) {
            for (int port = 1000; port < 1010; port++) {
                kernel.traffic().udpExchange("10.0.2.1", port, "10.0.0.53", 53);
            }
            events.findFirst();
            throw new AssertionError("no overrun reported");
        } catch (final KernelException e) {
            assertThat(e.errno()).isEqualTo(Errno.ENOBUFS);
        }
    }

    @Test
    void resync() {
        List<Flow> table;
        try (Stream<EventSignal> signals = ct.events().proto(Protocol.TCP).withResync().signals()) {
            table = signals.takeWhile(s -> !(s instanceof EventSignal.Resynced))
                .map(s -> ((EventSignal.Resync) s).flow())
                .collect(Collectors.toList());                                           // the 3 TCP flows
        }
        assertThat(table).hasSize(3).allMatch(f -> f.protocol().equals(Protocol.TCP));
    }

    @Test
    void subscribe() throws InterruptedException {
        CountDownLatch established = new CountDownLatch(1);
        try (Subscription sub = ct.events().proto(Protocol.TCP).workers(4).subscribe(signal -> {
                if (signal instanceof FlowEvent e && e.flow().tcpState().contains(TcpState.ESTABLISHED)) {
                    established.countDown();
                }
            })) {
            kernel.traffic().tcpHandshake("10.0.0.9", 1234, "10.0.0.2", 443);
            established.await(5, TimeUnit.SECONDS);
            sub.failure().forEach(Throwable::printStackTrace);                 // what stopped it, if anything
        }
        assertThat(established.getCount()).isZero();
    }

    @Test
    void errors() throws Exception {
        final String out = Printed.by(() -> {
            try {
                ct.flows().proto(Protocol.UDP).state(TcpState.ESTABLISHED);
            } catch (InvalidValueException e) {
                System.out.println(e.getMessage());     // invalid state: ESTABLISHED (a TCP state needs protocol tcp, not udp)
            }
            Flow flow = Flow.builder(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443)).timeout(60L).build();
            try {
                ct.create(flow);
            } catch (KernelException e) {
                System.out.println(e.operation() + " " + e.errno().name());         // CREATE EEXIST
                ct.create(CreateFlow.of(flow).orUpdate());                          // it exists: update it instead
            }
        });
        assertThat(out).isEqualTo("invalid state: ESTABLISHED (a TCP state needs protocol tcp, not udp)\n"
            + "CREATE EEXIST\n");
        assertThat(ct.get(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443)).get().timeout().get()).isBetween(59L, 60L);
    }

    @Test
    void explain() throws Exception {
        final String out = Printed.by(() -> {
            FlowQuery q = ct.flows().src("10.0.0.0/8").proto(Protocol.TCP).dport(443).mark(0x2a, 0xff);
            System.out.println(q.explain());
            // kernel: family=ipv4, mark=0x2a/0xff, orig={proto=tcp dport=443}
            // java:   {src=10.0.0.0/8}
            System.out.println(q.explain(Capabilities.ofKernel(5, 4)));
            // kernel: family=ipv4, mark=0x2a/0xff
            // java:   {proto=tcp, src=10.0.0.0/8, dport=443}
            System.out.println(ct.flows().proto(Protocol.TCP).dport(443).explain());
            // kernel: nothing
            // java:   {proto=tcp, dport=443}
            System.out.println(ct.capabilities().has(KernelFeature.ZONE_FILTER));      // true
        });
        assertThat(out).isEqualTo(""
            + "kernel: family=ipv4, mark=0x2a/0xff, orig={proto=tcp dport=443}\n"
            + "java:   {src=10.0.0.0/8}\n"
            + "kernel: family=ipv4, mark=0x2a/0xff\n"
            + "java:   {proto=tcp, src=10.0.0.0/8, dport=443}\n"
            + "kernel: nothing\n"
            + "java:   {proto=tcp, dport=443}\n"
            + "true\n");
        // the guide's claim about families: with one, ports go to the kernel
        assertThat(ct.flows().family(Family.IPV4).proto(Protocol.TCP).dport(443).explain().residual().isEmpty())
            .isTrue();
    }

    @Test
    void printing() throws Exception {
        final String out = Printed.by(() -> {
            ConntrackFormatter extended = ConntrackFormatter.builder().options(OutputOption.EXTENDED).build();
            System.out.println(extended.flow(ct.flows().icmpId(7).first().get()));
            // ipv4     2 icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=7 mark=0 use=1
        });
        assertThat(out).isEqualTo("ipv4     2 icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 "
            + "src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=7 mark=0 use=1\n");
    }
}
