package io.conntrack4j.netlink.codec;

/** How an attribute's payload is laid out, including its byte order. */
public enum AttrKind {
    /** One byte. */
    U8(1),
    /** Two bytes, big-endian. */
    U16(2),
    /** Four bytes, big-endian. */
    U32(4),
    /** Eight bytes, big-endian. */
    U64(8),
    /** Four bytes in host byte order (CTA_FILTER flags, NLMSGERR offset). */
    U32_HOST(4),
    /** Four opaque bytes, sent back as received (CTA_ID). */
    OPAQUE32(4),
    /** A NUL-terminated string. */
    STRING(0),
    /** Raw bytes (addresses, labels). */
    BINARY(0),
    /** Nested attributes. */
    NESTED(0),
    /** Alignment padding; skipped. */
    PAD(0);

    private final int size;

    AttrKind(final int size) {
        this.size = size;
    }

    /** @return the payload size the kind needs at least (0: any) */
    public int minimumSize() {
        return size;
    }
}
