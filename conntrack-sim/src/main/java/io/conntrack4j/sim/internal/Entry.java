package io.conntrack4j.sim.internal;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;

/**
 * One conntrack entry of the simulated table: the kernel's {@code struct nf_conn} with the extensions the simulator
 * models. Mutable, guarded by its namespace's lock; {@link FlowViews} turns it into the {@link Flow} a dump, a GET or
 * an event shows.
 */
public final class Entry {
    /** Zone applies to the original direction. */
    public static final int ZONE_ORIGINAL = 1;
    /** Zone applies to the reply direction. */
    public static final int ZONE_REPLY = 2;
    /** Zone applies to both directions (CTA_ZONE). */
    public static final int ZONE_BOTH = 3;

    /** The kernel id's bits (a FlowId is made only when the entry is shown). */
    final int id;
    /** The simulated object address (slab slot) the id derives from. */
    final int address;
    /** When the entry entered the table (a sequence number): of two entries holding one tuple, the newer is found. */
    int inserted;
    final Tuple original;
    final Tuple reply;
    final int zone;
    final int zoneDirections;
    final long createdNanos;
    final boolean fromNetlink;
    int status;
    long deadlineNanos;
    long mark;
    boolean hasLabels;
    boolean hasCounters;
    boolean hasTimestamps;
    boolean hasEvents;
    boolean hasHelperExtension;
    TcpConnection tcp;
    Synproxy synproxy;
    boolean dying;
    /** What most entries never use (labels, helper, NAT-era fields, counters, timestamps), made on first write. */
    private Extras extras;

    /** The rarely used state of an entry. */
    static final class Extras {
        Labels labels = Labels.NONE;
        String helper;
        ProtoInfo otherProtoInfo;
        SeqAdjustment seqAdjOriginal;
        SeqAdjustment seqAdjReply;
        Tuple master;
        long packetsOriginal;
        long bytesOriginal;
        long packetsReply;
        long bytesReply;
        long startNanos;
        long stopNanos;
    }

    /** Shared, never written: what {@link #ext()} shows for an entry without extras. */
    private static final Extras NONE = new Extras();

    /** @return the extras to read (a shared empty one if none were written) */
    Extras ext() {
        return extras != null ? extras : NONE;
    }

    /** @return the extras to write, created on first use */
    Extras extras() {
        if (extras == null) {
            extras = new Extras();
        }
        return extras;
    }

    Entry(final FlowId id, final int address, final Tuple original, final Tuple reply, final int zone,
          final int zoneDirections, final long createdNanos, final boolean fromNetlink) {
        this.id = id.bits();
        this.address = address;
        this.original = TableKey.withoutZone(original);
        this.reply = TableKey.withoutZone(reply);
        this.zone = zone;
        this.zoneDirections = zoneDirections;
        this.createdNanos = createdNanos;
        this.fromNetlink = fromNetlink;
    }

    /** @return the kernel id */
    public FlowId id() {
        return new FlowId(id);
    }

    /** @return the original tuple, without zone */
    public Tuple original() {
        return original;
    }

    /** @return the reply tuple, without zone */
    public Tuple reply() {
        return reply;
    }

    /** @return the status bits */
    public int status() {
        return status;
    }

    /**
     * @param reply true for the reply direction
     * @return the zone the lookup key of that direction uses
     */
    int zoneOf(final boolean reply) {
        return (zoneDirections & (reply ? ZONE_REPLY : ZONE_ORIGINAL)) != 0 ? zone : 0;
    }


    boolean has(final Status bit) {
        return (status & bit.value()) != 0;
    }

    void set(final Status bit) {
        status |= bit.value();
    }

    /**
     * @param nowNanos the clock
     * @return true if the timeout has run out (the kernel's nf_ct_is_expired)
     */
    boolean isExpired(final long nowNanos) {
        return deadlineNanos - nowNanos <= 0;
    }

    /**
     * @param nowNanos the clock
     * @return the remaining seconds as CTA_TIMEOUT reports them (truncated, never negative)
     */
    long remainingSeconds(final long nowNanos) {
        final long left = deadlineNanos - nowNanos;
        return left <= 0 ? 0 : left / 1_000_000_000L;
    }

    Protocol protocol() {
        return original.protocol();
    }

    StatusBits statusBits() {
        return StatusBits.valueOf(status);
    }

    Counters countersOriginal() {
        return new Counters(ext().packetsOriginal, ext().bytesOriginal);
    }

    Counters countersReply() {
        return new Counters(ext().packetsReply, ext().bytesReply);
    }

    Timestamps timestamps() {
        final Extras x = ext();
        return x.stopNanos == 0 ? Timestamps.started(x.startNanos)
            : Timestamps.startedAndStopped(x.startNanos, x.stopNanos);
    }

    /** @return the protocol information a dump shows (TCP from the tracker, SCTP/DCCP as set through netlink) */
    ProtoInfo protoInfo() {
        return tcp != null ? tcp.toProtoInfo() : ext().otherProtoInfo;
    }

    @Override
    public String toString() {
        return "entry " + original + " / " + reply + " zone " + zone + " status " + status;
    }
}
