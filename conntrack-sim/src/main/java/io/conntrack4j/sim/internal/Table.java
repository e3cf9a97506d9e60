package io.conntrack4j.sim.internal;

import io.conntrack4j.model.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The conntrack hash of one namespace: every entry is reachable through its tuple of each direction, in that
 * direction's zone. An open-addressing table of entry references (linear probing, load at most one half): a
 * slot costs 5 bytes and no key or node objects exist, which keeps the simulator near the kernel's own footprint.
 * Each slot's byte tag holds its direction and six bits of its key's hash, so that a probe passes over other keys
 * without touching their entries (a miss looks at the tags only). It knows nothing of expiry;
 * {@link KernelNamespace} decides when an expired entry is collected. Not thread-safe.
 */
final class Table {
    private static final int MIN_CAPACITY = 64;
    /** Tag bit of every occupied slot (an empty slot's tag is 0). */
    private static final int OCCUPIED = 1;
    /** Tag bit of a slot that holds its entry's reply tuple. */
    private static final int REPLY = 2;

    private Entry[] slots = new Entry[MIN_CAPACITY];
    /** Per slot: 0 if empty, else {@link #OCCUPIED}, {@link #REPLY} if so, and the key hash's top 6 bits. */
    private byte[] tags = new byte[MIN_CAPACITY];
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
     * @return the key's hash: its low bits choose the slot, its top 6 bits go into the tag
     */
    private static int hash(final int tupleHash, final int zone) {
        int h = tupleHash * 0x9E3779B1 + zone;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    private static int tag(final int hash, final boolean reply) {
        return (hash >>> 26) << 2 | (reply ? REPLY : 0) | OCCUPIED;
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
            final int tag = tags[i] & 0xFF;
            if (tag == 0) {
                return found;
            }
            if ((tag & ~REPLY) != wanted) {
                continue;
            }
            final Entry e = slots[i];
            final boolean reply = (tag & REPLY) != 0;
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
     * @param e             an entry
     * @param originalHash  {@link TupleHash#of} its original tuple
     * @param replyHash     {@link TupleHash#of} its reply tuple
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
     */
    void insert(final Entry e, final int originalHash, final int replyHash) {
        e.inserted = ++insertions;
        if ((used + 2) * 2 > slots.length) {
            resize(slots.length * 2);
        }
        put(e, false, originalHash);
        if (!(originalHash == replyHash && e.zoneOf(true) == e.zoneOf(false) && e.reply.equals(e.original))) {
            put(e, true, replyHash);
        }
        count++;
    }

    private void put(final Entry e, final boolean reply, final int tupleHash) {
        final int h = hash(tupleHash, e.zoneOf(reply));
        final int mask = slots.length - 1;
        int i = h & mask;
        while (tags[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
        tags[i] = (byte) tag(h, reply);
        used++;
    }

    /** Files a slot's entry again (after a resize or a removal before it), rehashing its tuple. */
    private void refile(final Entry e, final boolean reply) {
        put(e, reply, TupleHash.of(reply ? e.reply : e.original));
    }

    private void resize(final int capacity) {
        final Entry[] old = slots;
        final byte[] oldTags = tags;
        slots = new Entry[capacity];
        tags = new byte[capacity];
        used = 0;
        for (int i = 0; i < old.length; i++) {
            if (oldTags[i] != 0) {
                refile(old[i], (oldTags[i] & REPLY) != 0);
            }
        }
    }

    void remove(final Entry e) {
        if (!contains(e)) {
            return;
        }
        delete(e, false);
        delete(e, true);
        count--;
    }

    /**
     * Removes the slot of {@code e} for its tuple of one direction, if it has one, shifting later slots of the probe
     * run back (no tombstones).
     */
    private void delete(final Entry e, final boolean reply) {
        final int h = hash(TupleHash.of(reply ? e.reply : e.original), e.zoneOf(reply));
        final int wanted = tag(h, reply);
        final int mask = slots.length - 1;
        int i = h & mask;
        while (tags[i] != 0 && !((tags[i] & 0xFF) == wanted && slots[i] == e)) {
            i = (i + 1) & mask;
        }
        if (tags[i] == 0) {
            return;
        }
        slots[i] = null;
        tags[i] = 0;
        used--;
        for (int j = (i + 1) & mask; tags[j] != 0; j = (j + 1) & mask) {
            final Entry moved = slots[j];
            final boolean movedReply = (tags[j] & REPLY) != 0;
            slots[j] = null;
            tags[j] = 0;
            used--;
            refile(moved, movedReply);
        }
    }

    boolean contains(final Entry e) {
        return find(e.original, TupleHash.of(e.original), e.zoneOf(false), (other, reply) -> other == e) != null;
    }

    /** @return the number of entries, expired ones included */
    int size() {
        return count;
    }

    /** @return a copy of the entries, in hash order (as the kernel dumps them: effectively random) */
    List<Entry> snapshot() {
        final List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < slots.length; i++) {
            if (tags[i] != 0 && (tags[i] & REPLY) == 0) {
                out.add(slots[i]);
            }
        }
        return out;
    }
}
