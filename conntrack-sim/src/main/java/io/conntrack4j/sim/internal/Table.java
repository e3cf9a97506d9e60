package io.conntrack4j.sim.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conntrack hash of one namespace: every entry is reachable through the keys of both directions. It knows
 * nothing of expiry; {@link KernelNamespace} decides when an expired entry is collected. Not thread-safe.
 */
final class Table {
    private final Map<TableKey, Entry> byKey = new HashMap<>();
    private final Set<Entry> entries = new LinkedHashSet<>();

    /**
     * @param key a lookup key
     * @return the entry with that key in either direction, expired or not, or null
     */
    Entry find(final TableKey key) {
        return byKey.get(key);
    }

    /**
     * @param e an entry
     * @return true if one of its keys is taken (the insertion clash check, which ignores expiry)
     */
    boolean clashes(final Entry e) {
        return byKey.containsKey(e.originalKey()) || byKey.containsKey(e.replyKey());
    }

    void insert(final Entry e) {
        byKey.put(e.originalKey(), e);
        byKey.put(e.replyKey(), e);
        entries.add(e);
    }

    void remove(final Entry e) {
        if (entries.remove(e)) {
            byKey.remove(e.originalKey(), e);
            byKey.remove(e.replyKey(), e);
        }
    }

    boolean contains(final Entry e) {
        return entries.contains(e);
    }

    /** @return the number of entries, expired ones included */
    int size() {
        return entries.size();
    }

    /** @return a copy of the entries, in insertion order (the simulator's "hash order") */
    List<Entry> snapshot() {
        return new ArrayList<>(entries);
    }

    /** @return the entries, in insertion order; do not modify the table while iterating */
    Iterable<Entry> entries() {
        return entries;
    }
}
