package io.conntrack4j.netlink;

import io.conntrack4j.netlink.codec.SocketFilter;
import io.conntrack4j.spi.KernelFilter;

/** Attaches the kernel-side part of an event subscription's filter to its socket. */
final class EventFilters {
    private EventFilters() {
    }

    /**
     * @param socket the event socket
     * @param filter what the subscriber wants; the parts a socket filter cannot express are ignored here
     */
    static void attach(final NetlinkSocket socket, final KernelFilter filter) {
        SocketFilter.compile(filter).forEach(socket::attachFilter);
    }
}
