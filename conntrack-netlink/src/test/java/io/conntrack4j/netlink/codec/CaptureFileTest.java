package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.text.ConntrackFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Capture files: the committed capture is a real dump recorded from Linux 6.18 in a private netns (13 flows made
 * with conntrack 1.4.7: TCP states, UDP, ICMP, ICMPv6, IPv6, SCTP, GRE, IGMP, zones, NAT, counters and timestamps),
 * so every build decodes real kernel bytes, root or not.
 */
class CaptureFileTest {

    private static Path realCapture(final Path dir) throws Exception {
        final Path file = dir.resolve("real.ct4jcap");
        try (InputStream in = CaptureFileTest.class.getResourceAsStream("real-6.18-table.ct4jcap")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static List<Flow> flows(final ByteBuffer capture) {
        final MessageReader r = new MessageReader().wrap(capture);
        final List<Flow> flows = new ArrayList<>();
        boolean done = false;
        while (r.next()) {
            if (r.isDone()) {
                done = true;
            } else {
                assertThat(done).as("nothing after DONE").isFalse();
                flows.add(r.flow());
            }
        }
        assertThat(done).isTrue();
        return flows;
    }

    @Test
    void aRealDumpDecodesToTheFlowsConntrackCreated(@TempDir final Path dir) throws Exception {
        final List<Flow> flows = flows(CaptureFile.read(realCapture(dir)));
        assertThat(flows).hasSize(13);
        assertThat(flows).extracting(f -> f.protocol().kernelName())
            .contains("tcp", "udp", "icmp", "icmpv6", "gre", "sctp", "unknown");
        assertThat(flows).allMatch(f -> f.countersOriginal().isDefined() && f.timestamps().isDefined());
        assertThat(flows).filteredOn(f -> f.zone() == 3).hasSize(1);
        assertThat(flows).filteredOn(f -> f.original().zone().contains(4)).hasSize(1);
        assertThat(flows).filteredOn(Flow::isDestinationNat).singleElement()
            .satisfies(f -> assertThat(ConntrackFormatter.DEFAULT.flow(f))
                .contains("src=7.7.7.1 dst=7.7.7.2 sport=33 dport=80")
                .contains("src=8.8.8.8 dst=7.7.7.1 sport=8080 dport=33"));
        assertThat(flows).filteredOn(f -> f.protocol().equals(Protocol.TCP) && f.hasStatus(Status.ASSURED))
            .isNotEmpty();
    }

    @Test
    void writingWhatWasReadGivesTheSameFile(@TempDir final Path dir) throws Exception {
        final Path original = realCapture(dir);
        final ByteBuffer messages = CaptureFile.read(original);
        final Path copy = dir.resolve("copy.ct4jcap");
        try (CaptureFile.Writer w = CaptureFile.Writer.create(copy)) {
            w.append(messages);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(original));
        assertThat(flows(CaptureFile.read(copy))).isEqualTo(flows(CaptureFile.read(original)));
    }

    @Test
    void aFileThatIsNotACaptureIsRefusedWithTheOffset(@TempDir final Path dir) throws Exception {
        final Path junk = dir.resolve("junk");
        Files.write(junk, "not a capture at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> CaptureFile.read(junk)).isInstanceOf(DecodeException.class)
            .hasMessageContaining("bad magic");
        final ByteBuffer otherOrder = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
            .put(CaptureFile.MAGIC).putInt(Integer.reverseBytes(0x01020304)).putInt(0).flip();
        assertThatThrownBy(() -> CaptureFile.parse(otherOrder)).isInstanceOf(DecodeException.class)
            .hasMessageContaining("byte order").extracting(e -> ((DecodeException) e).offset()).isEqualTo(8);
    }
}
