package io.conntrack4j.netlink;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.netlink.codec.Ctnetlink;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.NetlinkWriter;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.KernelFeature;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.function.Supplier;

/**
 * Finds out which dump filters the kernel honours by asking it, not by trusting its version: a kernel ignores
 * attributes it does not know, so each probe sends a filter that a supporting kernel must reject (EINVAL or
 * EOPNOTSUPP) inside a dump that a non-supporting kernel answers empty (a mark filter no flow can match).
 * The zone filter cannot be told apart this way; it follows the kernel version (6.8).
 */
final class CapabilityProbe {
    private CapabilityProbe() {
    }

    static Capabilities probe(final Supplier<NetlinkSocket> sockets, final KernelVersion version) {
        final EnumSet<KernelFeature> features = EnumSet.of(KernelFeature.FAMILY_FILTER, KernelFeature.MARK_FILTER);
        if (rejected(sockets, w -> {
            w.u32(Ctnetlink.CTA_STATUS, 0);
            w.u32(Ctnetlink.CTA_STATUS_MASK, 0);
        })) {
            features.add(KernelFeature.STATUS_FILTER);
        }
        if (rejected(sockets, w -> {
            final int nest = w.beginNest(Ctnetlink.CTA_FILTER);
            w.u32host(Ctnetlink.CTA_FILTER_ORIG_FLAGS, 0x8000_0000);
            w.u32host(Ctnetlink.CTA_FILTER_REPLY_FLAGS, 0);
            w.endNest(nest);
        })) {
            features.add(KernelFeature.TUPLE_FILTER);
        }
        if (KernelFeature.ZONE_FILTER.availableIn(version.major(), version.minor())) {
            features.add(KernelFeature.ZONE_FILTER);
        }
        if (KernelFeature.FLUSH_BY_FAMILY.availableIn(version.major(), version.minor())) {
            features.add(KernelFeature.FLUSH_BY_FAMILY);
        }
        return new Capabilities(features);
    }

    /** @return true if the kernel rejects a dump carrying the probe attributes */
    private static boolean rejected(final Supplier<NetlinkSocket> sockets,
                                    final java.util.function.Consumer<NetlinkWriter> probe) {
        try (Exchange exchange = new Exchange(sockets.get())) {
            final ByteBuffer out = exchange.batchBuffer();
            out.clear();
            final NetlinkWriter w = new NetlinkWriter().wrap(out);
            final int seq = Exchange.nextSequence();
            w.begin(Ctnetlink.CT_GET, Ctnetlink.NLM_F_REQUEST | Ctnetlink.NLM_F_DUMP, seq, 2, 0, 0);
            w.u32(Ctnetlink.CTA_MARK, 1);
            w.u32(Ctnetlink.CTA_MARK_MASK, 0); // (mark & 0) == 1 matches no flow
            probe.accept(w);
            w.end();
            out.position(w.position());
            exchange.flush();
            while (true) {
                final MessageReader r = exchange.receive();
                while (r.next()) {
                    if (!exchange.ours(r, seq)) {
                        continue;
                    }
                    if (r.isError() && r.errno() != 0) {
                        final int errno = r.errno();
                        if (errno == Errno.EPERM.number()) {
                            throw new KernelException(io.conntrack4j.error.Operation.DUMP, Errno.EPERM, "probe", null);
                        }
                        return errno == Errno.EINVAL.number() || errno == Errno.EOPNOTSUPP.number();
                    }
                    if (r.isDone() || r.isError()) {
                        return false;
                    }
                }
            }
        }
    }
}
