package io.conntrack4j.netlink;

import io.conntrack4j.spi.Capabilities;

/**
 * The running kernel's version, read from {@code os.version} (uname release, e.g. {@code 6.18.44-fc-v782}), and the
 * dump filters it honours.
 *
 * @param major the major version
 * @param minor the minor version
 */
record KernelVersion(int major, int minor) {

    static KernelVersion running() {
        return parse(System.getProperty("os.version", "0.0"));
    }

    static KernelVersion parse(final String release) {
        final String[] parts = release.split("[.-]");
        try {
            return new KernelVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (final NumberFormatException e) {
            return new KernelVersion(0, 0);
        }
    }

    Capabilities capabilities() {
        return Capabilities.ofKernel(major, minor);
    }
}
