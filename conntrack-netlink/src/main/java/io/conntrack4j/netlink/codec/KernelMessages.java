package io.conntrack4j.netlink.codec;

import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowEvent;
import io.conntrack4j.model.GlobalStats;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Writes the messages the kernel sends: dump entries, ACKs and errors, DONE, statistics. Used by the simulated
 * kernel, by tests and by benchmarks that need kernel-shaped bytes; the output is the canonical form the decoder's
 * round trip ({@code encode(decode(b)) = b}) is checked against.
 */
public final class KernelMessages {
    private final NetlinkWriter w = new NetlinkWriter();

    /**
     * @param out the buffer to write at its position (advanced)
     * @return this
     */
    public KernelMessages wrap(final ByteBuffer out) {
        w.wrap(out);
        return this;
    }

    /** @return the position after the last message written */
    public int position() {
        return w.position();
    }

    /**
     * A conntrack entry as in a dump or GET reply (type CT_NEW, kernel attribute order).
     *
     * @param flow   the flow
     * @param flags  nlmsg_flags (NLM_F_MULTI in dumps and GET replies)
     * @param seq    the request's sequence number
     * @param portId the requester's port id
     * @return the message length
     */
    public int flow(final Flow flow, final int flags, final int seq, final int portId) {
        w.begin(CT_NEW, flags, seq, portId, flow.family().number(), 0, 0);
        FlowCodec.writeKernelAttributes(w, flow);
        return w.end();
    }

    /**
     * An expectation entry as in an expectation dump.
     *
     * @return the message length
     */
    public int expectation(final Expectation x, final int flags, final int seq, final int portId) {
        w.begin(EXP_NEW, flags, seq, portId, x.expected().family().number(), 0, 0);
        ExpectationCodec.write(w, x, true);
        return w.end();
    }

    /** @return the length of an NLMSG_DONE (flags MULTI, status 0) */
    public int done(final int seq, final int portId) {
        w.beginBare(NLMSG_DONE, NLM_F_MULTI, seq, portId);
        w.rawWord(0);
        return w.end();
    }

    /**
     * An ACK (errno 0) or an error, echoing only the request's header (flag NLM_F_CAPPED), as the kernel does for
     * ACKs and, with NETLINK_CAP_ACK, for errors.
     *
     * @param errno         0 for an ACK, else the positive errno
     * @param request       the buffer holding the request
     * @param requestOffset the request's offset in it
     * @param portId        the requester's port id
     * @return the message length
     */
    public int ack(final int errno, final ByteBuffer request, final int requestOffset, final int portId) {
        final ByteBuffer req = Wire.native_(request);
        w.beginBare(NLMSG_ERROR, NLM_F_CAPPED, Wire.u32host(req, requestOffset + 8), portId);
        w.rawWord(-errno);
        for (int i = 0; i < NLMSG_HDRLEN; i += 4) {
            w.rawWord(Wire.u32host(req, requestOffset + i));
        }
        return w.end();
    }

    /**
     * An error with an extended ACK: the errno, the request's header (NLM_F_CAPPED) and an NLMSGERR_ATTR_MSG text
     * (NLM_F_ACK_TLVS), as a kernel with NETLINK_EXT_ACK and NETLINK_CAP_ACK sends it.
     *
     * @param errno         the positive errno
     * @param message       the explanation
     * @param request       the buffer holding the request
     * @param requestOffset the request's offset in it
     * @param portId        the requester's port id
     * @return the message length
     */
    public int error(final int errno, final String message, final ByteBuffer request, final int requestOffset,
                     final int portId) {
        final ByteBuffer req = Wire.native_(request);
        w.beginBare(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, Wire.u32host(req, requestOffset + 8), portId);
        w.rawWord(-errno);
        for (int i = 0; i < NLMSG_HDRLEN; i += 4) {
            w.rawWord(Wire.u32host(req, requestOffset + i));
        }
        w.string(NLMSGERR_ATTR_MSG, message);
        return w.end();
    }

    /**
     * A conntrack event as the kernel multicasts it: NEW (type CT_NEW, flags CREATE|EXCL), UPDATE (CT_NEW, flags 0)
     * or DESTROY (CT_DELETE), sequence 0, the causing socket's port id, and CTA_TIMESTAMP_EVENT when known.
     *
     * @param event the event
     * @return the message length
     */
    public int event(final FlowEvent event) {
        final Flow flow = event.flow();
        final int type = event.type() == EventType.DESTROY ? CT_DELETE : CT_NEW;
        w.begin(type, eventFlags(event.type()), 0, (int) event.portId(), flow.family().number(), 0, 0);
        FlowCodec.writeKernelAttributes(w, flow);
        event.timestampNanos().forEach(t -> w.u64(CTA_TIMESTAMP_EVENT, t));
        return w.end();
    }

    /**
     * An expectation event as the kernel multicasts it: NEW (type EXP_NEW, flags CREATE|EXCL) or DESTROY
     * (EXP_DELETE), sequence 0, port id 0.
     *
     * @param event the event
     * @return the message length
     */
    public int expectationEvent(final ExpectationEvent event) {
        final Expectation x = event.expectation();
        final int type = event.type() == EventType.DESTROY ? EXP_DELETE : EXP_NEW;
        w.begin(type, eventFlags(event.type()), 0, 0, x.expected().family().number(), 0, 0);
        ExpectationCodec.write(w, x, true);
        return w.end();
    }

    /** @return the flags of an event message: CREATE|EXCL for NEW, none for UPDATE and DESTROY */
    private static int eventFlags(final EventType type) {
        return type == EventType.NEW ? NLM_F_CREATE | NLM_F_EXCL : 0;
    }

    /** @return the length of a GET_STATS reply (flags MULTI, no DONE follows) */
    public int globalStats(final GlobalStats stats, final int seq, final int portId) {
        w.begin(CT_GET_STATS, NLM_F_MULTI, seq, portId, 0, 0, 0);
        w.u32(CTA_STATS_GLOBAL_ENTRIES, stats.entries());
        w.u32(CTA_STATS_GLOBAL_MAX_ENTRIES, stats.maxEntries());
        return w.end();
    }

    /** @return the length of one per-CPU statistics message ({@code res_id} = the CPU) */
    public int cpuStats(final CpuStats stats, final int seq, final int portId) {
        w.begin(CT_GET_STATS_CPU, NLM_F_MULTI, seq, portId, 0, 0, stats.cpu());
        stats.counters().forEach(e -> w.u32(e._1.attribute(), e._2));
        return w.end();
    }
}
