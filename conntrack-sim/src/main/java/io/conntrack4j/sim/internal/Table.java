package io.conntrack4j.sim.internal;

import io.conntrack4j.model.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The conntrack hash of one namespace: every entry is reachable through its tuple of each direction, in that
 * direction's zone. An open-addressing table of entry references (linear probing, load at most one half): a
 * slot costs 5 bytes and no key or node objects exist, which keeps the simulator near the kernel's own footprint.
 * It knows nothing of expiry; {@link KernelNamespace} decides when an expired entry is collected. Not thread-safe.
 */
final class Table {
    private static final int MIN_CAPACITY = 64;

    private Entry[] slots = new Entry[MIN_CAPACITY];
    /** 0: the slot holds the entry's original tuple; 1: its reply tuple. */
    private byte[] directions = new byte[MIN_CAPACITY];
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

    private static int hash(final Tuple t, final int zone) {
        int h = t.hashCode() * 0x9E3779B1 + zone;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
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
        return find(t, zone, (e, reply) -> true);
    }

    /**
     * Walks the bucket as the kernel walks a hash chain: several entries may hold the same tuple and zone id (in
     * different directions), and the caller's rule picks.
     *
     * @param t      a tuple without zone attribute
     * @param zone   the zone id of the bucket
     * @param accept which of the entries holding {@code t} counts
     * @return the first accepted entry, or null
     */
    Entry find(final Tuple t, final int zone, final Match accept) {
        final int mask = slots.length - 1;
        Entry found = null;
        for (int i = hash(t, zone) & mask; slots[i] != null; i = (i + 1) & mask) {
            final Entry e = slots[i];
            final boolean reply = directions[i] == 1;
            // the kernel adds entries at the head of a hash chain: the newest one is met first
            if (holds(e, reply, t, zone) && accept.test(e, reply) && (found == null || e.inserted > found.inserted)) {
                found = e;
            }
        }
        return found;
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
        return clashes(e, e.original, e.zoneOf(false)) || clashes(e, e.reply, e.zoneOf(true));
    }

    private boolean clashes(final Entry e, final Tuple t, final int zone) {
        return find(t, zone, (other, reply) -> e.zoneOf(reply) == zone) != null;
    }

    void insert(final Entry e) {
        e.inserted = ++insertions;
        if ((used + 2) * 2 > slots.length) {
            resize(slots.length * 2);
        }
        put(e, (byte) 0);
        if (!(e.zoneOf(true) == e.zoneOf(false) && e.reply.equals(e.original))) {
            put(e, (byte) 1);
        }
        count++;
    }

    private void put(final Entry e, final byte direction) {
        final Tuple t = direction == 1 ? e.reply : e.original;
        final int mask = slots.length - 1;
        int i = hash(t, e.zoneOf(direction == 1)) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
        directions[i] = direction;
        used++;
    }

    private void resize(final int capacity) {
        final Entry[] old = slots;
        final byte[] oldDirections = directions;
        slots = new Entry[capacity];
        directions = new byte[capacity];
        used = 0;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != null) {
                put(old[i], oldDirections[i]);
            }
        }
    }

    void remove(final Entry e) {
        if (!contains(e)) {
            return;
        }
        delete(e, e.original, e.zoneOf(false));
        delete(e, e.reply, e.zoneOf(true));
        count--;
    }

    /** Removes the slot of {@code e} for {@code t}, shifting later slots of the probe run back (no tombstones). */
    private void delete(final Entry e, final Tuple t, final int zone) {
        final int mask = slots.length - 1;
        int i = hash(t, zone) & mask;
        while (slots[i] != null && !(slots[i] == e && holds(e, directions[i] == 1, t, zone))) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            return;
        }
        slots[i] = null;
        used--;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            final Entry moved = slots[j];
            final byte direction = directions[j];
            slots[j] = null;
            used--;
            put(moved, direction);
        }
    }

    boolean contains(final Entry e) {
        return find(e.original, e.zoneOf(false), (other, reply) -> other == e) != null;
    }

    /** @return the number of entries, expired ones included */
    int size() {
        return count;
    }

    /** @return a copy of the entries, in hash order (as the kernel dumps them: effectively random) */
    List<Entry> snapshot() {
        final List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && directions[i] == 0) {
                out.add(slots[i]);
            }
        }
        return out;
    }
}
