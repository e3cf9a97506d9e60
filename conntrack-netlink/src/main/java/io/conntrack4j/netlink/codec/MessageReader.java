package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Walks the netlink messages of a received datagram (or a capture file) and decodes the current one on demand: to
 * model objects ({@link #flow()}, {@link #event()}, ...) or through a zero-allocation {@link FlowView}. Every
 * length is checked against its enclosing bounds: malformed input raises {@link DecodeException} with the offset,
 * never another exception. Reusable; not thread-safe.
 */
public final class MessageReader {
    private final AttrCursor[] cursors = {new AttrCursor(), new AttrCursor(), new AttrCursor(), new AttrCursor(),
        new AttrCursor()};
    private final FlowCodec.Extras extras = new FlowCodec.Extras();
    /** Finds the layout of each flow message, so that {@link #flow()} and {@link #event()} read it directly. */
    private final LayoutCache layouts = new LayoutCache();
    private final LayoutFlowDecoder layoutDecoder = new LayoutFlowDecoder();
    private ByteBuffer buffer;
    private int next;
    private int limit;
    private int offset = -1;
    private int length;

    /**
     * @param datagram the bytes from its position to its limit; neither is changed
     * @return this reader, before the first message
     */
    public MessageReader wrap(final ByteBuffer datagram) {
        return wrap(datagram, datagram.position(), datagram.limit());
    }

    /**
     * @param buf   a buffer
     * @param start the first message's offset
     * @param end   the end of the last message
     * @return this reader, before the first message
     */
    public MessageReader wrap(final ByteBuffer buf, final int start, final int end) {
        this.buffer = Wire.native_(buf);
        this.next = start;
        this.limit = end;
        this.offset = -1;
        return this;
    }

    /** @return true if positioned on another message */
    public boolean next() {
        if (next >= limit) {
            return false;
        }
        if (limit - next < NLMSG_HDRLEN) {
            throw new DecodeException(next, "truncated message header: " + (limit - next) + " bytes");
        }
        final int len = Wire.u32host(buffer, next);
        if (len < NLMSG_HDRLEN || len > limit - next) {
            throw new DecodeException(next, "message length " + Integer.toUnsignedString(len) + " outside 16.."
                + (limit - next));
        }
        offset = next;
        length = len;
        next = Math.min(limit, next + Wire.align4(len));
        return true;
    }

    /** @return the current message's offset in the buffer */
    public int offset() {
        return offset;
    }

    /** @return nlmsg_len */
    public int length() {
        return length;
    }

    /** @return nlmsg_type */
    public int type() {
        current();
        return Wire.u16host(buffer, offset + 4);
    }

    /** @return nlmsg_flags */
    public int flags() {
        return Wire.u16host(buffer, offset + 6);
    }

    /** @return nlmsg_seq */
    public int seq() {
        return Wire.u32host(buffer, offset + 8);
    }

    /** @return nlmsg_pid */
    public int portId() {
        return Wire.u32host(buffer, offset + 12);
    }

    /** @return true for NLMSG_ERROR (an error, or an ACK when {@link #errno()} is 0) */
    public boolean isError() {
        return type() == NLMSG_ERROR;
    }

    /** @return true for NLMSG_DONE */
    public boolean isDone() {
        return type() == NLMSG_DONE;
    }

    private void current() {
        if (offset < 0) {
            throw new IllegalStateException("no current message: call next() first");
        }
    }

    private void needNfgen() {
        current();
        if (length < NLMSG_HDRLEN + NFGEN_HDRLEN) {
            throw new DecodeException(offset, "message of type 0x" + Integer.toHexString(type())
                + " too short for nfgenmsg: " + length);
        }
    }

    /** @return nfgen_family */
    public int family() {
        needNfgen();
        return Wire.u8(buffer, offset + NLMSG_HDRLEN);
    }

    /** @return the nfgenmsg version */
    public int version() {
        needNfgen();
        return Wire.u8(buffer, offset + NLMSG_HDRLEN + 1);
    }

    /** @return res_id (big-endian on the wire): the CPU of a per-CPU statistics message */
    public int resId() {
        needNfgen();
        return Wire.u16be(buffer, offset + NLMSG_HDRLEN + 2);
    }

    private int attributes() {
        needNfgen();
        return offset + NLMSG_HDRLEN + NFGEN_HDRLEN;
    }

    private int end() {
        return offset + length;
    }

    /**
     * @return for NLMSG_ERROR, the positive errno (0 for an ACK); for NLMSG_DONE, the negated status (0 normally)
     */
    public int errno() {
        if (length < NLMSG_HDRLEN + 4) {
            throw new DecodeException(offset, "error or done message without its status: " + length + " bytes");
        }
        return -Wire.u32host(buffer, offset + NLMSG_HDRLEN);
    }

    /** @return the extended-ack message of an NLMSG_ERROR, if the kernel sent one */
    public Option<String> extAckMessage() {
        final int tlvs = extAckStart();
        if (tlvs < 0) {
            return Option.none();
        }
        final AttrCursor c = cursors[0].wrap(buffer, tlvs, end());
        while (c.next()) {
            if (c.type() == NLMSGERR_ATTR_MSG) {
                return Option.some(c.string());
            }
        }
        return Option.none();
    }

    /** @return the extended-ack offset of the offending attribute, from the echoed request's start */
    public Option<Integer> extAckOffset() {
        final int tlvs = extAckStart();
        if (tlvs < 0) {
            return Option.none();
        }
        final AttrCursor c = cursors[0].wrap(buffer, tlvs, end());
        while (c.next()) {
            if (c.type() == NLMSGERR_ATTR_OFFS) {
                return Option.some(c.u32host(NLMSGERR.get(NLMSGERR_ATTR_OFFS)));
            }
        }
        return Option.none();
    }

    private int extAckStart() {
        if (!isError() || (flags() & NLM_F_ACK_TLVS) == 0) {
            return -1;
        }
        final int echo = offset + NLMSG_HDRLEN + 4;
        if (end() - echo < NLMSG_HDRLEN) {
            throw new DecodeException(offset, "error message without its echoed header");
        }
        final int echoed = (flags() & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : Wire.u32host(buffer, echo);
        if (echoed < NLMSG_HDRLEN || echoed > end() - echo) {
            throw new DecodeException(echo, "echoed request length " + echoed + " outside the error message");
        }
        return echo + Wire.align4(echoed);
    }

    /** @return the current conntrack message (CT_NEW or CT_DELETE) as a flow */
    public Flow flow() {
        checkSubsystem(SUBSYS_CTNETLINK, "a conntrack message");
        final Flow byLayout = byLayout(null);
        return byLayout != null ? byLayout : FlowCodec.read(buffer, cursors, attributes(), end(), offset, null);
    }

    /**
     * @return the current message decoded from its layout, or null when {@link FlowCodec#read} must decode it (no
     *         layout: the message is malformed somewhere, or too large to record)
     */
    private Flow byLayout(final FlowCodec.Extras into) {
        if (length < NLMSG_HDRLEN + NFGEN_HDRLEN) {
            return null;
        }
        final FlowLayout layout = layouts.layoutOf(buffer, offset, length);
        return layout == null ? null : layoutDecoder.read(buffer, offset, layout, cursors, into);
    }

    /** @return the current conntrack message as an event (NEW, UPDATE or DESTROY) */
    public FlowEvent event() {
        checkSubsystem(SUBSYS_CTNETLINK, "a conntrack event");
        final EventType eventType = eventType(CT_NEW, CT_DELETE, "an event message");
        extras.eventTimestamp = -1;
        final Flow byLayout = byLayout(extras);
        if (byLayout == null) {
            extras.eventTimestamp = -1; // the layout decoder may have read it before it gave up
        }
        final Flow flow = byLayout != null ? byLayout
            : FlowCodec.read(buffer, cursors, attributes(), end(), offset, extras);
        return new FlowEvent(eventType, flow, portId() & 0xFFFF_FFFFL,
            extras.eventTimestamp == -1 ? Option.none() : Option.some(extras.eventTimestamp));
    }

    /** @return the current expectation message */
    public Expectation expectation() {
        checkSubsystem(SUBSYS_CTNETLINK_EXP, "an expectation message");
        return ExpectationCodec.read(buffer, cursors, attributes(), end(), offset);
    }

    /**
     * @return the current expectation message as an event: {@code IPCTNL_MSG_EXP_NEW} is NEW (the kernel sends no
     *         expectation UPDATE), {@code IPCTNL_MSG_EXP_DELETE} is DESTROY
     */
    public ExpectationEvent expectationEvent() {
        checkSubsystem(SUBSYS_CTNETLINK_EXP, "an expectation event");
        return new ExpectationEvent(eventType(EXP_NEW, EXP_DELETE, "an expectation event message"), expectation());
    }

    /**
     * @return the current message's event type, as the kernel encodes it: the subsystem's DELETE is DESTROY, its
     *         NEW is NEW with {@code NLM_F_CREATE} and UPDATE without
     */
    private EventType eventType(final int newType, final int deleteType, final String what) {
        final int type = type();
        if (type == deleteType) {
            return EventType.DESTROY;
        }
        if (type == newType) {
            return (flags() & NLM_F_CREATE) != 0 ? EventType.NEW : EventType.UPDATE;
        }
        throw new DecodeException(offset, "not " + what + ": type 0x" + Integer.toHexString(type));
    }

    /** @return the current per-CPU statistics message ({@code res_id} = CPU) */
    public CpuStats cpuStats() {
        final AttrCursor c = cursors[0].wrap(buffer, attributes(), end());
        LinkedHashMap<CpuCounter, Long> counters = LinkedHashMap.empty();
        while (c.next()) {
            final Attr a = STATS_CPU.get(c.type());
            if (a != null) {
                counters = counters.put(CpuCounter.ofAttribute(c.type()), c.u32(a));
            }
        }
        return new CpuStats(resId(), counters);
    }

    /** @return the current global statistics message */
    public GlobalStats globalStats() {
        final AttrCursor c = cursors[0].wrap(buffer, attributes(), end());
        long entries = 0;
        long max = 0;
        while (c.next()) {
            final Attr a = STATS_GLOBAL.get(c.type());
            if (a != null) {
                if (c.type() == CTA_STATS_GLOBAL_ENTRIES) {
                    entries = c.u32(a);
                } else {
                    max = c.u32(a);
                }
            }
        }
        return new GlobalStats(entries, max);
    }

    /** @return the current per-CPU expectation statistics message */
    public ExpectationStats expectationStats() {
        final AttrCursor c = cursors[0].wrap(buffer, attributes(), end());
        final Long[] v = new Long[4];
        while (c.next()) {
            final Attr a = EXPECT_STATS.get(c.type());
            if (a != null) {
                v[c.type()] = c.u32(a);
            }
        }
        return new ExpectationStats(resId(), Option.of(v[CTA_STATS_EXP_NEW]), Option.of(v[CTA_STATS_EXP_CREATE]),
            Option.of(v[CTA_STATS_EXP_DELETE]));
    }

    /**
     * @param view a view to reuse
     * @return the view, positioned on the current conntrack message
     */
    public FlowView view(final FlowView view) {
        checkSubsystem(SUBSYS_CTNETLINK, "a conntrack message");
        return view.wrap(buffer, offset, length);
    }

    private void checkSubsystem(final int subsystem, final String what) {
        if (type() >> 8 != subsystem) {
            throw new DecodeException(offset, "expected " + what + ", got type 0x" + Integer.toHexString(type()));
        }
    }
}
