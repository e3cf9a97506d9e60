package io.conntrack4j.netlink.codec;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Socket filter programs, run by the interpreter on real event bytes: they drop exactly what the filter rejects. */
class SocketFilterTest {
    private static final List<Flow> FLOWS = List.of(
        flow(Tuple.tcp("10.0.0.1", "10.0.0.2", 40000, 443)),
        flow(Tuple.tcp("10.0.0.1", "10.0.0.3", 40001, 22)),
        flow(Tuple.udp("10.0.0.4", "10.0.0.2", 5353, 53)),
        flow(Tuple.udp("2001:db8::1", "2001:db8::2", 5353, 443)),
        flow(Tuple.icmp("10.0.0.1", "10.0.0.2", 8, 0, 7)),
        flow(Tuple.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), Protocol.GRE,
            new io.conntrack4j.model.Layer4.Ports(0, 0))));

    private static Flow flow(final Tuple t) {
        return Flow.builder(t).reply(t.inverse()).timeout(30L).status(new io.conntrack4j.model.StatusBits(8)).build();
    }

    private static boolean accepts(final byte[] program, final Flow flow, final EventType type) {
        final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        final int length = new KernelMessages().wrap(b).event(new FlowEvent(type, flow, 0, Option.none()));
        return SocketFilter.run(program, b, 0, length);
    }

    private static KernelFilter orig(final Family family, final TupleFilter t) {
        return new KernelFilter(Option.some(family), Option.none(), Option.none(), Option.none(), Option.some(t),
            Option.none());
    }

    private static void checkAgainstJava(final KernelFilter filter) {
        final byte[] program = SocketFilter.compile(filter).get();
        for (final Flow f : FLOWS) {
            for (final EventType type : EventType.values()) {
                assertThat(accepts(program, f, type)).as("%s %s with %s", type, f, filter).isEqualTo(filter.test(f));
            }
        }
    }

    @Test
    void nothingToFilterCompilesToNoProgram() {
        assertThat(SocketFilter.compile(KernelFilter.NONE)).isEmpty();
    }

    @Test
    void familyProtocolAddressesAndPortsAgreeWithTheJavaFilter() {
        checkAgainstJava(KernelFilter.of(Family.IPV4));
        checkAgainstJava(KernelFilter.of(Family.IPV6));
        final TupleFilter none = TupleFilter.NONE;
        checkAgainstJava(orig(Family.IPV4, new TupleFilter(none.source(), none.destination(),
            Option.some(Protocol.TCP), none.sourcePort(), none.destinationPort(), none.icmpType(), none.icmpCode(),
            none.icmpId())));
        checkAgainstJava(orig(Family.IPV4, new TupleFilter(Option.some(IpAddress.parse("10.0.0.1")),
            Option.some(IpAddress.parse("10.0.0.2")), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none())));
        checkAgainstJava(orig(Family.IPV4, new TupleFilter(Option.none(), Option.none(), Option.some(Protocol.TCP),
            Option.some(40000), Option.some(443), Option.none(), Option.none(), Option.none())));
        checkAgainstJava(orig(Family.IPV4, new TupleFilter(Option.none(), Option.none(), Option.some(Protocol.UDP),
            Option.none(), Option.some(53), Option.none(), Option.none(), Option.none())));
    }

    @Test
    void whatAProgramCannotExpressIsLeftToJava() {
        final KernelFilter icmpOnly = orig(Family.IPV4, new TupleFilter(Option.none(), Option.none(),
            Option.some(Protocol.ICMP), Option.none(), Option.none(), Option.some(8), Option.none(), Option.none()));
        final byte[] program = SocketFilter.compile(icmpOnly).get();
        final Flow pingOtherType = flow(Tuple.icmp("10.0.0.1", "10.0.0.2", 13, 0, 7));
        assertThat(accepts(program, pingOtherType, EventType.NEW)).as("type is not compiled: the program keeps it")
            .isTrue();
        assertThat(icmpOnly.test(pingOtherType)).as("and Java drops it").isFalse();
    }

    @Test
    void malformedMessagesAreDroppedNotCrashed() {
        final byte[] program = SocketFilter.compile(KernelFilter.of(Family.IPV4)).get();
        final ByteBuffer tiny = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        assertThat(SocketFilter.run(program, tiny, 0, 8)).isFalse();
        final byte[] proto = SocketFilter.compile(orig(Family.IPV4, new TupleFilter(Option.none(), Option.none(),
            Option.some(Protocol.TCP), Option.none(), Option.none(), Option.none(), Option.none(), Option.none())))
            .get();
        final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        final int length = new KernelMessages().wrap(b).event(new FlowEvent(EventType.NEW, FLOWS.get(0), 0,
            Option.none()));
        b.putShort(20, (short) 2000); // the first attribute's length runs past the message
        assertThat(SocketFilter.run(proto, b, 0, length)).isFalse();
        assertThat(SocketFilter.disassemble(proto)).contains("code=0x06");
    }
}
