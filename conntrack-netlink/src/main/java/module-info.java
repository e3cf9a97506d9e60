/** conntrack4j over ctnetlink: the codec, the netlink socket seam and the real-kernel backend. */
module io.conntrack4j.netlink {
    requires transitive io.conntrack4j;
    requires com.sun.jna;

    exports io.conntrack4j.netlink;
    exports io.conntrack4j.netlink.codec;

    opens io.conntrack4j.netlink.jna to com.sun.jna;
}
