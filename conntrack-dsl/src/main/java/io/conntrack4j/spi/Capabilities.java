package io.conntrack4j.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a backend's kernel can filter on its side. The planner pushes into a dump request only what is listed here;
 * the rest is checked in Java.
 *
 * @param features the honoured kernel filters
 */
public record Capabilities(Set<KernelFeature> features) {
    /** Nothing but the family: every other condition is checked in Java. */
    public static final Capabilities FAMILY_ONLY = of(KernelFeature.FAMILY_FILTER);
    /** Everything conntrack4j knows how to push down. */
    public static final Capabilities ALL = new Capabilities(EnumSet.allOf(KernelFeature.class));

    /** Copies the set. */
    public Capabilities {
        final EnumSet<KernelFeature> copy = EnumSet.noneOf(KernelFeature.class);
        copy.addAll(features);
        features = Collections.unmodifiableSet(copy);
    }

    /**
     * @param features honoured filters
     * @return the capabilities
     */
    public static Capabilities of(final KernelFeature... features) {
        final EnumSet<KernelFeature> set = EnumSet.noneOf(KernelFeature.class);
        Collections.addAll(set, features);
        return new Capabilities(set);
    }

    /**
     * @param major a kernel's major version
     * @param minor its minor version
     * @return what that kernel version honours
     */
    public static Capabilities ofKernel(final int major, final int minor) {
        return new Capabilities(EnumSet.allOf(KernelFeature.class).stream()
            .filter(f -> f.availableIn(major, minor)).collect(Collectors.toSet()));
    }

    /**
     * @param feature a kernel filter
     * @return true if the kernel honours it
     */
    public boolean has(final KernelFeature feature) {
        return features.contains(feature);
    }

    @Override
    public String toString() {
        return features.toString();
    }
}
