package io.conntrack4j.sim.internal;

import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.sim.Packet;
import io.conntrack4j.sim.PacketVerdict;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Sysctls;
import io.vavr.control.Option;

/**
 * A packet's trip through conntrack in one namespace (reference kernel-semantics §1.2, §2, §3): lookup, creation
 * of a new entry, the protocol tracker, SEEN_REPLY, ASSURED, timeout refresh, accounting and the events. Packets
 * are tracked in zone 0 (the simulator has no rule templates).
 */
public final class PacketPath {
    private static final long SECOND = 1_000_000_000L;
    private static final long UDP_STREAM_NANOS = 2 * SECOND;

    private final KernelNamespace ns;

    /** @param ns the namespace the packets arrive in */
    public PacketPath(final KernelNamespace ns) {
        this.ns = ns;
    }

    /**
     * @param p the packet
     * @return what conntrack did with it
     */
    public PacketVerdict inject(final Packet p) {
        return ns.withLock(() -> handle(p));
    }

    private PacketVerdict handle(final Packet p) {
        if (p.protocol().isIcmp()) {
            final PacketVerdict special = icmpSpecial(p);
            if (special != null) {
                return special;
            }
        }
        final Tuple tuple = tupleOf(p);
        final Entry e = ns.lookup(tuple);
        if (e == null) {
            return open(p, tuple);
        }
        final boolean reply = Table.foundByReply(e, tuple, 0);
        return track(e, p, reply);
    }

    /** ICMP errors are RELATED to the entry they quote; neighbour discovery and friends are never tracked. */
    private PacketVerdict icmpSpecial(final Packet p) {
        final int type = p.icmpType();
        if (p.protocol().equals(Protocol.ICMPV6)) {
            if ((type >= 130 && type <= 137) || type == 143 || (type >= 151 && type <= 153)) {
                return PacketVerdict.UNTRACKED;
            }
            if (type < 128) {
                return PacketVerdict.RELATED;
            }
        } else if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12) {
            return PacketVerdict.RELATED;
        }
        return null;
    }

    static Tuple tupleOf(final Packet p) {
        final Layer4 l4;
        if (p.protocol().equals(Protocol.GRE)) {
            // without the PPTP helper the kernel keys GRE flows 0/0 (only PPTP's GREv1 call ids make keys)
            l4 = new Layer4.Ports(0, 0);
        } else if (p.protocol().hasPorts()) {
            l4 = new Layer4.Ports(p.sourcePort(), p.destinationPort());
        } else if (p.protocol().isIcmp()) {
            l4 = new Layer4.Icmp(p.icmpType(), p.icmpCode(), p.icmpId());
        } else {
            l4 = Layer4.none();
        }
        return new Tuple(p.source(), p.destination(), p.protocol(), l4, Option.none());
    }

    // ------------------------------------------------------------------------------------------------- new entries

    private PacketVerdict open(final Packet p, final Tuple tuple) {
        final Sysctls s = ns.sysctls();
        TcpConnection tcp = null;
        if (p.protocol().equals(Protocol.TCP)) {
            tcp = TcpTracker.open(p, s);
            if (tcp == null) {
                return invalid();
            }
        } else if (p.protocol().isIcmp() && !isIcmpRequest(p)) {
            return invalid();
        }
        if (!ns.allocate(false)) {
            ns.stats().add(CpuCounter.DROP, 1);
            return PacketVerdict.DROPPED;
        }
        final long now = ns.clock().nanos();
        final Entry e = ns.newPacketEntry(tuple, tuple.inverse(), now);
        e.tcp = tcp;
        ns.attachExtensions(e, now);
        int events = 0;
        if (tcp != null) {
            final TcpResult r = TcpTracker.track(tcp, p, false, false, false, s);
            if (r.verdict() != TcpResult.Verdict.ACCEPT) {
                ns.discard(e);
                return invalid();
            }
            e.deadlineNanos = now + refreshNanos(r.timeoutSeconds(), s.get(Sysctl.TCP_TIMEOUT_SYN_SENT));
            events |= FlowViews.EV_PROTOINFO;
        } else {
            e.deadlineNanos = now + timeoutOf(e, s, now) * SECOND;
        }
        account(e, p, false);
        e.set(Status.CONFIRMED);
        ns.table().insert(e);
        ns.publishNew(e, events);
        return PacketVerdict.NEW;
    }

    private static boolean isIcmpRequest(final Packet p) {
        final int t = p.icmpType();
        return p.protocol().equals(Protocol.ICMP) ? t == 8 || t == 13 || t == 15 || t == 17 : t == 128 || t == 139;
    }

    private PacketVerdict invalid() {
        ns.stats().add(CpuCounter.INVALID, 1);
        return PacketVerdict.INVALID;
    }

    private static long refreshNanos(final long seconds, final long fallback) {
        return (seconds >= 0 ? seconds : fallback) * SECOND;
    }

    // ------------------------------------------------------------------------------------------- existing entries

    private PacketVerdict track(final Entry e, final Packet p, final boolean reply) {
        final Sysctls s = ns.sysctls();
        final long now = ns.clock().nanos();
        int events = 0;
        boolean ignored = false;
        final boolean wasAssured = e.has(Status.ASSURED);
        if (e.tcp != null) {
            final TcpResult r = TcpTracker.track(e.tcp, p, reply, e.has(Status.SEEN_REPLY), e.has(Status.ASSURED), s);
            switch (r.verdict()) {
                case INVALID:
                    lowerAfterInvalidCloses(e, now, r.timeoutSeconds());
                    return invalid();
                case REOPEN:
                    ns.kill(e, 0);
                    return open(p, tupleOf(p));
                case DESTROY:
                    account(e, p, reply);
                    ns.kill(e, 0);
                    return PacketVerdict.ACCEPTED;
                case IGNORE:
                    ignored = true;
                    break;
                default:
                    if (r.timeoutSeconds() >= 0) {
                        refresh(e, now, r.timeoutSeconds());
                    }
                    if (r.setAssured()) {
                        e.set(Status.ASSURED);
                    }
                    if (r.stateChanged()) {
                        events |= FlowViews.EV_PROTOINFO;
                    }
            }
        } else {
            refresh(e, now, timeoutOf(e, s, now));
            if (assures(e, now)) {
                e.set(Status.ASSURED);
            }
        }
        if (!ignored) {
            account(e, p, reply);
        }
        final boolean firstReply = reply && !e.has(Status.SEEN_REPLY);
        if (firstReply) {
            e.set(Status.SEEN_REPLY);
        }
        if (events != 0 || firstReply || wasAssured != e.has(Status.ASSURED)) {
            ns.publishUpdate(e, events);
        }
        return ignored ? PacketVerdict.IGNORED : PacketVerdict.ACCEPTED;
    }

    /**
     * An assured entry that saw out-of-window FIN/RST from both sides: the kernel lowers its timeout to
     * timeout_unacknowledged if at least 120 s and more than that remain (the tracker passes the value).
     */
    private static void lowerAfterInvalidCloses(final Entry e, final long now, final long seconds) {
        if (seconds < 0 || e.has(Status.FIXED_TIMEOUT)) {
            return;
        }
        final long left = e.deadlineNanos - now;
        if (left >= 120 * SECOND && left > seconds * SECOND) {
            e.deadlineNanos = now + seconds * SECOND;
        }
    }

    private static void refresh(final Entry e, final long now, final long seconds) {
        if (!e.has(Status.FIXED_TIMEOUT)) {
            e.deadlineNanos = now + seconds * SECOND;
        }
    }

    /**
     * The timeout a non-TCP packet sets (§1.2). Runs before SEEN_REPLY is set by this packet, as in the kernel.
     *
     * @param now the clock
     */
    private static long timeoutOf(final Entry e, final Sysctls s, final long now) {
        final int proto = e.protocol().number();
        final boolean replied = e.has(Status.SEEN_REPLY);
        switch (proto) {
            case 17:
                return replied && isStream(e, now) ? s.get(Sysctl.UDP_TIMEOUT_STREAM) : s.get(Sysctl.UDP_TIMEOUT);
            case 136:
                return replied ? s.get(Sysctl.UDP_TIMEOUT_STREAM) : s.get(Sysctl.UDP_TIMEOUT);
            case 1:
                return s.get(Sysctl.ICMP_TIMEOUT);
            case 58:
                return s.get(Sysctl.ICMPV6_TIMEOUT);
            case 47:
                return replied ? s.get(Sysctl.GRE_TIMEOUT_STREAM) : s.get(Sysctl.GRE_TIMEOUT);
            default:
                return s.get(Sysctl.GENERIC_TIMEOUT);
        }
    }

    /** UDP: replied traffic is a stream once the entry is more than 2 s old (ctnetlink-created: at once). */
    private static boolean isStream(final Entry e, final long now) {
        return e.fromNetlink || now - e.createdNanos > UDP_STREAM_NANOS;
    }

    /** Whether this packet (already refreshed) makes the entry ASSURED: UDP streams, UDP-Lite and GRE replies. */
    private static boolean assures(final Entry e, final long now) {
        if (!e.has(Status.SEEN_REPLY)) {
            return false;
        }
        final int proto = e.protocol().number();
        if (proto == 17) {
            return isStream(e, now);
        }
        return proto == 136 || proto == 47;
    }

    private static void account(final Entry e, final Packet p, final boolean reply) {
        if (!e.hasCounters) {
            return;
        }
        if (reply) {
            e.extras().packetsReply++;
            e.extras().bytesReply += p.l3Length();
        } else {
            e.extras().packetsOriginal++;
            e.extras().bytesOriginal += p.l3Length();
        }
    }
}
