package io.conntrack4j.spi;

/** Whether a lookup tuple is sent as the original ({@code CTA_TUPLE_ORIG}) or reply ({@code CTA_TUPLE_REPLY}) tuple. */
public enum TupleDirection {
    /** The tuple is the flow's original tuple. */
    ORIGINAL,
    /** The tuple is the flow's reply tuple. */
    REPLY
}
