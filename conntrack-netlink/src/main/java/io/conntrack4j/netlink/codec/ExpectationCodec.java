package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationNat;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.nio.ByteBuffer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/** Expectation messages ⇄ {@link Expectation}. */
final class ExpectationCodec {
    private ExpectationCodec() {
    }

    /**
     * Writes an expectation's attributes: master, tuple, mask, timeout, then the optional ones.
     *
     * @param w      the writer
     * @param x      the expectation
     * @param kernel true for a dump entry as the kernel sends it (with the id and the flags always); false for a
     *               create request (no id; flags only when set)
     */
    static void write(final NetlinkWriter w, final Expectation x, final boolean kernel) {
        TupleCodec.write(w, CTA_EXPECT_MASTER, x.master());
        TupleCodec.write(w, CTA_EXPECT_TUPLE, x.expected());
        TupleCodec.write(w, CTA_EXPECT_MASK, x.mask());
        x.timeout().forEach(t -> w.u32(CTA_EXPECT_TIMEOUT, t));
        if (kernel) {
            x.id().forEach(id -> w.u32(CTA_EXPECT_ID, id.bits() & 0xFFFF_FFFFL));
        }
        if (x.zone() != 0) {
            w.u16(CTA_EXPECT_ZONE, x.zone());
        }
        if (kernel || x.flags() != 0) {
            w.u32(CTA_EXPECT_FLAGS, x.flags() & 0xFFFF_FFFFL);
        }
        x.expectClass().forEach(c -> w.u32(CTA_EXPECT_CLASS, c));
        x.helper().forEach(h -> w.string(CTA_EXPECT_HELP_NAME, h));
        x.nat().forEach(n -> {
            final int nest = w.beginNest(CTA_EXPECT_NAT);
            w.u32(CTA_EXPECT_NAT_DIR, n.direction());
            TupleCodec.write(w, CTA_EXPECT_NAT_TUPLE, n.tuple());
            w.endNest(nest);
        });
        x.function().forEach(fn -> w.string(CTA_EXPECT_FN, fn));
    }

    static Expectation read(final ByteBuffer b, final AttrCursor[] cursors, final int start, final int end,
                            final int at) {
        final AttrCursor c = cursors[0].wrap(b, start, end);
        Tuple master = null;
        Tuple expected = null;
        Tuple mask = null;
        Long timeout = null;
        FlowId id = null;
        String helper = null;
        int zone = 0;
        int flags = 0;
        Long expectClass = null;
        ExpectationNat nat = null;
        String function = null;
        try {
            while (c.next()) {
                final Attr a = EXPECT.get(c.type());
                if (a == null) {
                    continue;
                }
                switch (c.type()) {
                    case CTA_EXPECT_MASTER:
                        master = TupleCodec.read(b, cursors, 1, c.payload(), c.payloadEnd(), c.offset());
                        break;
                    case CTA_EXPECT_TUPLE:
                        expected = TupleCodec.read(b, cursors, 1, c.payload(), c.payloadEnd(), c.offset());
                        break;
                    case CTA_EXPECT_MASK:
                        mask = TupleCodec.read(b, cursors, 1, c.payload(), c.payloadEnd(), c.offset());
                        break;
                    case CTA_EXPECT_TIMEOUT:
                        timeout = c.u32(a);
                        break;
                    case CTA_EXPECT_ID:
                        id = new FlowId(c.u32raw(a));
                        break;
                    case CTA_EXPECT_HELP_NAME:
                        helper = c.string();
                        break;
                    case CTA_EXPECT_ZONE:
                        zone = c.u16(a);
                        break;
                    case CTA_EXPECT_FLAGS:
                        flags = c.u32raw(a);
                        break;
                    case CTA_EXPECT_CLASS:
                        expectClass = c.u32(a);
                        break;
                    case CTA_EXPECT_NAT:
                        nat = readNat(b, cursors, c.payload(), c.payloadEnd(), c.offset());
                        break;
                    case CTA_EXPECT_FN:
                        function = c.string();
                        break;
                    default:
                        break;
                }
            }
            if (master == null || expected == null || mask == null) {
                throw new DecodeException(at, "expectation without master, tuple or mask");
            }
            return new Expectation(expected, mask, master, Option.of(timeout), zone, flags, Option.of(expectClass),
                Option.of(helper), Option.of(nat), Option.of(function), Option.of(id));
        } catch (final InvalidValueException e) {
            throw new DecodeException(at, "invalid expectation: " + e.getMessage());
        }
    }

    private static ExpectationNat readNat(final ByteBuffer b, final AttrCursor[] cursors, final int start,
                                          final int end, final int at) {
        final AttrCursor c = cursors[1].wrap(b, start, end);
        long dir = 0;
        Tuple tuple = null;
        while (c.next()) {
            final Attr a = EXPECT_NAT.get(c.type());
            if (a == null) {
                continue;
            }
            if (c.type() == CTA_EXPECT_NAT_DIR) {
                dir = c.u32(a);
            } else {
                tuple = TupleCodec.read(b, cursors, 2, c.payload(), c.payloadEnd(), c.offset());
            }
        }
        if (tuple == null) {
            throw new DecodeException(at, "CTA_EXPECT_NAT without a tuple");
        }
        return new ExpectationNat(dir, tuple);
    }
}
