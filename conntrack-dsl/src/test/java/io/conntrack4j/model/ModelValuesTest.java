package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The positive side of the model: prefixes, tuples and their inverse, labels, status bits, flows. */
class ModelValuesTest {

    // --- Timestamps -------------------------------------------------------------------------------------------

    @Test
    void timestampsAreValuesWhateverTheyAreMadeWith() {
        final Timestamps live = Timestamps.started(5L);
        assertThat(live.startNanos()).contains(5L);
        assertThat(live.stopNanos()).isEmpty();
        assertThat(live).isEqualTo(new Timestamps(Option.some(5L), Option.none()))
            .hasSameHashCodeAs(new Timestamps(Option.some(5L), Option.none()))
            .hasToString("Timestamps[startNanos=Some(5), stopNanos=None]");
        final Timestamps dead = Timestamps.startedAndStopped(5L, 9L);
        assertThat(dead).isEqualTo(new Timestamps(Option.some(5L), Option.some(9L))).isNotEqualTo(live);
        assertThat(dead.stopNanos()).contains(9L);
        assertThat(new Timestamps(Option.none(), Option.some(0L))).as("a stop time of 0 is not an absent one")
            .isNotEqualTo(new Timestamps(Option.none(), Option.none()));
        assertThat(new Timestamps(Option.none(), Option.some(0L)).stopNanos()).contains(0L);
        assertThatThrownBy(() -> new Timestamps(null, Option.none())).isInstanceOf(InvalidValueException.class);
    }

    // --- IpPrefix ----------------------------------------------------------------------------------------------

    @Test
    void prefixesAreNormalised() {
        assertThat(IpPrefix.parse("10.1.2.3/8")).isEqualTo(IpPrefix.parse("10.0.0.0/8"));
        assertThat(IpPrefix.parse("10.1.2.3/8").network()).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(IpPrefix.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(IpPrefix.parse("2001:db8:1:2::5/32")).hasToString("2001:db8::/32");
        assertThat(IpPrefix.parse("10.1.2.3/8").hashCode()).isEqualTo(IpPrefix.parse("10.0.0.0/8").hashCode());
        assertThat(IpPrefix.parse("10.0.0.0/8")).isNotEqualTo(IpPrefix.parse("10.0.0.0/9"));
    }

    @Test
    void aFullLengthPrefixIsOneAddress() {
        assertThat(IpPrefix.parse("10.0.0.1")).isEqualTo(IpPrefix.parse("10.0.0.1/32"))
            .isEqualTo(IpPrefix.of(IpAddress.parse("10.0.0.1")));
        assertThat(IpPrefix.parse("10.0.0.1").isSingleAddress()).isTrue();
        assertThat(IpPrefix.parse("10.0.0.1")).hasToString("10.0.0.1");
        assertThat(IpPrefix.parse("2001:db8::1/128").isSingleAddress()).isTrue();
        assertThat(IpPrefix.parse("2001:db8::1/127").isSingleAddress()).isFalse();
        assertThat(IpPrefix.parse("10.0.0.0/31").isSingleAddress()).isFalse();
        assertThat(IpPrefix.parse("10.0.0.1").length()).isEqualTo(32);
        assertThat(IpPrefix.parse("::1").length()).isEqualTo(128);
    }

    @Test
    void containment() {
        final IpPrefix ten = IpPrefix.parse("10.0.0.0/8");
        assertThat(ten.contains(IpAddress.parse("10.255.255.255"))).isTrue();
        assertThat(ten.contains(IpAddress.parse("10.0.0.0"))).isTrue();
        assertThat(ten.contains(IpAddress.parse("11.0.0.0"))).isFalse();
        assertThat(ten.contains(IpAddress.parse("9.255.255.255"))).isFalse();
        assertThat(ten.contains(IpAddress.parse("::ffff:10.0.0.1"))).as("another family").isFalse();
        assertThat(ten.contains(IpAddress.parse("::a00:1"))).as("same low bits, another family").isFalse();
        final IpPrefix all4 = IpPrefix.parse("0.0.0.0/0");
        assertThat(all4.contains(IpAddress.parse("255.255.255.255"))).isTrue();
        assertThat(all4.contains(IpAddress.parse("::"))).isFalse();
        final IpPrefix all6 = IpPrefix.parse("::/0");
        assertThat(all6.contains(IpAddress.parse("ffff::1"))).isTrue();
        assertThat(all6.contains(IpAddress.parse("0.0.0.0"))).isFalse();
        final IpPrefix p65 = IpPrefix.parse("2001:db8:0:0:8000::/65");
        assertThat(p65.contains(IpAddress.parse("2001:db8::ffff:0:0:1"))).isTrue();
        assertThat(p65.contains(IpAddress.parse("2001:db8::7fff:0:0:1"))).isFalse();
        final IpPrefix one = IpPrefix.parse("10.0.0.1");
        assertThat(one.contains(IpAddress.parse("10.0.0.1"))).isTrue();
        assertThat(one.contains(IpAddress.parse("10.0.0.2"))).isFalse();
        assertThat(IpPrefix.parse("10.0.0.0/31").contains(IpAddress.parse("10.0.0.1"))).isTrue();
        assertThat(IpPrefix.parse("10.0.0.0/31").contains(IpAddress.parse("10.0.0.2"))).isFalse();
    }

    // --- Tuple -------------------------------------------------------------------------------------------------

    @Test
    void inverseSwapsAddressesAndPorts() {
        final Tuple t = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);
        final Tuple r = t.inverse();
        assertThat(r.source()).isEqualTo(IpAddress.parse("10.0.0.2"));
        assertThat(r.destination()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(r.sourcePort()).contains(80);
        assertThat(r.destinationPort()).contains(1234);
        assertThat(r.protocol()).isEqualTo(Protocol.TCP);
        assertThat(r.inverse()).isEqualTo(t);
        assertThat(Tuple.ports("2001:db8::1", "2001:db8::2", Protocol.GRE, 7, 9).inverse())
            .isEqualTo(Tuple.ports("2001:db8::2", "2001:db8::1", Protocol.GRE, 9, 7));
        final Tuple other = Tuple.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), Protocol.of(99),
            Layer4.none());
        assertThat(other.inverse()).isEqualTo(Tuple.of(IpAddress.parse("10.0.0.2"), IpAddress.parse("10.0.0.1"),
            Protocol.of(99), Layer4.none()));
    }

    @Test
    void inverseDropsTheDirectionalZone() {
        final Tuple t = Tuple.udp("10.0.0.1", "10.0.0.2", 53, 53).withZone(7);
        assertThat(t.zone()).contains(7);
        assertThat(t.inverse().zone()).isEmpty();
    }

    @Test
    void inverseMapsIcmpRequestsToReplies() {
        assertThat(Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 77).inverse())
            .isEqualTo(Tuple.icmp("10.0.0.2", "10.0.0.1", 0, 0, 77));
        assertThat(Tuple.icmp("10.0.0.1", "10.0.0.2", 0, 0, 77).inverse().icmp().get().type()).isEqualTo(8);
        assertThat(Tuple.icmp("10.0.0.1", "10.0.0.2", 13, 0, 1).inverse().icmp().get().type()).isEqualTo(14);
        assertThat(Tuple.icmp("10.0.0.1", "10.0.0.2", 15, 0, 1).inverse().icmp().get().type()).isEqualTo(16);
        assertThat(Tuple.icmp("10.0.0.1", "10.0.0.2", 17, 0, 1).inverse().icmp().get().type()).isEqualTo(18);
        final Tuple v6 = Tuple.icmp("2001:db8::1", "2001:db8::2", 128, 0, 5);
        assertThat(v6.protocol()).isEqualTo(Protocol.ICMPV6);
        assertThat(v6.inverse()).isEqualTo(Tuple.icmp("2001:db8::2", "2001:db8::1", 129, 0, 5));
        assertThat(Tuple.icmp("2001:db8::1", "2001:db8::2", 129, 0, 5).inverse().icmp().get().type())
            .isEqualTo(128);
        assertThat(Tuple.icmp("2001:db8::1", "2001:db8::2", 139, 0, 5).inverse().icmp().get().type())
            .isEqualTo(140);
    }

    @Test
    void inverseOfAnUntrackedIcmpTypeIsAnError() {
        // the kernel answers EINVAL for a tuple whose type has no reply type (e.g. 3, destination unreachable)
        final InvalidValueException e = catchThrowableOfType(InvalidValueException.class,
            () -> Tuple.icmp("10.0.0.1", "10.0.0.2", 3, 1, 0).inverse());
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("icmp type");
        assertThat(e.value()).isEqualTo("3");
        // ICMPv4 numbers mean nothing for ICMPv6 and the other way round
        assertThatThrownBy(() -> Tuple.icmp("2001:db8::1", "2001:db8::2", 8, 0, 0).inverse())
            .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Tuple.icmp("10.0.0.1", "10.0.0.2", 128, 0, 0).inverse())
            .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void tupleAccessors() {
        final Tuple t = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);
        assertThat(t.family()).isEqualTo(Family.IPV4);
        assertThat(t.icmp()).isEmpty();
        final Tuple i = Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 1);
        assertThat(i.protocol()).isEqualTo(Protocol.ICMP);
        assertThat(i.sourcePort()).isEmpty();
        assertThat(i.destinationPort()).isEmpty();
        assertThat(i.icmp()).contains(new Layer4.Icmp(8, 0, 1));
        assertThat(t.withZone(3)).isNotEqualTo(t);
        assertThat(t.withZone(3).zone()).contains(3);
    }

    // --- Labels ------------------------------------------------------------------------------------------------

    @Test
    void labels() {
        final Labels l = Labels.of(0, 5, 63, 64, 127);
        assertThat(l.bits().toArray()).containsExactly(0, 5, 63, 64, 127);
        assertThat(l.low()).isEqualTo(1L | 1L << 5 | 1L << 63);
        assertThat(l.high()).isEqualTo(1L | 1L << 63);
        assertThat(l.contains(64)).isTrue();
        assertThat(l.contains(65)).isFalse();
        assertThat(l.containsAll(Labels.of(5, 127))).isTrue();
        assertThat(l.containsAll(Labels.of(5, 126))).isFalse();
        assertThat(l.containsAll(Labels.NONE)).isTrue();
        assertThat(Labels.NONE.containsAll(l)).isFalse();
        assertThat(l.minus(Labels.of(5, 64, 100))).isEqualTo(Labels.of(0, 63, 127));
        assertThat(Labels.of(1).union(Labels.of(100))).isEqualTo(Labels.of(1, 100));
        assertThat(Labels.of(1).with(1)).isEqualTo(Labels.of(1));
        assertThat(Labels.of()).isEqualTo(Labels.NONE);
        assertThat(Labels.NONE.isEmpty()).isTrue();
        assertThat(Labels.of(3).minus(Labels.of(3))).isEqualTo(Labels.NONE);
        assertThat(Labels.of(3).minus(Labels.of(3)).isEmpty()).isTrue();
        assertThat(Labels.ofWords(l.low(), l.high())).isEqualTo(l);
        assertThat(Labels.ofWords(l.low(), l.high()).hashCode()).isEqualTo(l.hashCode());
        assertThat(Labels.of(1, 64)).hasToString("{1,64}");
        assertThat(Labels.NONE).hasToString("{}");
    }

    // --- StatusBits --------------------------------------------------------------------------------------------

    @Test
    void statusBits() {
        assertThat(Status.EXPECTED.value()).isEqualTo(1);
        assertThat(Status.SEEN_REPLY.value()).isEqualTo(2);
        assertThat(Status.ASSURED.value()).isEqualTo(4);
        assertThat(Status.CONFIRMED.value()).isEqualTo(8);
        assertThat(Status.SRC_NAT_DONE.value()).isEqualTo(0x80);
        assertThat(Status.DST_NAT_DONE.value()).isEqualTo(0x100);
        assertThat(Status.DYING.value()).isEqualTo(0x200);
        assertThat(Status.HW_OFFLOAD.value()).isEqualTo(0x8000);
        assertThat(Status.ofBit(9)).isEqualTo(Status.DYING);
        assertThat(Status.SETTABLE).isEqualTo(0x2 | 0x4 | 0x400 | 0x2000);

        final StatusBits s = StatusBits.of(Status.SEEN_REPLY, Status.ASSURED, Status.CONFIRMED);
        assertThat(s.value()).isEqualTo(0xe);
        assertThat(s.has(Status.ASSURED)).isTrue();
        assertThat(s.has(Status.EXPECTED)).isFalse();
        assertThat(s.containsAll(StatusBits.of(Status.ASSURED, Status.CONFIRMED))).isTrue();
        assertThat(s.containsAll(StatusBits.of(Status.ASSURED, Status.DYING))).isFalse();
        assertThat(s.containsAll(StatusBits.NONE)).isTrue();
        assertThat(s.with(Status.DYING).value()).isEqualTo(0x20e);
        assertThat(s.toSet()).containsExactly(Status.SEEN_REPLY, Status.ASSURED, Status.CONFIRMED);
        assertThat(StatusBits.of(EnumSet.of(Status.SEEN_REPLY, Status.ASSURED, Status.CONFIRMED))).isEqualTo(s);
        assertThat(s).hasToString("SEEN_REPLY|ASSURED|CONFIRMED");
        assertThat(StatusBits.NONE).hasToString("0");
        assertThat(new StatusBits(0x1_0008)).hasToString("CONFIRMED|0x10000");
        assertThat(new StatusBits(0x1_0008).toSet()).containsExactly(Status.CONFIRMED);
        assertThatThrownBy(() -> s.toSet().add(Status.DYING)).isInstanceOf(UnsupportedOperationException.class);
    }

    // --- Protocol, Family, TcpState --------------------------------------------------------------------------

    @Test
    void protocols() {
        assertThat(Protocol.parse("TCP")).isEqualTo(Protocol.TCP);
        assertThat(Protocol.parse("icmpv6")).isEqualTo(Protocol.ICMPV6);
        assertThat(Protocol.parse("99")).isEqualTo(Protocol.of(99));
        assertThat(Protocol.of(99)).hasToString("99");
        assertThat(Protocol.of(99).kernelName()).isEqualTo("unknown");
        assertThat(Protocol.GRE.hasPorts()).isTrue();
        assertThat(Protocol.ICMP.hasPorts()).isFalse();
        assertThat(Protocol.ICMPV6.isIcmp()).isTrue();
        assertThat(Family.ofNumber(10)).isEqualTo(Family.IPV6);
        assertThat(Family.IPV6.bits()).isEqualTo(128);
        assertThat(TcpState.parse("LISTEN")).isEqualTo(TcpState.SYN_SENT2);
        assertThat(TcpState.of(3)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(TcpState.TIME_WAIT.value()).isEqualTo(7);
    }

    // --- Flow --------------------------------------------------------------------------------------------------

    @Test
    void flowDefaultsAndAccessors() {
        final Tuple t = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);
        final Flow f = Flow.builder(t).build();
        assertThat(f.reply()).isEmpty();
        assertThat(f.status()).isEmpty();
        assertThat(f.hasStatus(Status.CONFIRMED)).isFalse();
        assertThat(f.mark()).isEmpty();
        assertThat(f.markValue()).isZero();
        assertThat(f.zone()).isZero();
        assertThat(f.zoneId()).isZero();
        assertThat(f.labels()).isEqualTo(Labels.NONE);
        assertThat(f.tcpState()).isEmpty();
        assertThat(f.family()).isEqualTo(Family.IPV4);
        assertThat(f.protocol()).isEqualTo(Protocol.TCP);
        final Flow g = f.toBuilder().mark(7L).protoInfo(ProtoInfo.Tcp.of(TcpState.SYN_SENT)).build();
        assertThat(g.mark()).contains(7L);
        assertThat(g.tcpState()).contains(TcpState.SYN_SENT);
        assertThat(g).isNotEqualTo(f);
        assertThat(g.toBuilder().build()).isEqualTo(g);
        assertThat(g.toBuilder().build().hashCode()).isEqualTo(g.hashCode());
        assertThat(f.toBuilder().mark(0L).build()).as("mark 0 sent differs from mark absent").isNotEqualTo(f);
    }

    @Test
    void zoneIdIsTheZoneInWhateverDirection() {
        final Tuple t = Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2);
        assertThat(Flow.builder(t).zone(5).build().zoneId()).isEqualTo(5);
        assertThat(Flow.builder(t.withZone(6)).reply(t.inverse()).build().zoneId()).isEqualTo(6);
        assertThat(Flow.builder(t).reply(t.inverse().withZone(7)).build().zoneId()).isEqualTo(7);
        assertThat(Flow.builder(t).reply(t.inverse()).build().zoneId()).isZero();
    }

    @Test
    void natDetection() {
        final Tuple t = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);
        final Tuple snatReply = Tuple.tcp("10.0.0.2", "203.0.113.7", 80, 1234);
        final Flow snat = Flow.builder(t).reply(snatReply).status(Status.SRC_NAT, Status.SRC_NAT_DONE).build();
        assertThat(snat.isSourceNat()).isTrue();
        assertThat(snat.isDestinationNat()).isFalse();
        // without SRC_NAT_DONE a status-carrying flow is not source-NATed, without status the tuples decide
        assertThat(snat.toBuilder().status(Status.CONFIRMED).build().isSourceNat()).isFalse();
        assertThat(snat.toBuilder().status((StatusBits) null).build().isSourceNat()).isTrue();
        final Tuple dnatReply = Tuple.tcp("192.168.1.1", "10.0.0.1", 8080, 1234);
        final Flow dnat = Flow.builder(t).reply(dnatReply).status(Status.DST_NAT_DONE).build();
        assertThat(dnat.isDestinationNat()).isTrue();
        assertThat(dnat.isSourceNat()).isFalse();
        assertThat(Flow.builder(t).reply(t.inverse()).status(Status.SRC_NAT_DONE, Status.DST_NAT_DONE).build()
            .isSourceNat()).as("NAT bits without a rewritten tuple").isFalse();
        assertThat(Flow.builder(t).build().isSourceNat()).as("no reply tuple").isFalse();
    }

    @Test
    void flowBuilderKeepsOptionalAttributesAbsentUntilSet() {
        final Flow f = Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2))
            .timeout(30L).use(1L).secmark(0L).id(new FlowId(-1)).helper("tftp").build();
        assertThat(f.timeout()).contains(30L);
        assertThat(f.use()).contains(1L);
        assertThat(f.id().map(FlowId::unsigned)).contains(0xFFFF_FFFFL);
        assertThat(f.id().get()).hasToString("4294967295");
        assertThat(f.helper()).contains("tftp");
        assertThat(f.countersOriginal()).isEmpty();
        assertThat(f.timestamps()).isEmpty();
        assertThat(f.toBuilder().timeout(null).build().timeout()).isEqualTo(Option.none());
    }
}
