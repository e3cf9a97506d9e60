package io.conntrack4j.spi;

/** A kernel-side filter a ctnetlink implementation may or may not honour, with the kernel version that added it. */
public enum KernelFeature {
    /** Dump filter on the address family (nfgenmsg family): always honoured. */
    FAMILY_FILTER(2, 6),
    /** Dump and flush filter {@code CTA_MARK} + {@code CTA_MARK_MASK}. */
    MARK_FILTER(3, 10),
    /** Dump and flush filter {@code CTA_STATUS} + {@code CTA_STATUS_MASK}. */
    STATUS_FILTER(5, 15),
    /** Dump filter {@code CTA_FILTER} on flagged fields of the original and reply tuples. */
    TUPLE_FILTER(5, 8),
    /**
     * {@code CTA_FILTER} compares IPv6 addresses correctly. Up to at least Linux 6.18 it does not (its match is
     * inverted: {@code !ipv6_addr_cmp()}), so no kernel version is known to have this; IPv6 addresses are then
     * filtered in Java.
     */
    TUPLE_FILTER_IPV6_ADDRESSES(999, 0),
    /** Dump and flush filter {@code CTA_ZONE}. */
    ZONE_FILTER(6, 8),
    /** A flush restricted to one family (nfgenmsg version 1). */
    FLUSH_BY_FAMILY(5, 2);

    private final int major;
    private final int minor;

    KernelFeature(final int major, final int minor) {
        this.major = major;
        this.minor = minor;
    }

    /**
     * @param kernelMajor a kernel's major version
     * @param kernelMinor its minor version
     * @return true if that kernel version has this feature
     */
    public boolean availableIn(final int kernelMajor, final int kernelMinor) {
        return kernelMajor > major || (kernelMajor == major && kernelMinor >= minor);
    }

    /** @return the first kernel version with the feature, e.g. {@code 5.15} */
    public String since() {
        return major + "." + minor;
    }
}
