package io.conntrack4j.docs;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.NetlinkBackend;
import io.conntrack4j.sim.EventRecorder;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.PacketVerdict;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.sim.VirtualClock;
import io.conntrack4j.sim.junit.SimulatedConntrack;
import io.conntrack4j.spi.Capabilities;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of {@code docs/guide-simulator.md}, verbatim (whitespace aside: {@link DocSnippetsMatchTest}
 * checks it), run with assertions on what each block does or prints.
 */
class GuideSimulatorSnippetsTest {
    private SimulatedKernel kernel;
    private Conntrack ct;

    @BeforeEach
    void freshKernel() {
        kernel = SimulatedKernel.create();
        ct = kernel.conntrack();
    }

    @AfterEach
    void close() {
        ct.close();
    }

    @Test
    void gettingStarted() throws Exception {
        final String out = Printed.by(() -> {
            SimulatedKernel kernel = SimulatedKernel.create();       // manual clock, 2 CPUs, the ftp helper, GC every 60 s
            Conntrack ct = kernel.conntrack();
            kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
            System.out.println(ct.flows().first().get());
            // tcp      6 432000 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=443 src=10.0.0.2 dst=10.0.0.1 sport=443 dport=40000 [ASSURED] mark=0 use=1
        });
        assertThat(out).isEqualTo("tcp      6 432000 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=443 "
            + "src=10.0.0.2 dst=10.0.0.1 sport=443 dport=40000 [ASSURED] mark=0 use=1\n");
    }

    @Test
    void twoFaces() {
        Conntrack direct = Conntrack.using(kernel.backend());                     // SimulatedBackend: the SPI, answered directly
        Conntrack overBytes = Conntrack.using(NetlinkBackend.over(                // NetlinkBackend: encoder, socket, decoder ...
            kernel.init()::openSocket, Capabilities.ofKernel(6, 18)));            // ... on a SimulatedNetlinkSocket

        kernel.traffic().udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);
        direct.flows().proto(Protocol.UDP).update(io.conntrack4j.FlowUpdate.none().mark(5));
        assertThat(overBytes.flows().mark(5).list()).hasSize(1).isEqualTo(direct.flows().mark(5).list());
        direct.close();
        overBytes.close();
    }

    @Test
    void builder() {
        SimulatedKernel kernel = SimulatedKernel.builder()
            .clock(VirtualClock.manual(Instant.parse("2030-01-01T00:00:00Z")))   // default: manual, from 2026-01-01
            .cpus(4)                                                             // CPUs the statistics report
            .helpers("ftp", "sip")                                               // helper names a create may use
            .gcInterval(Duration.ZERO)                                           // no GC: expired entries wait for a lookup
            .build();

        assertThat(kernel.clock().wallNanos()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()
            * 1_000_000_000L);
        assertThat(kernel.conntrack().stats()).hasSize(4);
        kernel.conntrack().create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 5060, 5060)).timeout(30L)
            .helper("sip").build());
        kernel.clock().advanceSeconds(3600);
        assertThat(kernel.init().count()).as("no GC: the expired entry stays").isEqualTo(1);
    }

    @Test
    void namespaces() throws Exception {
        final String out = Printed.by(() -> {
            SimulatedNamespace blue = kernel.namespace("blue");                   // created on first use
            blue.sysctl(Sysctl.UDP_TIMEOUT, 10);                                  // sysctl -w, inside blue only
            blue.traffic().udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);
            System.out.println(blue.count() + " " + kernel.init().count());      // 1 0
            System.out.println(blue.conntrack().flows().first().get().timeout()); // Some(10)
        });
        assertThat(out).isEqualTo("1 0\nSome(10)\n");
        assertThat(kernel.init().sysctls().get(Sysctl.UDP_TIMEOUT)).isEqualTo(30);
    }

    @Test
    void clockTimeoutsAndGarbageCollection() throws Exception {
        final String out = Printed.by(() -> {
            Tuple dns = Tuple.udp("10.0.0.1", "10.0.0.53", 5353, 53);
            kernel.traffic().udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);    // UDP: 30 s
            kernel.clock().advanceSeconds(29);
            System.out.println(ct.get(dns).get().timeout());                   // Some(1): remaining seconds, truncated
            kernel.clock().advanceSeconds(2);
            System.out.println(kernel.init().count());                          // 1: expired, nobody has looked yet
            System.out.println(ct.get(dns));                                    // None: the lookup collects it (DESTROY)
            System.out.println(kernel.init().count());                          // 0
        });
        assertThat(out).isEqualTo("Some(1)\n1\nNone\n0\n");
    }

    @Test
    void theGarbageCollectorEmitsDestroy() {
        // the guide's claim about the collector: it runs when the clock passes its interval (60 s), with DESTROY
        try (EventRecorder events = kernel.recordEvents()) {
            kernel.traffic().ping("10.0.0.1", "10.0.0.2", 1);
            kernel.clock().advanceSeconds(31);
            assertThat(kernel.init().count()).isEqualTo(1);
            kernel.clock().advanceSeconds(30);
            assertThat(kernel.init().count()).isZero();
            assertThat(events.events()).hasTypes(EventType.NEW, EventType.UPDATE, EventType.DESTROY);
        }
    }

    @Test
    void tcpAndPackets() throws Exception {
        final String out = Printed.by(() -> {
            Traffic.TcpSession session = kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 80);
            session.data(true, 1200);                  // the client sends 1200 bytes, the server acknowledges them
            session.close();                           // FIN/ACK, ACK, FIN/ACK, ACK
            Flow flow = ct.get(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 80)).get();
            System.out.println(flow.tcpState() + " " + flow.timeout());               // Some(TIME_WAIT) Some(120)
            PacketVerdict synAck = kernel.inject(Packet.tcp("10.0.0.1", 5000, "10.0.0.2", 80, Packet.SYN | Packet.ACK));
            System.out.println(synAck + " " + kernel.init().counter(CpuCounter.INVALID));   // INVALID 1: a SYN/ACK opens nothing
        });
        assertThat(out).isEqualTo("Some(TIME_WAIT) Some(120)\nINVALID 1\n");
    }

    @Test
    void accountingAndTimestamps() throws Exception {
        final String out = Printed.by(() -> {
            kernel.sysctl(Sysctl.ACCT, 1).sysctl(Sysctl.TIMESTAMP, 1);          // for entries created from now on
            kernel.traffic().udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);
            Flow dns = ct.flows().proto(Protocol.UDP).first().get();
            System.out.println(dns.countersOriginal() + " " + dns.timestamps().isDefined());   // Some(Counters[packets=1, bytes=38]) true
        });
        assertThat(out).isEqualTo("Some(Counters[packets=1, bytes=38]) true\n");
    }

    @Test
    void events() throws Exception {
        final String out = Printed.by(() -> {
            try (EventRecorder events = kernel.recordEvents()) {                // a listener from now on
                kernel.traffic().ping("10.0.0.1", "10.0.0.2", 7);
                events.events().forEach(System.out::println);
                //     [NEW] icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=7
                //  [UPDATE] icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=7
            }
        });
        assertThat(out).isEqualTo(""
            + "    [NEW] icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 [UNREPLIED] src=10.0.0.2 "
            + "dst=10.0.0.1 type=0 code=0 id=7\n"
            + " [UPDATE] icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 src=10.0.0.2 dst=10.0.0.1 type=0 "
            + "code=0 id=7\n");
    }

    @Test
    void noEventsForEntriesCreatedWithoutAListener() {
        // the guide's claim: with nf_conntrack_events=2, an entry created while nobody listened never has events
        kernel.traffic().ping("10.0.0.1", "10.0.0.2", 1);
        try (EventRecorder events = kernel.recordEvents()) {
            kernel.clock().advanceSeconds(120);
            kernel.init().collectGarbage();
            assertThat(kernel.init().count()).isZero();
            assertThat(events.events()).isEmpty();
        }
    }

    @Test
    void faults() throws Exception {
        kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
        final String out = Printed.by(() -> {
            SimulatedNamespace.Faults faults = kernel.init().faults();
            faults.interruptDumps(1);                          // the next dump is flagged NLM_F_DUMP_INTR
            System.out.println(ct.flows().count());            // 1: count() and list() retried it
            faults.denyPermission();                           // every request fails with EPERM
            try {
                ct.flows().list();
            } catch (KernelException e) {
                System.out.println(e.errno().name() + ": " + e.hint().get());   // EPERM: needs root or CAP_NET_ADMIN in the network namespace
            }
            faults.allowRequests().capacity(1);                // nf_conntrack_max = 1, and the one entry is ASSURED
            System.out.println(kernel.inject(Packet.udp("10.0.0.1", 9, "10.0.0.2", 9, 0)));   // DROPPED
        });
        assertThat(out).isEqualTo("1\nEPERM: needs root or CAP_NET_ADMIN in the network namespace\nDROPPED\n");
        assertThat(kernel.init().counter(CpuCounter.DROP)).isEqualTo(1);
    }

    @Test
    void drivingItByHand() throws Exception {
        final String out = Printed.by(() -> {
            PacketVerdict syn = kernel.inject(Packet.tcp("10.0.0.1", 40000, "10.0.0.2", 80, Packet.SYN).withSeq(1000));
            PacketVerdict synAck = kernel.inject(Packet.tcp("10.0.0.2", 80, "10.0.0.1", 40000, Packet.SYN | Packet.ACK)
                .withSeq(5000).withAck(1001));
            PacketVerdict error = kernel.inject(Packet.icmp("10.0.0.2", "10.0.0.1", 3, 1, 0));    // an ICMP error
            System.out.println(syn + " " + synAck + " " + error);                                 // NEW ACCEPTED RELATED
            System.out.println(ct.get(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 80)).get().tcpState());   // Some(SYN_RECV)
        });
        assertThat(out).isEqualTo("NEW ACCEPTED RELATED\nSome(SYN_RECV)\n");
    }

    @Test
    void whatItDoesNotModel() {
        // the guide's list, checked: an ICMP error about no entry is RELATED anyway; SCTP is generic (600 s);
        // a NAT mapping at create leaves the reply tuple as given
        assertThat(kernel.inject(Packet.icmp("10.9.9.9", "10.0.0.1", 3, 1, 0))).isEqualTo(PacketVerdict.RELATED);
        assertThat(kernel.init().count()).isZero();
        assertThat(kernel.inject(Packet.of("10.0.0.1", "10.0.0.2", Protocol.SCTP).withPorts(5, 6)))
            .isEqualTo(PacketVerdict.NEW);
        assertThat(ct.flows().proto(Protocol.SCTP).first().get().timeout()).isEqualTo(Option.some(600L));
        final Flow natted = Flow.builder(Tuple.udp("192.168.1.10", "198.51.100.7", 5000, 53)).timeout(30L).build();
        ct.create(io.conntrack4j.spi.CreateFlow.of(natted).withSourceNat(
            io.conntrack4j.model.NatRange.to(io.conntrack4j.model.IpAddress.parse("203.0.113.5"))));
        assertThat(ct.get(natted.original()).get().reply()).isEqualTo(Option.some(natted.original().inverse()));
        assertThat(ct.dying().list()).isEmpty();
    }

    @Nested
    @SimulatedConntrack(sysctls = "nf_conntrack_tcp_loose=0")
    class HalfOpenReaperTest {
        @Test
        void deletesHalfOpenConnections(Conntrack ct, Traffic traffic, VirtualClock clock, EventRecorder events) {
            traffic.tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);     // ESTABLISHED, ASSURED
            traffic.tcpSyn("10.0.0.1", 40001, "10.0.0.2", 443);           // SYN_SENT, unreplied
            clock.advanceSeconds(60);

            BulkResult r = ct.flows().state(TcpState.SYN_SENT).unreplied().delete();   // the code under test

            assertThat(r.succeeded()).isEqualTo(1);
            assertThat(ct.flows().list()).hasSize(1);
            assertThat(ct.get(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443)).get()).isAssured();
            assertThat(events.events()).containsDestroy(Tuple.tcp("10.0.0.1", "10.0.0.2", 40001, 443));
        }
    }

    @Nested
    @SimulatedConntrack
    class Assertions {
        @Test
        void onFlowsAndEvents(Conntrack ct, Traffic traffic, EventRecorder events) {
            Tuple https = Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443);
            traffic.tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
            assertThat(ct.get(https).get())
                .isAssured().isReplied().hasState(TcpState.ESTABLISHED)
                .hasMark(0).hasZone(0).hasOriginal(https).hasTimeoutBetween(431999, 432000);
            assertThat(events.events())
                .hasTypes(EventType.NEW, EventType.UPDATE, EventType.UPDATE)   // SYN, SYN/ACK, ACK
                .containsNew(https)
                .containsUpdate(https.inverse(), TcpState.ESTABLISHED)
                .containsNothingFor(Tuple.udp("10.0.0.1", "10.0.0.53", 5353, 53));
        }
    }

    /** The guide's claims about the extension: one kernel per test, shared with {@code @BeforeEach}. */
    @Nested
    @SimulatedConntrack(sysctls = "nf_conntrack_udp_timeout=10", labels = true)
    class Extension {
        private SimulatedKernel before;
        private EventRecorder recorderBefore;

        @BeforeEach
        void setUp(final SimulatedKernel kernel, final Traffic traffic, final EventRecorder events) {
            before = kernel;
            recorderBefore = events;
            traffic.udpExchange("10.0.0.1", 5353, "10.0.0.53", 53);
        }

        @Test
        void beforeEachAndTheTestShareTheKernel(final SimulatedKernel kernel, final SimulatedNamespace ns,
                                                final Conntrack ct, final EventRecorder events) {
            assertThat(kernel).isSameAs(before);
            assertThat(ns).isSameAs(kernel.init());
            assertThat(events).isSameAs(recorderBefore);
            assertThat(events.events()).hasSize(2);
            assertThat(ct.flows().first().get().timeout()).isEqualTo(Option.some(10L));
            assertThat(ns.sysctls().get(Sysctl.UDP_TIMEOUT)).isEqualTo(10);
        }

        @Test
        void everyTestHasItsOwnKernel(final SimulatedKernel kernel) {
            assertThat(kernel.init().count()).isEqualTo(1);
        }
    }
}
