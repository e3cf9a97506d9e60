package io.conntrack4j.model;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.internal.access.FlowAssembler;
import io.conntrack4j.internal.access.ModelAccess;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * A tracked connection as the kernel reports it: the original and reply tuples and every attribute ctnetlink
 * carries. Immutable; build one with {@link #builder(Tuple)} or derive one with {@link #toBuilder()}.
 *
 * <p>An attribute the kernel did not send is absent ({@link Option#none()}), not zero. The exceptions are those
 * whose absence means zero in the kernel: {@link #zone()} (absent = zone 0) and {@link #labels()} (absent = no
 * label). The mark is kept with its presence, because event lines print it only when the kernel sent it; use
 * {@link #markValue()} for its meaning.
 */
public final class Flow {
    private final Tuple original;
    private final Tuple reply;
    private final StatusBits status;
    private final Long timeout;
    private final ProtoInfo protoInfo;
    private final Long mark;
    private final int zone;
    private final Labels labels;
    private final Long secmark;
    private final String secctx;
    private final Long use;
    private final FlowId id;
    private final Counters countersOriginal;
    private final Counters countersReply;
    private final Timestamps timestamps;
    private final String helper;
    private final Tuple master;
    private final SeqAdjustment seqAdjOriginal;
    private final SeqAdjustment seqAdjReply;
    private final Synproxy synproxy;

    static {
        ModelAccess.register(Flow::assemble);
    }

    /** Every field as given: the callers check. */
    private Flow(final Tuple original, final Tuple reply, final StatusBits status, final Long timeout,
                 final ProtoInfo protoInfo, final Long mark, final int zone, final Labels labels, final Long secmark,
                 final String secctx, final Long use, final FlowId id, final Counters countersOriginal,
                 final Counters countersReply, final Timestamps timestamps, final String helper, final Tuple master,
                 final SeqAdjustment seqAdjOriginal, final SeqAdjustment seqAdjReply, final Synproxy synproxy) {
        this.original = original;
        this.reply = reply;
        this.status = status;
        this.timeout = timeout;
        this.protoInfo = protoInfo;
        this.mark = mark;
        this.zone = zone;
        this.labels = labels;
        this.secmark = secmark;
        this.secctx = secctx;
        this.use = use;
        this.id = id;
        this.countersOriginal = countersOriginal;
        this.countersReply = countersReply;
        this.timestamps = timestamps;
        this.helper = helper;
        this.master = master;
        this.seqAdjOriginal = seqAdjOriginal;
        this.seqAdjReply = seqAdjReply;
        this.synproxy = synproxy;
    }

    /** The one way to a flow: {@link Builder#build()}, and decoders through {@link FlowAssembler}. */
    private static Flow assemble(final Tuple original, final Tuple reply, final StatusBits status, final Long timeout,
                                 final ProtoInfo protoInfo, final Long mark, final int zone, final Labels labels,
                                 final Long secmark, final String secctx, final Long use, final FlowId id,
                                 final Counters countersOriginal, final Counters countersReply,
                                 final Timestamps timestamps, final String helper, final Tuple master,
                                 final SeqAdjustment seqAdjOriginal, final SeqAdjustment seqAdjReply,
                                 final Synproxy synproxy) {
        final Flow flow = new Flow(Check.notNull("original tuple", original), reply, status, timeout, protoInfo, mark,
            zone, Check.notNull("labels", labels), secmark, secctx, use, id, countersOriginal, countersReply,
            timestamps, helper, master, seqAdjOriginal, seqAdjReply, synproxy);
        flow.checkDirections();
        return flow;
    }

    /**
     * The cross-field checks, apart from the constructor, so that the constructor stays small enough for the JIT to
     * inline (177 bytes of bytecode; 347 with the checks).
     */
    private void checkDirections() {
        if (reply != null) {
            if (reply.family() != original.family()) {
                throw new InvalidValueException("reply tuple", reply, "family differs from the original tuple's");
            }
            if (!reply.protocol().equals(original.protocol())) {
                throw new InvalidValueException("reply tuple", reply, "protocol differs from the original tuple's");
            }
        }
        if (protoInfo != null && !protoInfo.protocol().equals(original.protocol())) {
            throw new InvalidValueException("protoinfo", protoInfo, "does not belong to protocol " + original.protocol());
        }
        if (master != null && master.family() != original.family()) {
            throw new InvalidValueException("master tuple", master, "family differs from the original tuple's");
        }
    }

    /**
     * @param original the original-direction tuple
     * @return a builder for a flow with that tuple
     */
    public static Builder builder(final Tuple original) {
        return new Builder(original);
    }

    /** @return a builder holding every attribute of this flow */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the address family */
    public Family family() {
        return original.family();
    }

    /** @return the layer-4 protocol */
    public Protocol protocol() {
        return original.protocol();
    }

    /** @return the original-direction tuple */
    public Tuple original() {
        return original;
    }

    /** @return the reply-direction tuple (always present in what the kernel reports) */
    public Option<Tuple> reply() {
        return Option.of(reply);
    }

    /** @return the status word */
    public Option<StatusBits> status() {
        return Option.of(status);
    }

    /**
     * @param bit a status bit
     * @return true if the status is known and has the bit
     */
    public boolean hasStatus(final Status bit) {
        return status != null && status.has(bit);
    }

    /** @return the remaining timeout in seconds (truncated, as the kernel reports it) */
    public Option<Long> timeout() {
        return Option.of(timeout);
    }

    /** @return TCP, SCTP or DCCP state */
    public Option<ProtoInfo> protoInfo() {
        return Option.of(protoInfo);
    }

    /** @return the TCP state, for a TCP flow that reports one */
    public Option<TcpState> tcpState() {
        return protoInfo instanceof ProtoInfo.Tcp ? Option.some(((ProtoInfo.Tcp) protoInfo).state()) : Option.none();
    }

    /** @return the mark as the kernel sent it (dumps always carry it; events only when nonzero or changed) */
    public Option<Long> mark() {
        return Option.of(mark);
    }

    /** @return the mark, 0 when the kernel did not send it */
    public long markValue() {
        return mark == null ? 0 : mark;
    }

    /** @return the zone of both directions ({@code CTA_ZONE}), 0 when absent (the default zone) */
    public int zone() {
        return zone;
    }

    /**
     * @return the zone id whatever the direction it applies to: {@link #zone()} if nonzero, else a directional
     *     tuple zone, else 0. This is what the kernel's zone dump filter compares.
     */
    public int zoneId() {
        if (zone != 0) {
            return zone;
        }
        if (original.zone().isDefined()) {
            return original.zone().get();
        }
        return reply != null && reply.zone().isDefined() ? reply.zone().get() : 0;
    }

    /** @return the connection labels ({@link Labels#NONE} when the kernel sent none) */
    public Labels labels() {
        return labels;
    }

    /** @return the security mark (never reported by modern kernels) */
    public Option<Long> secmark() {
        return Option.of(secmark);
    }

    /** @return the security context, with an LSM */
    public Option<String> secctx() {
        return Option.of(secctx);
    }

    /** @return the reference count (dumps and gets only) */
    public Option<Long> use() {
        return Option.of(use);
    }

    /** @return the kernel's opaque id */
    public Option<FlowId> id() {
        return Option.of(id);
    }

    /** @return the original-direction counters, when accounting was on at creation */
    public Option<Counters> countersOriginal() {
        return Option.of(countersOriginal);
    }

    /** @return the reply-direction counters, when accounting was on at creation */
    public Option<Counters> countersReply() {
        return Option.of(countersReply);
    }

    /** @return start and stop time, when timestamps were on at creation */
    public Option<Timestamps> timestamps() {
        return Option.of(timestamps);
    }

    /** @return the attached helper's name */
    public Option<String> helper() {
        return Option.of(helper);
    }

    /** @return the master flow's original tuple, for a flow created from an expectation */
    public Option<Tuple> master() {
        return Option.of(master);
    }

    /** @return the original direction's sequence adjustment */
    public Option<SeqAdjustment> seqAdjOriginal() {
        return Option.of(seqAdjOriginal);
    }

    /** @return the reply direction's sequence adjustment */
    public Option<SeqAdjustment> seqAdjReply() {
        return Option.of(seqAdjReply);
    }

    /** @return SYN proxy state */
    public Option<Synproxy> synproxy() {
        return Option.of(synproxy);
    }

    /**
     * Source NAT as conntrack detects it: the reply destination differs from the original source (and, when the
     * status is known, SRC_NAT_DONE is set).
     *
     * @return true if the flow is source-NATed
     */
    public boolean isSourceNat() {
        return reply != null && !reply.destination().equals(original.source())
            && (status == null || status.has(Status.SRC_NAT_DONE));
    }

    /**
     * Destination NAT as conntrack detects it: the reply source differs from the original destination (and, when
     * the status is known, DST_NAT_DONE is set).
     *
     * @return true if the flow is destination-NATed
     */
    public boolean isDestinationNat() {
        return reply != null && !reply.source().equals(original.destination())
            && (status == null || status.has(Status.DST_NAT_DONE));
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Flow)) {
            return false;
        }
        final Flow f = (Flow) o;
        return zone == f.zone && original.equals(f.original) && Objects.equals(reply, f.reply)
            && Objects.equals(status, f.status) && Objects.equals(timeout, f.timeout)
            && Objects.equals(protoInfo, f.protoInfo) && Objects.equals(mark, f.mark) && labels.equals(f.labels)
            && Objects.equals(secmark, f.secmark) && Objects.equals(secctx, f.secctx) && Objects.equals(use, f.use)
            && Objects.equals(id, f.id) && Objects.equals(countersOriginal, f.countersOriginal)
            && Objects.equals(countersReply, f.countersReply) && Objects.equals(timestamps, f.timestamps)
            && Objects.equals(helper, f.helper) && Objects.equals(master, f.master)
            && Objects.equals(seqAdjOriginal, f.seqAdjOriginal) && Objects.equals(seqAdjReply, f.seqAdjReply)
            && Objects.equals(synproxy, f.synproxy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(original, reply, status, timeout, protoInfo, mark, zone, labels, id, use);
    }

    /** @return the flow in conntrack's default one-line format */
    @Override
    public String toString() {
        return io.conntrack4j.text.ConntrackFormatter.DEFAULT.flow(this);
    }

    /** Builds a {@link Flow}; every setter validates its value at once. */
    public static final class Builder {
        private Tuple original;
        private Tuple reply;
        private StatusBits status;
        private Long timeout;
        private ProtoInfo protoInfo;
        private Long mark;
        private int zone;
        private Labels labels = Labels.NONE;
        private Long secmark;
        private String secctx;
        private Long use;
        private FlowId id;
        private Counters countersOriginal;
        private Counters countersReply;
        private Timestamps timestamps;
        private String helper;
        private Tuple master;
        private SeqAdjustment seqAdjOriginal;
        private SeqAdjustment seqAdjReply;
        private Synproxy synproxy;

        private Builder(final Tuple original) {
            this.original = Check.notNull("original tuple", original);
        }

        private Builder(final Flow f) {
            original = f.original;
            reply = f.reply;
            status = f.status;
            timeout = f.timeout;
            protoInfo = f.protoInfo;
            mark = f.mark;
            zone = f.zone;
            labels = f.labels;
            secmark = f.secmark;
            secctx = f.secctx;
            use = f.use;
            id = f.id;
            countersOriginal = f.countersOriginal;
            countersReply = f.countersReply;
            timestamps = f.timestamps;
            helper = f.helper;
            master = f.master;
            seqAdjOriginal = f.seqAdjOriginal;
            seqAdjReply = f.seqAdjReply;
            synproxy = f.synproxy;
        }

        /** @param value the original tuple @return this builder */
        public Builder original(final Tuple value) {
            original = Check.notNull("original tuple", value);
            return this;
        }

        /** @param value the reply tuple, or null @return this builder */
        public Builder reply(final Tuple value) {
            reply = value;
            return this;
        }

        /** @param value the status word, or null @return this builder */
        public Builder status(final StatusBits value) {
            status = value;
            return this;
        }

        /** @param value the status bits @return this builder */
        public Builder status(final Status... value) {
            status = StatusBits.of(value);
            return this;
        }

        /** @param seconds the remaining timeout in seconds (u32), or null @return this builder */
        public Builder timeout(final Long seconds) {
            if (seconds != null) {
                Check.u32("timeout", seconds);
            }
            timeout = seconds;
            return this;
        }

        /** @param value the protocol information, or null @return this builder */
        public Builder protoInfo(final ProtoInfo value) {
            protoInfo = value;
            return this;
        }

        /** @param value the mark (u32), or null for "not sent" @return this builder */
        public Builder mark(final Long value) {
            if (value != null) {
                Check.u32("mark", value);
            }
            mark = value;
            return this;
        }

        /** @param value the zone of both directions, 0..65535 (0 = default) @return this builder */
        public Builder zone(final int value) {
            zone = Check.u16("zone", value);
            return this;
        }

        /** @param value the labels @return this builder */
        public Builder labels(final Labels value) {
            labels = Check.notNull("labels", value);
            return this;
        }

        /** @param value the security mark, or null @return this builder */
        public Builder secmark(final Long value) {
            if (value != null) {
                Check.u32("secmark", value);
            }
            secmark = value;
            return this;
        }

        /** @param value the security context, or null @return this builder */
        public Builder secctx(final String value) {
            secctx = value;
            return this;
        }

        /** @param value the reference count, or null @return this builder */
        public Builder use(final Long value) {
            if (value != null) {
                Check.u32("use", value);
            }
            use = value;
            return this;
        }

        /** @param value the kernel id, or null @return this builder */
        public Builder id(final FlowId value) {
            id = value;
            return this;
        }

        /** @param value original-direction counters, or null @return this builder */
        public Builder countersOriginal(final Counters value) {
            countersOriginal = value;
            return this;
        }

        /** @param value reply-direction counters, or null @return this builder */
        public Builder countersReply(final Counters value) {
            countersReply = value;
            return this;
        }

        /** @param value start/stop timestamps, or null @return this builder */
        public Builder timestamps(final Timestamps value) {
            timestamps = value;
            return this;
        }

        /** @param value the helper name, or null @return this builder */
        public Builder helper(final String value) {
            helper = value;
            return this;
        }

        /** @param value the master tuple, or null @return this builder */
        public Builder master(final Tuple value) {
            master = value;
            return this;
        }

        /** @param value the original direction's sequence adjustment, or null @return this builder */
        public Builder seqAdjOriginal(final SeqAdjustment value) {
            seqAdjOriginal = value;
            return this;
        }

        /** @param value the reply direction's sequence adjustment, or null @return this builder */
        public Builder seqAdjReply(final SeqAdjustment value) {
            seqAdjReply = value;
            return this;
        }

        /** @param value SYN proxy state, or null @return this builder */
        public Builder synproxy(final Synproxy value) {
            synproxy = value;
            return this;
        }

        /** @return the flow, after the cross-field checks */
        public Flow build() {
            return assemble(original, reply, status, timeout, protoInfo, mark, zone, labels, secmark, secctx, use, id,
                countersOriginal, countersReply, timestamps, helper, master, seqAdjOriginal, seqAdjReply, synproxy);
        }
    }
}
