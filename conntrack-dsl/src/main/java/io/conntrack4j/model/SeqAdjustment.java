package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * A TCP sequence-number adjustment of one direction ({@code CTA_SEQ_ADJ_*}), used by NAT helpers.
 *
 * @param correctionPosition where the correction starts
 * @param offsetBefore       the offset before that position
 * @param offsetAfter        the offset after it
 */
public record SeqAdjustment(long correctionPosition, long offsetBefore, long offsetAfter) {
    /** Checks the u32 ranges. */
    public SeqAdjustment {
        Check.u32("correction position", correctionPosition);
        Check.u32("offset before", offsetBefore);
        Check.u32("offset after", offsetAfter);
    }
}
