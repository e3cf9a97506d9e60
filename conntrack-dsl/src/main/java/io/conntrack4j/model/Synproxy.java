package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * SYN proxy state ({@code CTA_SYNPROXY}). Flows created through ctnetlink always carry it, all zero.
 *
 * @param isn   the initial sequence number
 * @param its   the initial timestamp
 * @param tsoff the timestamp offset
 */
public record Synproxy(long isn, long its, long tsoff) {
    /** All zero, as on flows created through ctnetlink. */
    public static final Synproxy ZERO = new Synproxy(0, 0, 0);

    /** Checks the u32 ranges. */
    public Synproxy {
        Check.u32("synproxy isn", isn);
        Check.u32("synproxy its", its);
        Check.u32("synproxy tsoff", tsoff);
    }
}
