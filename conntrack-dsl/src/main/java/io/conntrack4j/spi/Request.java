package io.conntrack4j.spi;

/**
 * A ctnetlink operation in compiled form: what the DSL hands to a {@link Backend}. The set is closed and mirrors
 * ctnetlink's message types, so the netlink codec can encode every request and the simulator can answer every one.
 */
public sealed interface Request permits DumpFlows, GetFlow, BatchItem, FlushFlows, FlushAll,
    GetGlobalStats, GetCpuStats, DumpExpectations, GetExpectation, CreateExpectation, DeleteExpectation,
    FlushExpectations, GetExpectationStats, Subscribe, SubscribeExpectations {
}
