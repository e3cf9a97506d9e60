/**
 * conntrack4j: the model of Linux connection tracking, the fluent DSL over it, the compiled request model, the
 * {@link io.conntrack4j.spi.Backend} SPI that runs requests on the real or a simulated kernel, and renderers that
 * print flows exactly as {@code conntrack(8)} does.
 */
@SuppressWarnings("module") // the qualified export names modules built after this one
module io.conntrack4j {
    requires transitive io.vavr;

    exports io.conntrack4j;
    exports io.conntrack4j.error;
    exports io.conntrack4j.model;
    exports io.conntrack4j.spi;
    exports io.conntrack4j.text;
    exports io.conntrack4j.internal.access to io.conntrack4j.netlink, io.conntrack4j.sim;
}
