package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_IP_V4_DST;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_IP_V4_SRC;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_IP_V6_DST;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_IP_V6_SRC;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_DST_PORT;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_ICMPV6_CODE;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_ICMPV6_ID;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_ICMPV6_TYPE;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_ICMP_CODE;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_ICMP_ID;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_ICMP_TYPE;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_NUM;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_PROTO_SRC_PORT;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_TUPLE_IP;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_TUPLE_PROTO;
import static io.conntrack4j.netlink.codec.Ctnetlink.CTA_TUPLE_ZONE;

/** Encodes and decodes {@code ctattr_tuple} nests: addresses, protocol fields and the directional zone. */
final class TupleCodec {
    private TupleCodec() {
    }

    /** Writes a tuple nest in the kernel's order: IP {src, dst}, PROTO {num, ports | type, code, id}, zone. */
    static void write(final NetlinkWriter w, final int type, final Tuple tuple) {
        final int nest = w.beginNest(type);
        final int ip = w.beginNest(CTA_TUPLE_IP);
        final boolean v4 = tuple.source().isV4();
        w.address(v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, tuple.source());
        w.address(v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, tuple.destination());
        w.endNest(ip);
        final int proto = w.beginNest(CTA_TUPLE_PROTO);
        w.u8(CTA_PROTO_NUM, tuple.protocol().number());
        final Layer4 l4 = tuple.layer4();
        if (l4 instanceof Layer4.Ports) {
            w.u16(CTA_PROTO_SRC_PORT, ((Layer4.Ports) l4).source());
            w.u16(CTA_PROTO_DST_PORT, ((Layer4.Ports) l4).destination());
        } else if (l4 instanceof Layer4.Icmp) {
            final Layer4.Icmp icmp = (Layer4.Icmp) l4;
            final boolean v6 = tuple.protocol().equals(Protocol.ICMPV6);
            w.u8(v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE, icmp.type());
            w.u8(v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE, icmp.code());
            w.u16(v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID, icmp.id());
        }
        w.endNest(proto);
        final Option<Integer> zone = tuple.zone();
        if (zone.isDefined()) {
            w.u16(CTA_TUPLE_ZONE, zone.get());
        }
        w.endNest(nest);
    }

    /**
     * Writes the tuple a CTA_FILTER compares: only the fields the filter has, and returns the CTA_FILTER flags.
     *
     * @return the {@code CTA_FILTER_F_*} flags of the written fields
     */
    static int writeFilter(final NetlinkWriter w, final int type, final TupleFilter filter,
                           final io.conntrack4j.model.Family family) {
        // the attribute type comes from the filter's family: an address of the other family would be sent as
        // CTA_IP_V4_* with 16 bytes (the kernel reads the first 4) or CTA_IP_V6_* with 4 (ERANGE)
        if (filter.source().isDefined()) {
            checkFamily(filter.source().get(), family);
        }
        if (filter.destination().isDefined()) {
            checkFamily(filter.destination().get(), family);
        }
        int flags = 0;
        final int nest = w.beginNest(type);
        final boolean v4 = family == io.conntrack4j.model.Family.IPV4;
        if (filter.source().isDefined() || filter.destination().isDefined()) {
            final int ip = w.beginNest(CTA_TUPLE_IP);
            if (filter.source().isDefined()) {
                w.address(v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, filter.source().get());
                flags |= Ctnetlink.FILTER_IP_SRC;
            }
            if (filter.destination().isDefined()) {
                w.address(v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, filter.destination().get());
                flags |= Ctnetlink.FILTER_IP_DST;
            }
            w.endNest(ip);
        }
        if (filter.protocol().isDefined()) {
            final boolean v6 = filter.protocol().get().equals(Protocol.ICMPV6);
            final int proto = w.beginNest(CTA_TUPLE_PROTO);
            w.u8(CTA_PROTO_NUM, filter.protocol().get().number());
            flags |= Ctnetlink.FILTER_PROTO_NUM;
            if (filter.sourcePort().isDefined()) {
                w.u16(CTA_PROTO_SRC_PORT, filter.sourcePort().get());
                flags |= Ctnetlink.FILTER_PROTO_SRC_PORT;
            }
            if (filter.destinationPort().isDefined()) {
                w.u16(CTA_PROTO_DST_PORT, filter.destinationPort().get());
                flags |= Ctnetlink.FILTER_PROTO_DST_PORT;
            }
            if (filter.icmpType().isDefined()) {
                w.u8(v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE, filter.icmpType().get());
                flags |= v6 ? Ctnetlink.FILTER_ICMPV6_TYPE : Ctnetlink.FILTER_ICMP_TYPE;
            }
            if (filter.icmpCode().isDefined()) {
                w.u8(v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE, filter.icmpCode().get());
                flags |= v6 ? Ctnetlink.FILTER_ICMPV6_CODE : Ctnetlink.FILTER_ICMP_CODE;
            }
            if (filter.icmpId().isDefined()) {
                w.u16(v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID, filter.icmpId().get());
                flags |= v6 ? Ctnetlink.FILTER_ICMPV6_ID : Ctnetlink.FILTER_ICMP_ID;
            }
            w.endNest(proto);
        }
        w.endNest(nest);
        return flags;
    }

    private static void checkFamily(final IpAddress address, final io.conntrack4j.model.Family family) {
        if (address.family() != family) {
            throw new io.conntrack4j.error.InvalidValueException("tuple filter address", address,
                "is " + address.family().kernelName() + " but the filter's family is " + family.kernelName());
        }
    }

    /**
     * Decodes a tuple nest. Unknown children are skipped.
     *
     * @param b       the buffer
     * @param cursors cursors free from index {@code depth} on
     * @param depth   the first free cursor
     * @param start   payload start of the nest
     * @param end     payload end of the nest
     * @param at      the nest's offset, for errors
     * @return the tuple
     */
    static Tuple read(final ByteBuffer b, final AttrCursor[] cursors, final int depth, final int start,
                      final int end, final int at) {
        // a fresh holder, not one kept from message to message: storing new addresses into a long-lived object
        // costs G1's full write barrier on every store (see LayoutFlowDecoder)
        final Fields f = new Fields();
        read(b, cursors, depth, start, end, f);
        return f.toTuple(at);
    }

    static void read(final ByteBuffer b, final AttrCursor[] cursors, final int depth, final int start,
                     final int end, final Fields f) {
        final AttrCursor cursor = cursors[depth].wrap(b, start, end);
        while (cursor.next()) {
            switch (cursor.type()) {
                case CTA_TUPLE_IP:
                    readIp(b, cursors[depth + 1], cursor.payload(), cursor.payloadEnd(), f);
                    break;
                case CTA_TUPLE_PROTO:
                    readProto(b, cursors[depth + 1], cursor.payload(), cursor.payloadEnd(), f);
                    break;
                case CTA_TUPLE_ZONE:
                    f.zone = cursor.u16(Ctnetlink.TUPLE.get(CTA_TUPLE_ZONE));
                    break;
                default:
                    break;
            }
        }
    }

    private static void readIp(final ByteBuffer b, final AttrCursor c, final int start, final int end,
                               final Fields f) {
        c.wrap(b, start, end);
        while (c.next()) {
            final int t = c.type();
            final Attr a = Ctnetlink.IP.get(t);
            if (a == null) {
                continue;
            }
            final int p = c.checked(a);
            final IpAddress address = a.size() == 4 ? IpAddress.v4(Wire.u32be(b, p))
                : IpAddress.v6(Wire.u64be(b, p), Wire.u64be(b, p + 8));
            if (t == CTA_IP_V4_SRC || t == CTA_IP_V6_SRC) {
                f.source = address;
            } else {
                f.destination = address;
            }
        }
    }

    private static void readProto(final ByteBuffer b, final AttrCursor c, final int start, final int end,
                                  final Fields f) {
        c.wrap(b, start, end);
        while (c.next()) {
            final int t = c.type();
            final Attr a = Ctnetlink.PROTO.get(t);
            if (a == null) {
                continue;
            }
            switch (t) {
                case CTA_PROTO_NUM:
                    f.protocol = c.u8(a);
                    break;
                case CTA_PROTO_SRC_PORT:
                    f.sport = c.u16(a);
                    break;
                case CTA_PROTO_DST_PORT:
                    f.dport = c.u16(a);
                    break;
                case CTA_PROTO_ICMP_ID:
                case CTA_PROTO_ICMPV6_ID:
                    f.icmpId = c.u16(a);
                    break;
                case CTA_PROTO_ICMP_TYPE:
                case CTA_PROTO_ICMPV6_TYPE:
                    f.icmpType = c.u8(a);
                    break;
                default:
                    f.icmpCode = c.u8(a);
                    break;
            }
        }
    }

    /**
     * Builds a decoded tuple from its fields; absent ones are -1 or null.
     *
     * @param at where the tuple nest starts, for errors
     * @return the tuple
     * @throws DecodeException if an address or the protocol is missing, or the fields do not form a valid tuple
     */
    static Tuple toTuple(final int at, final IpAddress source, final IpAddress destination, final int protocol,
                         final int sport, final int dport, final int icmpType, final int icmpCode, final int icmpId,
                         final int zone) {
        if (source == null || destination == null) {
            throw new DecodeException(at, "tuple without source or destination address");
        }
        if (protocol < 0) {
            throw new DecodeException(at, "tuple without CTA_PROTO_NUM");
        }
        final Protocol proto = Protocol.of(protocol);
        final Layer4 l4;
        if (sport >= 0 && dport >= 0 && proto.hasPorts()) {
            l4 = new Layer4.Ports(sport, dport);
        } else if (icmpType >= 0 && icmpCode >= 0 && icmpId >= 0 && proto.isIcmp()) {
            l4 = new Layer4.Icmp(icmpType, icmpCode, icmpId);
        } else {
            l4 = Layer4.none();
        }
        try {
            return new Tuple(source, destination, proto, l4, zone < 0 ? Option.none() : Option.some(zone));
        } catch (final io.conntrack4j.error.InvalidValueException e) {
            throw new DecodeException(at, "invalid tuple: " + e.getMessage());
        }
    }

    /** The fields of a tuple as decoded; absent ones are -1 or null. */
    static final class Fields {
        IpAddress source;
        IpAddress destination;
        int protocol = -1;
        int sport = -1;
        int dport = -1;
        int icmpType = -1;
        int icmpCode = -1;
        int icmpId = -1;
        int zone = -1;

        Tuple toTuple(final int at) {
            return TupleCodec.toTuple(at, source, destination, protocol, sport, dport, icmpType, icmpCode, icmpId,
                zone);
        }

        TupleFilter toFilter() {
            return new TupleFilter(Option.of(source), Option.of(destination),
                protocol < 0 ? Option.none() : Option.some(Protocol.of(protocol)),
                sport < 0 ? Option.none() : Option.some(sport), dport < 0 ? Option.none() : Option.some(dport),
                icmpType < 0 ? Option.none() : Option.some(icmpType),
                icmpCode < 0 ? Option.none() : Option.some(icmpCode),
                icmpId < 0 ? Option.none() : Option.some(icmpId));
        }
    }
}
