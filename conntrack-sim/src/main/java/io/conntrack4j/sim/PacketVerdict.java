package io.conntrack4j.sim;

/** What conntrack did with an injected packet. */
public enum PacketVerdict {
    /** The packet created a new entry (confirmed, NEW event). */
    NEW,
    /** The packet belonged to an entry and was accepted by its tracker (timeout refreshed). */
    ACCEPTED,
    /** The packet belonged to an entry but the tracker ignored it: state and timeout unchanged. */
    IGNORED,
    /** The packet was invalid: no entry created or changed, the {@code invalid} counter grew. */
    INVALID,
    /** No entry could be allocated (table full, nothing to early-drop): the packet was dropped, {@code drop} grew. */
    DROPPED,
    /** The packet is never tracked (ICMPv6 neighbour discovery, MLD, router messages). */
    UNTRACKED,
    /** An ICMP error about an existing entry: marked RELATED, the entry is left unchanged. */
    RELATED
}
