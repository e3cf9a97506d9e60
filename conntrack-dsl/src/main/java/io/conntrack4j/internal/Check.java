package io.conntrack4j.internal;

import io.conntrack4j.error.InvalidValueException;

/** Range checks that raise {@link InvalidValueException} naming the field. */
public final class Check {
    private Check() {
    }

    /**
     * @param field the field name for the error
     * @param value the value to check
     * @param min   the smallest allowed value
     * @param max   the largest allowed value
     * @return {@code value}
     */
    public static int range(final String field, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(field, value, "must be " + min + ".." + max);
        }
        return value;
    }

    /**
     * @param field the field name for the error
     * @param value the value to check
     * @param min   the smallest allowed value
     * @param max   the largest allowed value
     * @return {@code value}
     */
    public static long range(final String field, final long value, final long min, final long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(field, value, "must be " + min + ".." + max);
        }
        return value;
    }

    /** @return {@code value}, checked to be a 16-bit port */
    public static int port(final String field, final int value) {
        return range(field, value, 0, 0xFFFF);
    }

    /** @return {@code value}, checked to be an unsigned 8-bit value */
    public static int u8(final String field, final int value) {
        return range(field, value, 0, 0xFF);
    }

    /** @return {@code value}, checked to be an unsigned 16-bit value */
    public static int u16(final String field, final int value) {
        return range(field, value, 0, 0xFFFF);
    }

    /** @return {@code value}, checked to be an unsigned 32-bit value */
    public static long u32(final String field, final long value) {
        return range(field, value, 0, 0xFFFF_FFFFL);
    }

    /**
     * @param field the field name for the error
     * @param value the value that must not be null
     * @param <T>   its type
     * @return {@code value}
     */
    public static <T> T notNull(final String field, final T value) {
        if (value == null) {
            throw new InvalidValueException(field, "null", "is required");
        }
        return value;
    }
}
