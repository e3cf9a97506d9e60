/** conntrack4j over ctnetlink: the codec, the netlink socket seam and the real-kernel backend. */
module io.conntrack4j.netlink {
    requires transitive io.conntrack4j;
}
