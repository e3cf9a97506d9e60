package io.conntrack4j.sim.contract;

import io.conntrack4j.netlink.NetlinkSocket;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.realkernel.NftConntrack;
import io.conntrack4j.sim.realkernel.RawInjector;

import java.time.Duration;

/**
 * The contract's real side: Linux conntrack in this JVM's private network namespace (the IT wrapper's
 * {@code unshare --net}), with the contract addresses on {@code lo}, a ruleset that makes conntrack track injected
 * packets, and raw-socket injection.
 */
public final class RealContractKernel implements ContractKernel {
    private final NftConntrack nft = new NftConntrack().setup();
    private RawInjector injector;

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public boolean isReal() {
        return true;
    }

    @Override
    public NetlinkSocket openSocket() {
        return NetlinkSocket.open();
    }

    @Override
    public void sysctl(final Sysctl sysctl, final long value) {
        nft.sysctl(sysctl.fileName(), value);
    }

    @Override
    public void advance(final Duration amount) {
        try {
            Thread.sleep(amount.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting time pass", e);
        }
    }

    @Override
    public void inject(final Packet packet) {
        if (injector == null) {
            injector = RawInjector.open();
        }
        injector.send(packet);
    }

    @Override
    public void enableLabels() {
        nft.enableLabels();
    }

    @Override
    public long wallClockNanos() {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public int invalidPerPacket() {
        return 2;
    }

    @Override
    public void reset() {
        nft.resetSysctls();
        nft.setup();
        try (CtClient ct = new CtClient(openSocket())) {
            final CtClient.Reply r = ct.flush(0, 0, w -> { });
            if (r.errno() != 0) {
                throw new IllegalStateException("flush failed: " + r);
            }
        }
    }

    @Override
    public void close() {
        reset();
        if (injector != null) {
            injector.close();
        }
        nft.close();
    }
}
