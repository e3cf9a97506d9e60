package io.conntrack4j.sim;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An immutable set of sysctl values for one simulated namespace. Start from {@link #defaults()} and derive with
 * {@link #with(Sysctl, long)}.
 */
public final class Sysctls {
    private static final Sysctl[] ALL = Sysctl.values();
    private static final Sysctls DEFAULTS = new Sysctls(Arrays.stream(ALL).mapToLong(Sysctl::defaultValue).toArray());

    private final long[] values;

    private Sysctls(final long[] values) {
        this.values = values;
    }

    /** @return the kernel's defaults */
    public static Sysctls defaults() {
        return DEFAULTS;
    }

    /**
     * @param sysctl a sysctl
     * @return its value
     */
    public long get(final Sysctl sysctl) {
        return values[sysctl.ordinal()];
    }

    /**
     * @param sysctl a sysctl
     * @return its value as an int (every modelled sysctl fits)
     */
    public int getInt(final Sysctl sysctl) {
        return (int) values[sysctl.ordinal()];
    }

    /**
     * @param sysctl a sysctl
     * @return true if its value is non-zero
     */
    public boolean isOn(final Sysctl sysctl) {
        return values[sysctl.ordinal()] != 0;
    }

    /**
     * @param sysctl a sysctl
     * @param value  its new value
     * @return these values with one changed
     * @throws io.conntrack4j.error.InvalidValueException if the kernel would refuse the value
     */
    public Sysctls with(final Sysctl sysctl, final long value) {
        final long[] copy = values.clone();
        copy[sysctl.ordinal()] = sysctl.check(value);
        return new Sysctls(copy);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Sysctls && Arrays.equals(values, ((Sysctls) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        final StringJoiner j = new StringJoiner(", ", "Sysctls[", "]");
        for (final Sysctl s : ALL) {
            if (get(s) != s.defaultValue()) {
                j.add(s.fileName() + "=" + get(s));
            }
        }
        return j.toString();
    }
}
