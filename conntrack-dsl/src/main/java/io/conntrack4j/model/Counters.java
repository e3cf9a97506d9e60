package io.conntrack4j.model;

/**
 * Packet and byte counters of one direction ({@code CTA_COUNTERS_*}). The kernel's u64 values are kept in
 * {@code long}s and are unsigned: use {@link Long#toUnsignedString(long)} to print them.
 *
 * @param packets packets seen
 * @param bytes   bytes seen
 */
public record Counters(long packets, long bytes) {
    /** Zero packets, zero bytes. */
    public static final Counters ZERO = new Counters(0, 0);
}
