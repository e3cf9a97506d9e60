package io.conntrack4j.netlink.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * The attributes one level of ctnetlink can hold ({@code ctattr_type}, {@code ctattr_tuple}, ...). Types not
 * declared here are unknown and skipped by decoders. Nested schemas are declared before the schemas that
 * contain them.
 */
public final class AttrSchema {
    private final String name;
    private final Attr[] byType;

    private AttrSchema(final String name, final Attr[] byType) {
        this.name = name;
        this.byType = byType;
    }

    /**
     * @param name       the kernel's enum name, e.g. {@code ctattr_tuple}
     * @param attributes the declared attributes
     * @return the schema
     */
    static AttrSchema of(final String name, final Attr... attributes) {
        final int max = Arrays.stream(attributes).mapToInt(Attr::type).max().orElse(0);
        final Attr[] table = new Attr[max + 1];
        for (final Attr a : attributes) {
            if (table[a.type()] != null) {
                throw new IllegalStateException(name + ": duplicate attribute type " + a.type());
            }
            table[a.type()] = a;
        }
        return new AttrSchema(name, table);
    }

    static Attr attr(final int type, final String name, final AttrKind kind) {
        return new Attr(type, name, kind, 0, null);
    }

    static Attr attr(final int type, final String name, final AttrKind kind, final int size) {
        return new Attr(type, name, kind, size, null);
    }

    static Attr nest(final int type, final String name, final AttrSchema children) {
        return new Attr(type, name, AttrKind.NESTED, 0, Objects.requireNonNull(children, name));
    }

    /** @return the kernel's enum name */
    public String name() {
        return name;
    }

    /**
     * @param type an attribute type (flags already masked off)
     * @return its declaration, or {@code null} if this level does not know it
     */
    public Attr get(final int type) {
        return type >= 0 && type < byType.length ? byType[type] : null;
    }

    /** @return the highest declared type */
    public int maxType() {
        return byType.length - 1;
    }

    @Override
    public String toString() {
        return name;
    }
}
