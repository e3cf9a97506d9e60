package io.conntrack4j.model;

/**
 * The kernel's opaque flow id ({@code CTA_ID}). The four bytes are kept as the kernel sent them, read
 * big-endian; a delete that carries it hits only this flow, never a later one that reuses the tuple.
 *
 * @param bits the four id bytes read big-endian
 */
public record FlowId(int bits) {
    /** @return the id as conntrack prints it ({@code id=}): the bytes read big-endian, unsigned */
    public long unsigned() {
        return bits & 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return Long.toString(unsigned());
    }
}
