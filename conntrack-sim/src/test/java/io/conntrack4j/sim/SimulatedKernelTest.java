package io.conntrack4j.sim;

import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowUpdate;
import io.conntrack4j.error.DumpInterruptedException;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.KernelFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.conntrack4j.sim.assertj.ConntrackAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated kernel through the library, as a user's test would drive it. */
class SimulatedKernelTest {
    private static final Tuple WEB = Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443);

    private final SimulatedKernel kernel = SimulatedKernel.create();
    private final Conntrack ct = kernel.conntrack();

    @Test
    void handshakeThroughTrafficIsEstablishedAndAssured() {
        final EventRecorder recorder = kernel.recordEvents();
        kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);

        final Flow flow = ct.get(WEB).get();
        assertThat(flow).hasState(TcpState.ESTABLISHED).isAssured().isReplied().hasTimeoutBetween(431999, 432000);
        final List<FlowEvent> events = recorder.events();
        assertThat(events).hasTypes(EventType.NEW, EventType.UPDATE, EventType.UPDATE)
            .containsNew(WEB).containsUpdate(WEB, TcpState.SYN_RECV).containsUpdate(WEB, TcpState.ESTABLISHED);
    }

    @Test
    void teardownEndsInTimeWaitAndANewSynReopens() {
        // nf_conntrack_events=2: only entries created while a listener exists ever produce events
        final EventRecorder recorder = kernel.recordEvents();
        final Traffic.TcpSession s = kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
        s.close();
        assertThat(ct.get(WEB).get()).hasState(TcpState.TIME_WAIT).hasTimeoutBetween(119, 120);
        recorder.drain();

        assertThat(kernel.inject(Packet.tcp("10.0.0.1", 40000, "10.0.0.2", 443, Packet.SYN).withSeq(90000)))
            .isEqualTo(PacketVerdict.NEW);
        assertThat(recorder.events()).hasTypes(EventType.DESTROY, EventType.NEW);
        assertThat(ct.get(WEB).get()).hasState(TcpState.SYN_SENT).isUnreplied();
    }

    @Test
    void virtualClockExpiresFlowsAndADumpCollectsThem() {
        final EventRecorder recorder = kernel.recordEvents();
        kernel.traffic().udpExchange("10.0.0.1", 5000, "10.0.0.2", 53);
        kernel.traffic().ping("10.0.0.1", "10.0.0.3", 7);
        assertThat(ct.count()).isEqualTo(2);
        recorder.drain();

        kernel.clock().advance(Duration.ofSeconds(31));
        assertThat(kernel.init().count()).as("expired but not collected still count").isEqualTo(2);
        assertThat(ct.flows().list()).isEmpty();
        assertThat(kernel.init().count()).isZero();
        final List<FlowEvent> destroyed = recorder.events();
        assertThat(destroyed).hasTypes(EventType.DESTROY, EventType.DESTROY);
        assertThat(destroyed.get(0).flow().timeout()).as("expired entries show no timeout").isEmpty();
        assertThat(destroyed.get(0).flow().status().get().has(Status.DYING)).isTrue();
    }

    @Test
    void garbageCollectorRemovesUntouchedExpiredEntriesWithinAMinute() {
        final EventRecorder recorder = kernel.recordEvents();
        kernel.traffic().udpExchange("10.0.0.1", 5000, "10.0.0.2", 53);
        kernel.clock().advanceSeconds(61);
        kernel.inject(Packet.udp("10.0.0.9", 1, "10.0.0.8", 2, 0));
        assertThat(recorder.events()).containsDestroy(Tuple.udp("10.0.0.1", "10.0.0.2", 5000, 53));
    }

    @Test
    void queriesUpdatesAndDeletesThroughTheDsl() {
        kernel.traffic().tcpHandshake("10.0.0.1", 40000, "10.0.0.2", 443);
        kernel.traffic().tcpSyn("10.0.0.1", 40001, "10.0.0.2", 22);
        kernel.traffic().udpExchange("10.0.0.1", 5000, "10.0.0.2", 53);

        assertThat(ct.flows().proto(Protocol.TCP).assured().count()).isEqualTo(1);
        assertThat(ct.flows().proto(Protocol.TCP).update(FlowUpdate.none().mark(0x42)).succeeded()).isEqualTo(2);
        assertThat(ct.flows().mark(0x42).list()).hasSize(2).allSatisfy(f -> assertThat(f).hasMark(0x42));
        assertThat(ct.flows().proto(Protocol.TCP).state(TcpState.SYN_SENT).delete().succeeded()).isEqualTo(1);
        assertThat(ct.count()).isEqualTo(2);
    }

    @Test
    void createRefusalsCarryTheKernelErrno() {
        final Flow a = Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).timeout(100L).build();
        ct.create(a);
        assertThatThrownBy(() -> ct.create(a)).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        ct.flows().src("10.0.0.1").update(FlowUpdate.none().setStatus(Status.FIXED_TIMEOUT));
        assertThat(ct.flows().src("10.0.0.1").update(FlowUpdate.none().timeout(5)).failures())
            .singleElement().satisfies(f -> assertThat(f.error()).contains(Errno.EPERM));
    }

    @Test
    void statisticsCountInsertsAndInvalidPackets() {
        ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).timeout(100L).build());
        kernel.inject(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.SYN | Packet.FIN));
        assertThat(kernel.init().counter(CpuCounter.INSERT)).isEqualTo(1);
        assertThat(kernel.init().counter(CpuCounter.INVALID)).isEqualTo(1);
        assertThat(ct.stats()).hasSize(2);
        assertThat(ct.globalStats().entries()).isEqualTo(1);
        assertThat(ct.globalStats().maxEntries()).isEqualTo(262144);
    }

    @Test
    void fullTableEarlyDropsUnassuredEntriesAndRefusesWhenAllAreAssured() {
        kernel.init().faults().capacity(2);
        kernel.traffic().tcpHandshake("10.0.0.1", 1, "10.0.0.2", 80);
        kernel.traffic().tcpSyn("10.0.0.1", 2, "10.0.0.2", 80);
        assertThat(kernel.traffic().tcpSyn("10.0.0.1", 3, "10.0.0.2", 80).established()).isFalse();
        assertThat(kernel.init().counter(CpuCounter.EARLY_DROP)).isEqualTo(1);
        assertThat(ct.flows().dport(80).sport(2).count()).as("the unassured entry was evicted").isZero();

        ct.flows().dport(80).update(FlowUpdate.none().setStatus(Status.SEEN_REPLY, Status.ASSURED));
        assertThat(kernel.inject(Packet.tcp("10.0.0.1", 4, "10.0.0.2", 80, Packet.SYN)))
            .isEqualTo(PacketVerdict.DROPPED);
        assertThat(kernel.init().counter(CpuCounter.DROP)).isEqualTo(1);
        assertThatThrownBy(() -> ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2)).timeout(9L)
            .build())).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
    }

    @Test
    void namespacesHaveTheirOwnTablesAndSysctls() {
        final SimulatedNamespace other = kernel.namespace("other").sysctl(Sysctl.TCP_LOOSE, 0);
        other.inject(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.ACK));
        kernel.inject(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.ACK));
        assertThat(other.count()).isZero();
        assertThat(kernel.init().count()).isEqualTo(1);
        assertThat(ct.flows().list().head()).hasState(TcpState.ESTABLISHED).hasTimeoutBetween(299, 300);
    }

    @Test
    void injectedDumpInterruptionIsRetriedByListAndSurfacesOnARawDump() {
        kernel.traffic().udpExchange("10.0.0.1", 5000, "10.0.0.2", 53);
        kernel.init().faults().interruptDumps(1);
        assertThat(ct.flows().list()).hasSize(1);
        kernel.init().faults().interruptDumps(1);
        try (SimulatedBackend backend = kernel.backend()) {
            assertThatThrownBy(() -> backend.dump(DumpFlows.of(KernelFilter.NONE)).count())
                .isInstanceOf(DumpInterruptedException.class);
        }
    }

    @Test
    void deniedPermissionFailsEveryRequestWithEperm() {
        kernel.init().faults().denyPermission();
        assertThatThrownBy(() -> ct.flows().list()).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        kernel.init().faults().allowRequests();
        assertThat(ct.flows().list()).isEmpty();
    }

    @Test
    void badSysctlValuesAreRefused() {
        assertThatThrownBy(() -> kernel.sysctl(Sysctl.TCP_LOOSE, 2)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Sysctl.byFileName("nf_conntrack_nonsense")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> kernel.clock().advance(Duration.ofSeconds(-1)))
            .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aListenerInAnyNamespaceMakesNewEntriesReportEventsAsTheKernelWideFlagDoes() {
        final SimulatedNamespace other = kernel.namespace("other");
        final Tuple a = Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2);
        ct.create(Flow.builder(a).timeout(100L).build());
        try (EventRecorder elsewhere = other.recordEvents()) {
            ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 3, 4)).timeout(100L).build());
            assertThat(elsewhere.events()).isEmpty();
        }
        final EventRecorder here = kernel.recordEvents();
        ct.flushAll();
        assertThat(here.events()).as("only the entry created while a listener existed (in another namespace)")
            .hasSize(1).containsDestroy(Tuple.udp("10.0.0.1", "10.0.0.2", 3, 4)).containsNothingFor(a);
    }

    @Test
    void aClashIsFoundEvenWhenTwoEntriesHoldTheSameTupleInOneZone() {
        // the kernel's answer to this sequence (found by SimulatorVsKernelIT): two entries hold T in zone 5, one as
        // its reply tuple, one as its original; a create whose original is T in zone 5 clashes with the second
        final Tuple a = Tuple.tcp("10.0.0.1", "10.0.0.2", 1000, 80);
        final Tuple t = a.inverse();
        ct.create(Flow.builder(a).reply(t.withZone(5)).timeout(60L).build());
        ct.create(Flow.builder(t.withZone(5)).timeout(60L).build());
        final Flow clashing = Flow.builder(t.withZone(5)).reply(Tuple.tcp("10.0.0.3", "10.0.0.2", 1000, 80))
            .timeout(60L).build();
        assertThatThrownBy(() -> ct.create(clashing)).isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    }

    @Test
    void ofTwoEntriesHoldingTheLookedUpTupleTheNewerIsFoundAsOnTheKernelsHashChain() {
        // found by SimulatorVsKernelIT: E1's reply and E2's original are the same tuple in zone 0; the kernel's
        // lookup meets the newer entry first (entries are added at the head of a hash chain)
        final Tuple ping = Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 7);
        ct.create(Flow.builder(ping).timeout(60L).build());
        final Tuple pong = ping.inverse();
        ct.create(Flow.builder(pong).reply(ping.withZone(5)).timeout(60L).build());
        assertThat(ct.get(pong).get().original()).isEqualTo(pong);
    }
}
