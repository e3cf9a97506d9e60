package io.conntrack4j.error;

/** The conntrack operation a {@link KernelException} comes from. */
public enum Operation {
    /** Dump (list) the flow table or one of its lists. */
    DUMP,
    /** Get one flow by tuple. */
    GET,
    /** Create a flow. */
    CREATE,
    /** Update a flow. */
    UPDATE,
    /** Delete one flow. */
    DELETE,
    /** Delete every flow matching a kernel filter, or all of them. */
    FLUSH,
    /** Read the global entry count and maximum. */
    COUNT,
    /** Read the per-CPU statistics. */
    STATS,
    /** Subscribe to events. */
    SUBSCRIBE,
    /** Dump, get, create, delete or flush expectations. */
    EXPECTATION,
    /** Open a netlink socket or configure it. */
    SOCKET
}
