package io.conntrack4j.sim.internal;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;

/**
 * What the kernel shows of an entry in each kind of message (reference kernel-semantics §6.7 and §7.3): a dump or
 * GET entry, a NEW/UPDATE event caused by ctnetlink or by a packet, and a DESTROY event.
 */
final class FlowViews {
    /** Why an UPDATE or NEW event fired, as the kernel's IPCT_* event bits. */
    static final int EV_PROTOINFO = 1;
    static final int EV_MARK = 2;
    static final int EV_HELPER = 4;
    static final int EV_LABEL = 8;
    static final int EV_SEQADJ = 16;
    static final int EV_SYNPROXY = 32;
    static final int EV_MASTER = 64;
    /** The bits a ctnetlink create sets. */
    static final int EV_NETLINK_NEW = EV_PROTOINFO | EV_MARK | EV_HELPER | EV_SEQADJ | EV_SYNPROXY;
    /** The bits a ctnetlink update sets. */
    static final int EV_NETLINK_UPDATE = EV_NETLINK_NEW | EV_LABEL;

    private FlowViews() {
    }

    private static Flow.Builder tuples(final Entry e) {
        final Tuple orig = e.zoneDirections == Entry.ZONE_ORIGINAL && e.zone != 0 ? e.original.withZone(e.zone)
            : e.original;
        final Tuple reply = e.zoneDirections == Entry.ZONE_REPLY && e.zone != 0 ? e.reply.withZone(e.zone) : e.reply;
        final Flow.Builder b = Flow.builder(orig).reply(reply);
        if (e.zoneDirections == Entry.ZONE_BOTH) {
            b.zone(e.zone);
        }
        return b;
    }

    /**
     * @param e        the entry
     * @param nowNanos the clock
     * @param use      the reference count shown (1 in dumps, 2 in a GET)
     * @return the entry as a dump or GET reply shows it
     */
    static Flow dumped(final Entry e, final long nowNanos, final long use) {
        final Flow.Builder b = tuples(e).status(e.statusBits()).mark(e.mark).id(e.id()).use(use);
        if (e.has(Status.EXPECTED) && e.ext().master != null) {
            b.master(e.ext().master);
        }
        if (!e.has(Status.OFFLOAD)) {
            b.timeout(e.remainingSeconds(nowNanos));
            final ProtoInfo info = e.protoInfo();
            if (info != null) {
                b.protoInfo(info);
            }
        }
        if (e.hasCounters) {
            b.countersOriginal(e.countersOriginal()).countersReply(e.countersReply());
        }
        if (e.hasTimestamps) {
            b.timestamps(e.timestamps());
        }
        if (e.ext().helper != null) {
            b.helper(e.ext().helper);
        }
        if (e.hasLabels && !e.ext().labels.isEmpty()) {
            b.labels(e.ext().labels);
        }
        if (e.has(Status.SEQ_ADJUST)) {
            seqAdj(e, b);
        }
        if (e.synproxy != null) {
            b.synproxy(e.synproxy);
        }
        return b.build();
    }

    private static void seqAdj(final Entry e, final Flow.Builder b) {
        if (e.ext().seqAdjOriginal != null) {
            b.seqAdjOriginal(e.ext().seqAdjOriginal);
        }
        if (e.ext().seqAdjReply != null) {
            b.seqAdjReply(e.ext().seqAdjReply);
        }
    }

    /**
     * @param e        the entry
     * @param nowNanos the clock
     * @param events   the IPCT bits behind the event ({@code EV_*})
     * @param markChanged true if the mark changed (a zero mark is then still shown)
     * @return the entry as a NEW or UPDATE event shows it
     */
    static Flow changed(final Entry e, final long nowNanos, final int events, final boolean markChanged) {
        final Flow.Builder b = tuples(e).id(e.id()).status(e.statusBits()).timeout(e.remainingSeconds(nowNanos));
        final ProtoInfo info = e.protoInfo();
        if ((events & EV_PROTOINFO) != 0 && info != null) {
            b.protoInfo(info);
        }
        if (e.ext().helper != null) {
            b.helper(e.ext().helper);
        }
        if ((events & EV_LABEL) != 0 && e.hasLabels && !e.ext().labels.isEmpty()) {
            b.labels(e.ext().labels);
        }
        if ((events & EV_MASTER) != 0 && e.ext().master != null) {
            b.master(e.ext().master);
        }
        if ((events & EV_SEQADJ) != 0 && e.has(Status.SEQ_ADJUST)) {
            seqAdj(e, b);
        }
        if ((events & EV_SYNPROXY) != 0 && e.synproxy != null) {
            b.synproxy(e.synproxy);
        }
        if (e.mark != 0 || markChanged || (events & EV_MARK) != 0) {
            b.mark(e.mark);
        }
        return b.build();
    }

    /**
     * @param e        the entry, already marked dying
     * @param nowNanos the clock
     * @return the entry as a DESTROY event shows it
     */
    static Flow destroyed(final Entry e, final long nowNanos) {
        final Flow.Builder b = tuples(e).id(e.id()).status(StatusBits.valueOf(e.status | Status.DYING.value()));
        final long left = e.remainingSeconds(nowNanos);
        if (left >= 1) {
            b.timeout(left);
        }
        if (e.hasCounters) {
            b.countersOriginal(e.countersOriginal()).countersReply(e.countersReply());
        }
        if (e.hasTimestamps) {
            b.timestamps(e.timestamps());
        }
        if (e.tcp != null) {
            b.protoInfo(ProtoInfo.Tcp.of(e.tcp.state()));
        }
        if (e.mark != 0) {
            b.mark(e.mark);
        }
        return b.build();
    }
}
