package io.conntrack4j.spi;

/** A request that can be pipelined in a {@link Batch}: a create, an update or a delete of one flow. */
public sealed interface BatchItem extends Request permits DeleteFlow, UpdateFlow, CreateFlow {
}
