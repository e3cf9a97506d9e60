/** conntrack4j's simulated kernel: a conntrack table in memory with a virtual clock, for tests without root. */
module io.conntrack4j.sim {
    requires transitive io.conntrack4j.netlink;
}
