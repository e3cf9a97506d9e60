/** A conntrack(8) 1.4.7-compatible command line built on conntrack4j. */
module io.conntrack4j.cli {
    requires io.conntrack4j.netlink;

    exports io.conntrack4j.cli;
}
