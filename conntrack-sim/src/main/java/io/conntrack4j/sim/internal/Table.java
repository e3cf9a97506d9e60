package io.conntrack4j.sim.internal;

import io.conntrack4j.model.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The conntrack hash of one namespace: every entry is reachable through its tuple of each direction, in that
 * direction's zone. The entries sit in a dense array; the hash is an open-addressing {@code int} array (linear
 * probing, load at most one half) whose slots name an entry by its position there, with the slot's direction and
 * six bits of its key's hash, so that a probe passes over other keys without touching their entries. A slot costs
 * 4 bytes and no key or node objects exist, which keeps the simulator near the kernel's own footprint; and since
 * the hash holds no references, filing an entry writes one reference (at the end of the dense array), not one per
 * direction at random places of a large array, each of which the garbage collector would have to rescan. It knows
 * nothing of expiry; {@link KernelNamespace} decides when an expired entry is collected. Not thread-safe.
 */
final class Table {
    private static final int MIN_CAPACITY = 64;
    /** Slot bit of a key that is its entry's reply tuple. */
    private static final int REPLY = 1;
    /** The bits of a slot that are not the entry's position: the direction and 6 bits of the key's hash. */
    private static final int TAG_BITS = 7;
    private static final int TAG_MASK = (1 << TAG_BITS) - 1;
    /** The most entries a slot can name. */
    static final int MAX_ENTRIES = (1 << (32 - TAG_BITS)) - 2;

    /** Per slot: 0 if empty, else (position + 1) above the tag bits (6 bits of the key's hash, then the direction). */
    private int[] slots = new int[MIN_CAPACITY];
    /** The entries, in positions 0 to count - 1. */
    private Entry[] entries = new Entry[MIN_CAPACITY / 2];
    private int used;
    private int count;
    private int insertions;
    private final java.util.ArrayDeque<Integer> freeAddresses = new java.util.ArrayDeque<>();
    private int nextAddress = 1;

    /** @return an object address: the most recently freed one (a slab's LIFO free list), else a new one */
    int allocateAddress() {
        final Integer reused = freeAddresses.pollFirst();
        return reused != null ? reused : nextAddress++;
    }

    /** @param address an address no entry uses any more */
    void freeAddress(final int address) {
        freeAddresses.addFirst(address);
        if (freeAddresses.size() > 4096) {
            freeAddresses.pollLast();
        }
    }

    /**
     * @param tupleHash {@link TupleHash#of} the key's tuple
     * @param zone      the key's zone id
     * @return the key's hash: its low bits choose the slot, its top 6 bits go into the slot's tag
     */
    private static int hash(final int tupleHash, final int zone) {
        int h = tupleHash * 0x9E3779B1 + zone;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    private static int tag(final int hash, final boolean reply) {
        return (hash >>> 26) << 1 | (reply ? REPLY : 0);
    }

    private static int slot(final int position, final int tag) {
        return (position + 1) << TAG_BITS | tag;
    }

    private static int position(final int slot) {
        return (slot >>> TAG_BITS) - 1;
    }

    private static boolean holds(final Entry e, final boolean reply, final Tuple t, final int zone) {
        return e.zoneOf(reply) == zone && (reply ? e.reply : e.original).equals(t);
    }

    /** Decides whether an entry met in a bucket is the one looked for. */
    interface Match {
        /**
         * @param e     an entry whose tuple of one direction equals the one looked up
         * @param reply true if that is its reply tuple
         * @return true to take it
         */
        boolean test(Entry e, boolean reply);
    }

    /**
     * @param t    a tuple without zone attribute
     * @param zone the zone id of the bucket
     * @return the first entry whose tuple of some direction is {@code t} in that zone (expired or not), or null
     */
    Entry find(final Tuple t, final int zone) {
        return find(t, TupleHash.of(t), zone, (e, reply) -> true);
    }

    /**
     * Walks the bucket as the kernel walks a hash chain: several entries may hold the same tuple and zone id (in
     * different directions), and the caller's rule picks.
     *
     * @param t         a tuple without zone attribute
     * @param tupleHash {@link TupleHash#of} {@code t}
     * @param zone      the zone id of the bucket
     * @param accept    which of the entries holding {@code t} counts
     * @return the first accepted entry, or null
     */
    Entry find(final Tuple t, final int tupleHash, final int zone, final Match accept) {
        final int h = hash(tupleHash, zone);
        final int wanted = tag(h, false);
        final int mask = slots.length - 1;
        Entry found = null;
        for (int i = h & mask;; i = (i + 1) & mask) {
            final int s = slots[i];
            if (s == 0) {
                return found;
            }
            if ((s & TAG_MASK & ~REPLY) != wanted) {
                continue;
            }
            final Entry e = entries[position(s)];
            final boolean reply = (s & REPLY) != 0;
            // the kernel adds entries at the head of a hash chain: the newest one is met first
            if (holds(e, reply, t, zone) && accept.test(e, reply) && (found == null || e.inserted > found.inserted)) {
                found = e;
            }
        }
    }

    /**
     * @param e    an entry found for {@code t}
     * @param t    the tuple
     * @param zone its zone id
     * @return true if {@code e} was found through its reply tuple
     */
    static boolean foundByReply(final Entry e, final Tuple t, final int zone) {
        return !holds(e, false, t, zone);
    }

    /**
     * The insertion clash check (it ignores expiry), as nf_conntrack_hash_check_insert does it: each tuple of the new
     * entry is looked for in the bucket of its own direction's zone id; an existing entry found there through its
     * tuple of direction d clashes if the new entry's zone id for d is the same.
     *
     * @param e an entry
     * @return true if it clashes
     */
    boolean clashes(final Entry e) {
        return clashes(e, TupleHash.of(e.original), TupleHash.of(e.reply));
    }

    /**
     * @param e            an entry
     * @param originalHash {@link TupleHash#of} its original tuple
     * @param replyHash    {@link TupleHash#of} its reply tuple
     * @return true if it clashes (see {@link #clashes(Entry)})
     */
    boolean clashes(final Entry e, final int originalHash, final int replyHash) {
        return clashes(e, e.original, originalHash, e.zoneOf(false)) || clashes(e, e.reply, replyHash, e.zoneOf(true));
    }

    private boolean clashes(final Entry e, final Tuple t, final int tupleHash, final int zone) {
        return find(t, tupleHash, zone, (other, reply) -> e.zoneOf(reply) == zone) != null;
    }

    void insert(final Entry e) {
        insert(e, TupleHash.of(e.original), TupleHash.of(e.reply));
    }

    /**
     * @param e            an entry not in the table
     * @param originalHash {@link TupleHash#of} its original tuple
     * @param replyHash    {@link TupleHash#of} its reply tuple
     * @throws IllegalStateException if the table already holds {@link #MAX_ENTRIES}
     */
    void insert(final Entry e, final int originalHash, final int replyHash) {
        if (count == MAX_ENTRIES) {
            throw new IllegalStateException("the simulated table holds at most " + MAX_ENTRIES + " entries");
        }
        e.inserted = ++insertions;
        if ((used + 2) * 2 > slots.length) {
            resize(slots.length * 2);
        }
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        final int position = count++;
        entries[position] = e;
        put(position, e, false, originalHash);
        // filed by its reply tuple too when it equals the original: a request zone may match only that direction
        put(position, e, true, replyHash);
    }

    private void put(final int position, final Entry e, final boolean reply, final int tupleHash) {
        final int h = hash(tupleHash, e.zoneOf(reply));
        final int mask = slots.length - 1;
        int i = h & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = slot(position, tag(h, reply));
        used++;
    }

    /** Files a slot again (after a resize, or a removal before it in its probe run), rehashing its entry's tuple. */
    private void refile(final int slot) {
        final Entry e = entries[position(slot)];
        final boolean reply = (slot & REPLY) != 0;
        put(position(slot), e, reply, TupleHash.of(reply ? e.reply : e.original));
    }

    private void resize(final int capacity) {
        final int[] old = slots;
        slots = new int[capacity];
        used = 0;
        for (final int s : old) {
            if (s != 0) {
                refile(s);
            }
        }
    }

    void remove(final Entry e) {
        final int i = slotOf(e, false);
        if (i < 0) {
            return;
        }
        final int position = position(slots[i]);
        delete(i);
        final int j = slotOf(e, true);
        if (j >= 0) {
            delete(j);
        }
        final int last = --count;
        if (position != last) {
            moveLast(position);
        }
        entries[last] = null;
    }

    /** Moves the last entry into a freed position, renaming it in its slots. */
    private void moveLast(final int position) {
        final Entry moved = entries[count];
        entries[position] = moved;
        rename(slotOf(moved, false), position);
        final int j = slotOf(moved, true);
        if (j >= 0) {
            rename(j, position);
        }
    }

    private void rename(final int i, final int position) {
        slots[i] = slot(position, slots[i] & TAG_MASK);
    }

    /**
     * @param e     an entry
     * @param reply the direction
     * @return the index of the slot naming {@code e} for its tuple of that direction, or -1 if there is none
     */
    private int slotOf(final Entry e, final boolean reply) {
        final int h = hash(TupleHash.of(reply ? e.reply : e.original), e.zoneOf(reply));
        final int wanted = tag(h, reply);
        final int mask = slots.length - 1;
        for (int i = h & mask; slots[i] != 0; i = (i + 1) & mask) {
            if ((slots[i] & TAG_MASK) == wanted && entries[position(slots[i])] == e) {
                return i;
            }
        }
        return -1;
    }

    /** Empties slot {@code i}, filing the later slots of its probe run again (no tombstones). */
    private void delete(final int i) {
        final int mask = slots.length - 1;
        slots[i] = 0;
        used--;
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            final int s = slots[j];
            slots[j] = 0;
            used--;
            refile(s);
        }
    }

    boolean contains(final Entry e) {
        return slotOf(e, false) >= 0;
    }

    /** @return the number of entries, expired ones included */
    int size() {
        return count;
    }

    /** @return a copy of the entries, in hash order (as the kernel dumps them: effectively random) */
    List<Entry> snapshot() {
        final List<Entry> out = new ArrayList<>(count);
        for (final int s : slots) {
            if (s != 0 && (s & REPLY) == 0) {
                out.add(entries[position(s)]);
            }
        }
        return out;
    }
}
