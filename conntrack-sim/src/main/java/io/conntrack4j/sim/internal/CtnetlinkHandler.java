package io.conntrack4j.sim.internal;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.codec.KernelMessages;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.codec.RequestAttributes;
import io.conntrack4j.netlink.codec.RequestDecoder;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.Request;
import io.vavr.control.Option;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Answers ctnetlink request messages for one socket of the simulated kernel with the bytes the kernel would send:
 * ACKs and errors (with an extended-ACK message), GET replies without DONE, multipart dumps ending in DONE, the
 * statistics quirks. Requests are parsed from their attributes as the kernel parses them, so malformed or refused
 * requests get the kernel's errno.
 */
public final class CtnetlinkHandler {
    /** Payload bytes per dump datagram (the kernel fills skbs of about this size). */
    static final int DUMP_DATAGRAM = 16 * 1024;
    private static final int MAX_MESSAGE = 4096;

    private final KernelNamespace ns;
    private final int portId;
    private final KernelMessages out = new KernelMessages();
    private final RequestDecoder decoder = new RequestDecoder();

    /**
     * @param ns     the namespace
     * @param portId the socket's port id
     */
    public CtnetlinkHandler(final KernelNamespace ns, final int portId) {
        this.ns = ns;
        this.portId = portId;
    }

    /**
     * Handles every message of one sent datagram.
     *
     * @param datagram the sent bytes (position to limit)
     * @param replies  receives each reply datagram, in order
     */
    public void handle(final ByteBuffer datagram, final Consumer<ByteBuffer> replies) {
        final ByteBuffer buf = datagram.slice().order(ByteOrder.nativeOrder());
        final MessageReader reader = new MessageReader().wrap(buf);
        try {
            while (reader.next()) {
                handleOne(reader, buf, replies);
            }
        } catch (final DecodeException malformed) {
            // a truncated netlink header: the kernel drops the rest of the datagram silently
        }
    }

    private void handleOne(final MessageReader r, final ByteBuffer buf, final Consumer<ByteBuffer> replies) {
        final int flags = r.flags();
        if ((flags & NLM_F_REQUEST) == 0) {
            return;
        }
        final boolean wantsAck = (flags & NLM_F_ACK) != 0;
        try {
            final List<ByteBuffer> answer = answer(r, buf);
            answer.forEach(replies);
            if (wantsAck && !isDump(r)) {
                replies.accept(ack(0, null, buf, r.offset()));
            }
        } catch (final Refusal refusal) {
            replies.accept(ack(refusal.errno().number(), refusal.reason(), buf, r.offset()));
        } catch (final DecodeException | InvalidValueException malformed) {
            replies.accept(ack(Errno.EINVAL.number(), malformed.getMessage(), buf, r.offset()));
        }
    }

    private static boolean isDump(final MessageReader r) {
        return (r.flags() & NLM_F_DUMP) == NLM_F_DUMP
            && (r.type() == CT_GET || r.type() == CT_GET_CTRZERO || r.type() == CT_GET_DYING
            || r.type() == CT_GET_UNCONFIRMED || r.type() == CT_GET_STATS_CPU || r.type() == EXP_GET
            || r.type() == EXP_GET_STATS_CPU);
    }

    private ByteBuffer ack(final int errno, final String message, final ByteBuffer request, final int offset) {
        final ByteBuffer b = newDatagram(MAX_MESSAGE);
        out.wrap(b);
        if (errno == 0 || message == null) {
            out.ack(errno, request, offset, portId);
        } else {
            out.error(errno, message, request, offset, portId);
        }
        return finish(b);
    }

    private static ByteBuffer newDatagram(final int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
    }

    /** @return the datagram written so far, ready to read (the writer tracks the position, not the buffer) */
    private ByteBuffer finish(final ByteBuffer b) {
        return b.limit(out.position()).position(0);
    }

    private List<ByteBuffer> answer(final MessageReader r, final ByteBuffer buf) {
        final int type = r.type();
        if (type >> 8 == SUBSYS_CTNETLINK_EXP) {
            return expectation(r, buf);
        }
        if (type >> 8 != SUBSYS_CTNETLINK) {
            throw new Refusal(Errno.EOPNOTSUPP, "not a ctnetlink message");
        }
        final RequestAttributes a = RequestAttributes.of(r, buf);
        if (a.has(CTA_TIMESTAMP_EVENT)) {
            throw new Refusal(Errno.EINVAL, "CTA_TIMESTAMP_EVENT is output only");
        }
        final boolean dump = (r.flags() & NLM_F_DUMP) == NLM_F_DUMP;
        switch (type) {
            case CT_NEW:
                ns.newFlow(NetlinkRequests.newRequest(r, a, portId));
                return List.of();
            case CT_GET:
            case CT_GET_CTRZERO:
                return dump ? dump(r, RequestFilters.parse(a, true), type == CT_GET_CTRZERO)
                    : List.of(single(r, get(r, a, type == CT_GET_CTRZERO)));
            case CT_GET_DYING:
            case CT_GET_UNCONFIRMED:
                if (!dump) {
                    throw new Refusal(Errno.EOPNOTSUPP, "only dumps list the dying and unconfirmed entries");
                }
                return List.of(done(r, false));
            case CT_DELETE:
                delete(r, a);
                return List.of();
            case CT_GET_STATS_CPU:
                return cpuStats(r);
            case CT_GET_STATS:
                final ByteBuffer b = newDatagram(MAX_MESSAGE);
                out.wrap(b).globalStats(ns.globalStats(), r.seq(), portId);
                return List.of(finish(b));
            default:
                throw new Refusal(Errno.EOPNOTSUPP, "unknown ctnetlink message type 0x" + Integer.toHexString(type));
        }
    }

    private Flow get(final MessageReader r, final RequestAttributes a, final boolean zero) {
        final Tuple t = NetlinkRequests.lookupTuple(r, a);
        return ns.get(t, !a.has(CTA_TUPLE_ORIG), a.zone(), zero);
    }

    private ByteBuffer single(final MessageReader r, final Flow flow) {
        final ByteBuffer b = newDatagram(MAX_MESSAGE);
        out.wrap(b).flow(flow, NLM_F_MULTI, r.seq(), portId);
        return finish(b);
    }

    private void delete(final MessageReader r, final RequestAttributes a) {
        if ((a.has(CTA_TUPLE_ORIG) || a.has(CTA_TUPLE_REPLY)) && !a.has(CTA_FILTER)) {
            final Tuple t = NetlinkRequests.lookupTuple(r, a);
            final Option<FlowId> id = a.has(CTA_ID) ? Option.some(new FlowId(a.u32raw(CTA_ID))) : Option.none();
            ns.delete(t, !a.has(CTA_TUPLE_ORIG), a.zone(), id, portId);
            return;
        }
        final boolean familyHonoured = r.version() != 0 || a.has(CTA_FILTER);
        ns.flush(RequestFilters.parse(a, familyHonoured), portId);
    }

    private List<ByteBuffer> dump(final MessageReader r, final Predicate<Flow> filter, final boolean zero) {
        final boolean interrupted = ns.takeDumpInterruption();
        final boolean filtered = r.family() != 0 || r.length() > NLMSG_HDRLEN + NFGEN_HDRLEN;
        final int flags = NLM_F_MULTI | (filtered ? NLM_F_DUMP_FILTERED : 0) | (interrupted ? NLM_F_DUMP_INTR : 0);
        final List<Flow> flows = ns.dump(filter, zero);
        final java.util.ArrayList<ByteBuffer> datagrams = new java.util.ArrayList<>();
        ByteBuffer b = newDatagram(DUMP_DATAGRAM + MAX_MESSAGE);
        out.wrap(b);
        for (final Flow f : flows) {
            out.flow(f, flags, r.seq(), portId);
            if (out.position() >= DUMP_DATAGRAM) {
                datagrams.add(finish(b));
                b = newDatagram(DUMP_DATAGRAM + MAX_MESSAGE);
                out.wrap(b);
            }
        }
        if (out.position() > 0) {
            datagrams.add(finish(b));
        }
        datagrams.add(done(r, interrupted));
        return datagrams;
    }

    private ByteBuffer done(final MessageReader r, final boolean interrupted) {
        final ByteBuffer b = newDatagram(64);
        out.wrap(b).done(r.seq(), portId);
        if (interrupted) {
            b.putShort(6, (short) (NLM_F_MULTI | NLM_F_DUMP_INTR));
        }
        return finish(b);
    }

    private List<ByteBuffer> cpuStats(final MessageReader r) {
        final ByteBuffer b = newDatagram(DUMP_DATAGRAM);
        out.wrap(b);
        for (final CpuStats s : ns.cpuStats()) {
            out.cpuStats(s, r.seq(), portId);
        }
        return List.of(finish(b), done(r, false));
    }

    private List<ByteBuffer> expectation(final MessageReader r, final ByteBuffer buf) {
        final Request q = decoder.decode(buf, r.offset(), r.length());
        final ExpectationTable table = ns.expectations();
        if (q instanceof CreateExpectation) {
            table.create(ns, ((CreateExpectation) q).expectation());
            return List.of();
        }
        if (q instanceof GetExpectation) {
            final GetExpectation g = (GetExpectation) q;
            final ByteBuffer b = newDatagram(MAX_MESSAGE);
            out.wrap(b).expectation(table.get(ns, g.expected(), g.zone()), NLM_F_MULTI, r.seq(), portId);
            return List.of(finish(b));
        }
        if (q instanceof DumpExpectations) {
            final DumpExpectations d = (DumpExpectations) q;
            final ByteBuffer b = newDatagram(DUMP_DATAGRAM * 4);
            out.wrap(b);
            for (final Expectation x : table.dump(ns, d.family(), d.master())) {
                out.expectation(x, NLM_F_MULTI, r.seq(), portId);
            }
            return List.of(finish(b), done(r, false));
        }
        if (q instanceof DeleteExpectation) {
            final DeleteExpectation d = (DeleteExpectation) q;
            table.delete(ns, d.expected(), d.zone());
            return List.of();
        }
        if (q instanceof FlushExpectations) {
            table.flush(ns, ((FlushExpectations) q).helper());
            return List.of();
        }
        return List.of(done(r, false));
    }

    /** @return the labels of every word from {@code words} on, as a mask (they are zeroed by a short CTA_LABELS) */
    static Labels wordsFrom(final int words) {
        long low = 0;
        long high = 0;
        for (int w = words; w < 4; w++) {
            if (w < 2) {
                low |= 0xFFFF_FFFFL << (32 * w);
            } else {
                high |= 0xFFFF_FFFFL << (32 * (w - 2));
            }
        }
        return Labels.ofWords(low, high);
    }

    static Family familyOf(final MessageReader r) {
        return r.family() == 0 ? null : Family.ofNumber(r.family());
    }
}
