package io.conntrack4j.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the root test infrastructure: a real-kernel test runs in a network namespace of its own, with {@code lo}
 * up and an empty conntrack table, so it may create, delete and flush freely.
 */
@RealKernel
class NetnsIsolationIT {

    @Test
    void runsInAPrivateNetworkNamespace() {
        assertThat(Netns.current()).startsWith("net:[").isNotEqualTo(Netns.host());
        assertThat(Netns.host()).startsWith("net:[");
    }

    @Test
    void loopbackIsUp() {
        final Shell.Result link = Shell.run("ip", "-o", "link", "show", "lo");
        assertThat(link.exitCode()).isZero();
        assertThat(link.stdout()).contains("UP");
        final Shell.Result others = Shell.run("ip", "-o", "link", "show");
        assertThat(others.stdout().lines()).hasSize(1);
    }

    @Test
    void conntrackTableStartsEmptyAndIsOurs() {
        final Shell.Result count = Shell.run("conntrack", "-C");
        assertThat(count.exitCode()).as("conntrack -C: %s", count.stderr()).isZero();
        assertThat(count.stdout().trim()).isEqualTo("0");

        final Shell.Result create = Shell.run("conntrack", "-I", "-s", "198.51.100.1", "-d", "198.51.100.2",
            "-p", "udp", "--sport", "1000", "--dport", "53", "-t", "30");
        assertThat(create.exitCode()).as("conntrack -I: %s", create.stderr()).isZero();
        final Shell.Result list = Shell.run("conntrack", "-L");
        assertThat(list.stdout()).contains("src=198.51.100.1 dst=198.51.100.2 sport=1000 dport=53");
        assertThat(Shell.run("conntrack", "-F").exitCode()).isZero();
        assertThat(Shell.run("conntrack", "-C").stdout().trim()).isEqualTo("0");
    }
}
