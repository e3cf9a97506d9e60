package io.conntrack4j.spi;

/** Read the per-CPU statistics ({@code IPCTNL_MSG_CT_GET_STATS_CPU}). */
public record GetCpuStats() implements Request {
}
