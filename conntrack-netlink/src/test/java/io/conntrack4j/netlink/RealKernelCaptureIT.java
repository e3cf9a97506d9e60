package io.conntrack4j.netlink;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.netlink.codec.CaptureFile;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.testkit.RealKernel;
import io.conntrack4j.testkit.Shell;
import io.conntrack4j.text.ConntrackFormatter;
import io.conntrack4j.text.OutputOption;
import io.vavr.collection.Seq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec against the real kernel: a table built with the real {@code conntrack} in this test's private network
 * namespace is dumped through a netlink socket, recorded as a capture, decoded, rendered, and compared with what
 * {@code conntrack -L -o extended,id} prints for the same table.
 */
@RealKernel
class RealKernelCaptureIT {
    private static Conntrack ct;

    @BeforeAll
    static void buildTable() {
        RealTable.build();
        ct = Conntrack.using(NetlinkBackend.open());
    }

    @AfterAll
    static void close() {
        if (ct != null) {
            ct.flushAll(); // the IT JVM's namespace is shared by every IT class: leave it as we found it
            ct.close();
        }
        RealTable.reset();
    }

    /** Timeouts tick and delta-time grows between the two dumps: mask both. */
    private static String masked(final String line) {
        return line.replaceFirst("^(ipv[46] +\\d+ \\S+ +\\d+) \\d+ ", "$1 T ").replaceAll("delta-time=\\d+", "delta-time=D");
    }

    @Test
    void renderedDumpEqualsConntrackListing() {
        final Shell.Result listing = Shell.run("conntrack", "-L", "-o", "extended,id");
        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        assertThat(listing.stderr()).contains(RealTable.CREATES.size() + " flow entries have been shown.");
        final List<String> expected = listing.stdout().lines().map(RealKernelCaptureIT::masked).sorted()
            .collect(Collectors.toList());

        final ConntrackFormatter formatter = ConntrackFormatter.builder()
            .options(OutputOption.EXTENDED, OutputOption.ID).build();
        final Seq<Flow> flows = ct.flows().list();
        final List<String> actual = flows.map(formatter::flow).map(RealKernelCaptureIT::masked).sorted().toJavaList();

        assertThat(actual).hasSize(RealTable.CREATES.size()).containsExactlyElementsOf(expected);
    }

    @Test
    void captureFileHoldsTheKernelsBytesAndDecodesToTheSameFlows(@TempDir final Path dir) throws Exception {
        final Path capture = dir.resolve("table.ct4jcap");
        final int datagrams = Captures.record(DumpFlows.of(KernelFilter.NONE), capture);
        assertThat(datagrams).isGreaterThanOrEqualTo(1);

        final ByteBuffer bytes = CaptureFile.read(capture);
        final MessageReader reader = new MessageReader().wrap(bytes);
        final List<Flow> decoded = new ArrayList<>();
        boolean done = false;
        while (reader.next()) {
            if (reader.isDone()) {
                done = true;
            } else {
                decoded.add(reader.flow());
            }
        }
        assertThat(done).isTrue();
        final ConntrackFormatter formatter = ConntrackFormatter.builder()
            .options(OutputOption.EXTENDED, OutputOption.ID).build();
        final List<String> fromCapture = decoded.stream().map(formatter::flow).map(RealKernelCaptureIT::masked)
            .sorted().collect(Collectors.toList());
        final List<String> fromDump = ct.flows().list().map(formatter::flow).map(RealKernelCaptureIT::masked).sorted()
            .toJavaList();
        assertThat(fromCapture).containsExactlyElementsOf(fromDump);
    }
}
