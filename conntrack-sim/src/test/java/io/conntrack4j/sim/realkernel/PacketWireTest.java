package io.conntrack4j.sim.realkernel;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.sim.Packet;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

class PacketWireTest {

    /** An independent ones'-complement sum of the concatenated parts (each part but the last of even length). */
    private static int onesSum(final byte[]... parts) {
        final byte[] all = Arrays.stream(parts).reduce(new byte[0], (a, b) -> {
            final byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        });
        long sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            sum += ((all[i] & 0xFF) << 8) + (i + 1 < all.length ? all[i + 1] & 0xFF : 0);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) sum;
    }

    private static byte[] range(final byte[] b, final int from, final int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    private static byte[] pseudo4(final byte[] ip, final int protocol, final int length) {
        return ByteBuffer.allocate(12).put(ip, 12, 8).put((byte) 0).put((byte) protocol).putShort((short) length)
            .array();
    }

    private static byte[] pseudo6(final byte[] ip, final int protocol, final int length) {
        return ByteBuffer.allocate(40).put(ip, 8, 32).putInt(length).put(new byte[3]).put((byte) protocol).array();
    }

    private static int u16(final byte[] b, final int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(final byte[] b, final int at) {
        return ByteBuffer.wrap(b, at, 4).getInt() & 0xFFFF_FFFFL;
    }

    private static void assertIpv4Header(final byte[] b, final Packet p) {
        assertThat(b).hasSize(p.l3Length());
        assertThat(b[0]).as("version 4, IHL 5").isEqualTo((byte) 0x45);
        assertThat(u16(b, 2)).as("total length").isEqualTo(b.length);
        assertThat(b[6] & 0x40).as("DF").isEqualTo(0x40);
        assertThat(u16(b, 6) & 0x1FFF).as("fragment offset").isZero();
        assertThat(b[8] & 0xFF).as("TTL").isEqualTo(64);
        assertThat(b[9] & 0xFF).as("protocol").isEqualTo(p.protocol().number());
        assertThat(onesSum(range(b, 0, 20))).as("header checksum").isEqualTo(0xFFFF);
        assertThat(range(b, 12, 16)).isEqualTo(p.source().toBytes());
        assertThat(range(b, 16, 20)).isEqualTo(p.destination().toBytes());
    }

    private static void assertIpv6Header(final byte[] b, final Packet p) {
        assertThat(b).hasSize(p.l3Length());
        assertThat(u32(b, 0)).as("version 6, class 0, flow 0").isEqualTo(0x6000_0000L);
        assertThat(u16(b, 4)).as("payload length").isEqualTo(b.length - 40);
        assertThat(b[6] & 0xFF).as("next header").isEqualTo(p.protocol().number());
        assertThat(b[7] & 0xFF).as("hop limit").isEqualTo(64);
        assertThat(range(b, 8, 24)).isEqualTo(p.source().toBytes());
        assertThat(range(b, 24, 40)).isEqualTo(p.destination().toBytes());
    }

    @Test
    void tcpSynWithOptionsOverIpv4() {
        final Packet p = Packet.tcp("10.0.0.1", 40000, "10.0.0.2", 80, Packet.SYN).withSeq(0xFFFF_FFF0L).withAck(7)
            .withWindow(29200).withOptions(7, true).withPayload(3);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv4Header(b, p);
        assertThat(b).hasSize(20 + 20 + 8 + 3);
        assertThat(u16(b, 20)).isEqualTo(40000);
        assertThat(u16(b, 22)).isEqualTo(80);
        assertThat(u32(b, 24)).isEqualTo(0xFFFF_FFF0L);
        assertThat(u32(b, 28)).isEqualTo(7);
        assertThat((b[32] & 0xFF) >> 4).as("data offset in words").isEqualTo(7);
        assertThat(b[33]).isEqualTo((byte) Packet.SYN);
        assertThat(u16(b, 34)).isEqualTo(29200);
        assertThat(u16(b, 38)).as("urgent pointer").isZero();
        assertThat(range(b, 40, 48)).as("window scale 7, SACK-permitted, EOL padding")
            .containsExactly(3, 3, 7, 4, 2, 0, 0, 0);
        assertThat(range(b, 48, 51)).containsOnly(0);
        assertThat(onesSum(pseudo4(b, 6, b.length - 20), range(b, 20, b.length))).isEqualTo(0xFFFF);
    }

    @Test
    void tcpOptionsAloneArePadded() {
        final byte[] scale = PacketWire.toBytes(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.SYN)
            .withOptions(14, false));
        assertThat((scale[32] & 0xFF) >> 4).isEqualTo(6);
        assertThat(range(scale, 40, 44)).containsExactly(3, 3, 14, 0);
        final byte[] sack = PacketWire.toBytes(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.SYN)
            .withOptions(-1, true));
        assertThat(range(sack, 40, 44)).containsExactly(4, 2, 0, 0);
        final byte[] none = PacketWire.toBytes(Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2, Packet.FIN | Packet.ACK));
        assertThat(none).hasSize(40);
        assertThat((none[32] & 0xFF) >> 4).isEqualTo(5);
        assertThat(none[33]).isEqualTo((byte) 0x11);
    }

    @Test
    void tcpOverIpv6WithOddPayload() {
        final Packet p = Packet.tcp("2001:db8::1", 1234, "2001:db8::2", 443, Packet.ACK | Packet.PSH).withSeq(99)
            .withAck(0x8000_0000L).withWindow(0).withPayload(7);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv6Header(b, p);
        assertThat(b).hasSize(40 + 20 + 7);
        assertThat(u16(b, 40)).isEqualTo(1234);
        assertThat(u32(b, 44)).isEqualTo(99);
        assertThat(u32(b, 48)).isEqualTo(0x8000_0000L);
        assertThat(b[53]).isEqualTo((byte) 0x18);
        assertThat(onesSum(pseudo6(b, 6, b.length - 40), range(b, 40, b.length))).isEqualTo(0xFFFF);
    }

    @Test
    void udpOverBothFamilies() {
        final Packet v4 = Packet.udp("10.0.0.1", 1, "10.0.0.2", 2, 10);
        final byte[] b = PacketWire.toBytes(v4);
        assertIpv4Header(b, v4);
        assertThat(b).as("§9.4: a 10-byte UDP payload counts 38 bytes").hasSize(38);
        assertThat(u16(b, 20)).isEqualTo(1);
        assertThat(u16(b, 22)).isEqualTo(2);
        assertThat(u16(b, 24)).as("UDP length").isEqualTo(18);
        assertThat(u16(b, 26)).as("checksum present").isNotZero();
        assertThat(onesSum(pseudo4(b, 17, 18), range(b, 20, 38))).isEqualTo(0xFFFF);

        final Packet v6 = Packet.udp("::1", 5353, "::1", 53, 1);
        final byte[] c = PacketWire.toBytes(v6);
        assertIpv6Header(c, v6);
        assertThat(u16(c, 44)).isEqualTo(9);
        assertThat(onesSum(pseudo6(c, 17, 9), range(c, 40, 49))).isEqualTo(0xFFFF);
    }

    @Test
    void aUdpChecksumOfZeroIsSentAsAllOnes() {
        int zeroes = 0;
        for (int port = 0; port <= 0xFFFF; port++) {
            final byte[] b = PacketWire.toBytes(Packet.udp("10.0.0.1", port, "10.0.0.2", 2, 0));
            assertThat(u16(b, 26)).isNotZero();
            final byte[] withoutChecksum = range(b, 20, 28);
            withoutChecksum[6] = 0;
            withoutChecksum[7] = 0;
            if (onesSum(pseudo4(b, 17, 8), withoutChecksum) == 0xFFFF) {
                zeroes++;
                assertThat(u16(b, 26)).isEqualTo(0xFFFF);
            }
        }
        assertThat(zeroes).as("some source port gives a computed checksum of 0").isPositive();
    }

    @Test
    void udpLiteCoversTheWholeDatagram() {
        final Packet p = Packet.udp("10.0.0.1", 7, "10.0.0.2", 8, 5);
        final Packet lite = new Packet(p.source(), p.destination(), Protocol.UDPLITE, 7, 8, 0, 0, 0, 0, -1, false,
            0, 0, 0, 5);
        final byte[] b = PacketWire.toBytes(lite);
        assertIpv4Header(b, lite);
        assertThat(u16(b, 24)).as("checksum coverage 0: all").isZero();
        assertThat(onesSum(pseudo4(b, 136, 13), range(b, 20, 33))).isEqualTo(0xFFFF);
    }

    @Test
    void icmpEchoChecksumHasNoPseudoHeader() {
        final Packet p = Packet.icmp("10.0.0.1", "10.0.0.2", 8, 0, 1226).withPayload(5);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv4Header(b, p);
        assertThat(b).hasSize(20 + 8 + 5);
        assertThat(b[20]).isEqualTo((byte) 8);
        assertThat(b[21]).isEqualTo((byte) 0);
        assertThat(u16(b, 24)).as("id").isEqualTo(1226);
        assertThat(u16(b, 26)).as("sequence").isZero();
        assertThat(onesSum(range(b, 20, b.length))).isEqualTo(0xFFFF);
    }

    @Test
    void icmpv6ChecksumCoversThePseudoHeader() {
        final Packet p = Packet.icmp("2001:db8::1", "2001:db8::2", 128, 0, 77);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv6Header(b, p);
        assertThat(b).hasSize(48);
        assertThat(b[40] & 0xFF).isEqualTo(128);
        assertThat(u16(b, 44)).isEqualTo(77);
        assertThat(onesSum(pseudo6(b, 58, 8), range(b, 40, 48))).isEqualTo(0xFFFF);
        assertThat(onesSum(range(b, 40, 48))).isNotEqualTo(0xFFFF);
    }

    @Test
    void greCarriesTheDestinationKeyAsPptpCallId() {
        final Packet p = Packet.of("10.0.0.1", "10.0.0.2", Protocol.GRE).withPorts(16, 32).withPayload(4);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv4Header(b, p);
        assertThat(u16(b, 20)).as("K bit, version 1").isEqualTo(0x2001);
        assertThat(u16(b, 22)).as("PPP").isEqualTo(0x880B);
        assertThat(u16(b, 24)).as("payload length").isEqualTo(4);
        assertThat(u16(b, 26)).as("call id").isEqualTo(32);
    }

    @Test
    void sctpCommonHeaderHasCrc32c() {
        final Packet p = Packet.of("10.0.0.1", "10.0.0.2", Protocol.SCTP).withPorts(1, 2).withPayload(3);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv4Header(b, p);
        assertThat(u16(b, 20)).isEqualTo(1);
        assertThat(u16(b, 22)).isEqualTo(2);
        final byte[] sctp = range(b, 20, b.length);
        final int stored = ByteBuffer.wrap(sctp, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        Arrays.fill(sctp, 8, 12, (byte) 0);
        final CRC32C crc = new CRC32C();
        crc.update(sctp);
        assertThat(stored).isEqualTo((int) crc.getValue());
    }

    @Test
    void otherProtocolsAreTheIpHeaderAndPayload() {
        final Packet p = Packet.of("10.0.0.1", "10.0.0.2", Protocol.of(253)).withPayload(5);
        final byte[] b = PacketWire.toBytes(p);
        assertIpv4Header(b, p);
        assertThat(b).hasSize(25);
        assertThat(range(b, 20, 25)).containsOnly(0);
        final Packet dccp = Packet.of("::1", "::1", Protocol.DCCP);
        assertIpv6Header(PacketWire.toBytes(dccp), dccp);
    }

    @Test
    void checksumOfARangeHoldingItsChecksumIsZero() {
        final byte[] b = PacketWire.toBytes(Packet.udp("10.0.0.1", 1, "10.0.0.2", 2, 0));
        assertThat(PacketWire.checksum(b, 0, 20)).isZero();
        assertThat(PacketWire.checksum(new byte[] {(byte) 0xFF}, 0, 1)).isEqualTo(0x00FF);
        assertThat(PacketWire.pseudoHeader(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), 6, 20))
            .containsExactly(10, 0, 0, 1, 10, 0, 0, 2, 0, 6, 0, 20);
    }

    @Test
    void socketAddressesHaveTheKernelLayout() {
        final ByteOrder order = ByteOrder.nativeOrder();
        final byte[] in = RawInjector.sockaddr(IpAddress.parse("10.0.0.2"));
        assertThat(in).hasSize(16);
        assertThat(ByteBuffer.wrap(in).order(order).getShort(0)).isEqualTo((short) 2);
        assertThat(range(in, 2, 8)).containsExactly(0, 0, 10, 0, 0, 2);
        final byte[] in6 = RawInjector.sockaddr(IpAddress.parse("2001:db8::2"));
        assertThat(in6).hasSize(28);
        assertThat(ByteBuffer.wrap(in6).order(order).getShort(0)).isEqualTo((short) 10);
        assertThat(range(in6, 8, 24)).isEqualTo(IpAddress.parse("2001:db8::2").toBytes());
        assertThat(range(in6, 24, 28)).containsOnly(0);
    }
}
