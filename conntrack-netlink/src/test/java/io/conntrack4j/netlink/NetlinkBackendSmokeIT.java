package io.conntrack4j.netlink;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.KernelFeature;
import io.conntrack4j.testkit.RealKernel;
import io.conntrack4j.testkit.Shell;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The backend's set-up on the real kernel: capability probing and sockets in another network namespace. */
@RealKernel
class NetlinkBackendSmokeIT {

    @Test
    void probesTheFiltersOfThisKernel() {
        try (NetlinkBackend backend = NetlinkBackend.open()) {
            // kernel 6.18 honours every filter conntrack4j pushes down
            assertThat(backend.capabilities().features()).contains(KernelFeature.FAMILY_FILTER,
                KernelFeature.MARK_FILTER, KernelFeature.STATUS_FILTER, KernelFeature.TUPLE_FILTER);
        }
    }

    @Test
    void opensInAnotherNamespaceWithoutMovingTheCaller() throws Exception {
        final Process holder = new ProcessBuilder("unshare", "--net", "sleep", "60").start();
        try {
            final Path namespace = Path.of("/proc", Long.toString(holder.pid()), "ns", "net");
            for (int i = 0; i < 50 && netns(namespace).equals(netns(Path.of("/proc/self/ns/net"))); i++) {
                Thread.sleep(20); // unshare has not entered its namespace yet
            }
            final String before = netns(Path.of("/proc/thread-self/ns/net"));
            try (Conntrack other = Conntrack.using(NetlinkBackend.openIn(namespace));
                 Conntrack here = Conntrack.using(NetlinkBackend.open())) {
                other.create(Flow.builder(Tuple.udp("192.0.2.1", "192.0.2.2", 1, 2)).timeout(60L).build());
                assertThat(other.count()).isEqualTo(1);
                assertThat(here.flows().src("192.0.2.1").count()).isZero();
                other.flushAll();
            }
            assertThat(netns(Path.of("/proc/thread-self/ns/net"))).isEqualTo(before);
        } finally {
            holder.destroy();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String netns(final Path file) throws Exception {
        return java.nio.file.Files.readSymbolicLink(file).toString();
    }

    @Test
    void conntrackSeesWhatTheLibraryCreates() {
        try (Conntrack ct = Conntrack.using(NetlinkBackend.open())) {
            ct.create(Flow.builder(Tuple.tcp("198.51.100.7", "198.51.100.8", 4000, 443)).timeout(120L)
                .protoInfo(io.conntrack4j.model.ProtoInfo.Tcp.of(io.conntrack4j.model.TcpState.ESTABLISHED))
                .build());
            final Shell.Result list = Shell.run("conntrack", "-L", "-s", "198.51.100.7");
            assertThat(list.stdout()).contains("ESTABLISHED src=198.51.100.7 dst=198.51.100.8 sport=4000 dport=443");
            ct.flows().src("198.51.100.7").delete();
            assertThat(ct.flows().src("198.51.100.7").count()).isZero();
        }
    }
}
