package io.conntrack4j.spi;

/** Which list a dump reads: the table, or the kernel's dying or unconfirmed lists. */
public enum FlowTable {
    /** The conntrack table ({@code IPCTNL_MSG_CT_GET}). */
    CONNTRACK,
    /** Flows being destroyed whose DESTROY event is not delivered yet ({@code IPCTNL_MSG_CT_GET_DYING}). */
    DYING,
    /** Flows not confirmed yet ({@code IPCTNL_MSG_CT_GET_UNCONFIRMED}; always empty since Linux 5.19). */
    UNCONFIRMED
}
