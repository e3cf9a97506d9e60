package io.conntrack4j.sim.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conntrack hash of one namespace: every entry is reachable through the keys of both directions. It knows
 * nothing of expiry; {@link KernelNamespace} decides when an expired entry is collected. Not thread-safe.
 */
final class Table {
    private final Map<TableKey, Entry> byKey = new HashMap<>();
    private int count;
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
     * @param key a lookup key
     * @return the entry with that key in either direction, expired or not, or null
     */
    Entry find(final TableKey key) {
        return byKey.get(key);
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
        return clashes(e, e.originalKey()) || clashes(e, e.replyKey());
    }

    private boolean clashes(final Entry e, final TableKey key) {
        final Entry other = byKey.get(key);
        return other != null && e.zoneOf(!other.originalKey().equals(key)) == key.zone();
    }

    void insert(final Entry e) {
        byKey.put(e.originalKey(), e);
        byKey.put(e.replyKey(), e);
        count++;
    }

    void remove(final Entry e) {
        if (byKey.remove(e.originalKey(), e)) {
            byKey.remove(e.replyKey(), e);
            count--;
        }
    }

    boolean contains(final Entry e) {
        return byKey.get(e.originalKey()) == e;
    }

    /** @return the number of entries, expired ones included */
    int size() {
        return count;
    }

    /** @return a copy of the entries, in hash order (as the kernel dumps them: effectively random) */
    List<Entry> snapshot() {
        final List<Entry> out = new ArrayList<>(count);
        for (final Map.Entry<TableKey, Entry> me : byKey.entrySet()) {
            if (me.getValue().originalKey() == me.getKey()) {
                out.add(me.getValue());
            }
        }
        return out;
    }
}
