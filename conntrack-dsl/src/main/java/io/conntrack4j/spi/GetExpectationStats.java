package io.conntrack4j.spi;

/** Read the per-CPU expectation statistics ({@code IPCTNL_MSG_EXP_GET_STATS_CPU}). */
public record GetExpectationStats() implements Request {
}
