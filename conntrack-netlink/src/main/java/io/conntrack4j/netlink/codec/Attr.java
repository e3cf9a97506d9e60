package io.conntrack4j.netlink.codec;

/**
 * The declaration of one netlink attribute: its type number, its kernel name, its payload kind and, for a nest, the
 * schema of its children. Exact-size kinds carry the payload size; binary attributes may fix one too (addresses).
 *
 * @param type   the attribute type number
 * @param name   the kernel's name, e.g. {@code CTA_TUPLE_ORIG}
 * @param kind   the payload kind
 * @param size   the exact payload size the kernel sends (0: variable)
 * @param nested the children's schema, for a nest
 */
public record Attr(int type, String name, AttrKind kind, int size, AttrSchema nested) {

    /** @return the payload size a decoder needs at least */
    public int minimumSize() {
        return Math.max(size, kind.minimumSize());
    }
}
