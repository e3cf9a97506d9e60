package io.conntrack4j.spi;

/** Read the entry count and the table maximum ({@code IPCTNL_MSG_CT_GET_STATS}). */
public record GetGlobalStats() implements Request {
}
