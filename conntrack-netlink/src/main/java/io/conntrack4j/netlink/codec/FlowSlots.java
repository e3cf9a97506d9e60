package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * The attributes {@link FlowView} can read, numbered as one flat array of slots: each nesting level it descends into
 * is a group with a base slot, and a group's slot for attribute type {@code t} is {@code base + t}. Also the one
 * routine that indexes a group's attributes, checking every length.
 */
final class FlowSlots {
    /** Groups, parents before children. */
    static final int TOP = 0;
    static final int ORIG_TUPLE = 1;
    static final int REPLY_TUPLE = 2;
    static final int ORIG_IP = 3;
    static final int REPLY_IP = 4;
    static final int ORIG_PROTO = 5;
    static final int REPLY_PROTO = 6;
    static final int COUNTERS_ORIG = 7;
    static final int COUNTERS_REPLY = 8;
    static final int TIMESTAMP_GROUP = 9;
    static final int PROTOINFO_GROUP = 10;
    static final int TCP_GROUP = 11;
    static final int GROUPS = 12;

    /** Base slots of the groups (constants, so that accessors compile to fixed indexes). */
    static final int TOP_BASE = 0;
    static final int ORIG_TUPLE_BASE = 32;
    static final int REPLY_TUPLE_BASE = 36;
    static final int ORIG_IP_BASE = 40;
    static final int REPLY_IP_BASE = 45;
    static final int ORIG_PROTO_BASE = 50;
    static final int REPLY_PROTO_BASE = 60;
    static final int COUNTERS_ORIG_BASE = 70;
    static final int COUNTERS_REPLY_BASE = 76;
    static final int TIMESTAMP_BASE = 82;
    static final int PROTOINFO_BASE = 86;
    static final int TCP_BASE = 90;
    static final int SLOTS = 96;

    static final int[] BASE = {TOP_BASE, ORIG_TUPLE_BASE, REPLY_TUPLE_BASE, ORIG_IP_BASE, REPLY_IP_BASE,
        ORIG_PROTO_BASE, REPLY_PROTO_BASE, COUNTERS_ORIG_BASE, COUNTERS_REPLY_BASE, TIMESTAMP_BASE, PROTOINFO_BASE,
        TCP_BASE};
    /** The group holding each group's nest attribute (-1 for the top level). */
    static final int[] PARENT = {-1, TOP, TOP, ORIG_TUPLE, REPLY_TUPLE, ORIG_TUPLE, REPLY_TUPLE, TOP, TOP, TOP, TOP,
        PROTOINFO_GROUP};
    /** The slot of each group's nest attribute in its parent (-1 for the top level). */
    static final int[] NEST_SLOT = {-1, TOP_BASE + CTA_TUPLE_ORIG, TOP_BASE + CTA_TUPLE_REPLY,
        ORIG_TUPLE_BASE + CTA_TUPLE_IP, REPLY_TUPLE_BASE + CTA_TUPLE_IP, ORIG_TUPLE_BASE + CTA_TUPLE_PROTO,
        REPLY_TUPLE_BASE + CTA_TUPLE_PROTO, TOP_BASE + CTA_COUNTERS_ORIG, TOP_BASE + CTA_COUNTERS_REPLY,
        TOP_BASE + CTA_TIMESTAMP, TOP_BASE + CTA_PROTOINFO, PROTOINFO_BASE + CTA_PROTOINFO_TCP};
    private static final Table[] TABLES = {new Table(CTA, 32), new Table(TUPLE, 4), new Table(TUPLE, 4),
        new Table(IP, 5), new Table(IP, 5), new Table(PROTO, 10), new Table(PROTO, 10), new Table(COUNTERS, 6),
        new Table(COUNTERS, 6), new Table(TIMESTAMP, 4), new Table(PROTOINFO, 4), new Table(PROTOINFO_TCP, 6)};
    /** The group of each slot. */
    static final byte[] GROUP_OF = groupOf();

    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private FlowSlots() {
    }

    private static byte[] groupOf() {
        final byte[] groups = new byte[SLOTS];
        for (int g = 0; g < GROUPS; g++) {
            final int end = g + 1 < GROUPS ? BASE[g + 1] : SLOTS;
            if (BASE[g] + TABLES[g].minimum.length > end) {
                throw new IllegalStateException("group " + g + " overlaps the next one");
            }
            if (TABLES[g].schema.maxType() >= TABLES[g].minimum.length) {
                // every attribute a decoder knows must have a slot, or a layout would lose it
                throw new IllegalStateException(TABLES[g].schema + " has types beyond its " + TABLES[g].minimum.length
                    + " slots");
            }
            Arrays.fill(groups, BASE[g], end, (byte) g);
        }
        return groups;
    }

    /** @return the number of slots of a group */
    static int width(final int group) {
        return TABLES[group].minimum.length;
    }

    /**
     * Indexes one group's attributes between two offsets: for each type the group declares, the payload offset
     * (minus {@code origin}; -1 when absent; the last of a repeated type wins) and length. Every length is checked
     * against the enclosing bounds and the declared minimum, as {@link AttrCursor} does, with the same messages and
     * offsets.
     *
     * @param learning null: a malformed attribute raises {@link DecodeException}; else the layout being learned,
     *                 which records every header (and whether a type repeats), and a malformed attribute makes this
     *                 return false
     * @return true, or false if malformed while learning
     */
    static boolean index(final ByteBuffer b, final int start, final int end, final int group, final int origin,
                         final int[] offsets, final int[] lengths, final FlowLayout learning) {
        final Table table = TABLES[group];
        final byte[] minimum = table.minimum;
        final int base = BASE[group];
        for (int i = 0; i < minimum.length; i++) {
            offsets[base + i] = -1;
        }
        int at = start;
        while (end - at >= NLA_HDRLEN) {
            final int header = b.getInt(at); // struct nlattr {u16 nla_len; u16 nla_type} in host order
            final int len = LITTLE ? header & 0xFFFF : header >>> 16;
            if (len < NLA_HDRLEN || len > end - at) {
                if (learning != null) {
                    return false;
                }
                throw new DecodeException(at, "attribute length " + len + " outside 4.." + (end - at));
            }
            if (learning != null) {
                learning.record(at - origin, header);
            }
            final int type = (LITTLE ? header >>> 16 : header) & NLA_TYPE_MASK;
            if (type < minimum.length) {
                final int need = minimum[type];
                if (need >= 0) {
                    if (len - NLA_HDRLEN < need) {
                        if (learning != null) {
                            return false;
                        }
                        throw new DecodeException(at, table.schema.get(type).name() + " has "
                            + (len - NLA_HDRLEN) + " bytes, needs " + need);
                    }
                    if (learning != null && offsets[base + type] >= 0) {
                        learning.repeats();
                    }
                    offsets[base + type] = at + NLA_HDRLEN - origin;
                    lengths[base + type] = len - NLA_HDRLEN;
                }
            }
            at += (len + 3) & ~3;
        }
        return true;
    }

    /** Marks every slot of a group absent. */
    static void absent(final int group, final int[] offsets) {
        Arrays.fill(offsets, BASE[group], BASE[group] + width(group), -1);
    }

    /** One schema's attributes by type: the payload size each needs at least, -1 for unknown types and padding. */
    private static final class Table {
        private final AttrSchema schema;
        private final byte[] minimum;

        Table(final AttrSchema schema, final int slots) {
            this.schema = schema;
            this.minimum = new byte[slots];
            for (int type = 0; type < slots; type++) {
                final Attr a = schema.get(type);
                minimum[type] = (byte) (a == null || a.kind() == AttrKind.PAD ? -1 : a.minimumSize());
            }
        }
    }
}
