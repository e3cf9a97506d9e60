/**
 * conntrack4j's simulated kernel: a conntrack table in memory with a virtual clock, protocol state machines, events
 * and statistics, usable as a {@link io.conntrack4j.spi.Backend} or as a ctnetlink socket, for tests without root.
 */
module io.conntrack4j.sim {
    requires transitive io.conntrack4j.netlink;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    exports io.conntrack4j.sim;
    exports io.conntrack4j.sim.junit;
    exports io.conntrack4j.sim.assertj;
}
