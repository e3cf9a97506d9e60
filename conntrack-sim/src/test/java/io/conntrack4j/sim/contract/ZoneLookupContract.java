package io.conntrack4j.sim.contract;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a request finds an entry by a tuple and a zone, in cases {@code SimulatorVsKernelIT} found the simulator wrong;
 * run on the simulator and on the real kernel alike. A lookup walks past expired entries (the kernel's
 * ____nf_conntrack_find collects one and goes on): an entry whose timeout has run out hides neither a live entry
 * behind it in the same hash bucket nor, for a request with a directional zone, one in the bucket of the reply
 * direction's zone. And an entry is reachable through each of its tuples even when its reply tuple equals its original
 * one.
 */
public abstract class ZoneLookupContract extends ContractBase {
    private static final int EEXIST = 17;
    private static final long FIXED_TIMEOUT = 0x400;

    /** B = tcp 10.0.0.1:1000 -> 10.0.0.2:80. */
    private static final Tuple B = Tuple.tcp("10.0.0.1", "10.0.0.2", 1000, 80);
    /** B's inverse, the original tuple of the entries that meet B. */
    private static final Tuple B_INVERSE = B.inverse();

    private void mustCreate(final Tuple orig, final Tuple reply, final long timeout, final long status,
                            final int ctaZone) {
        final CtClient.Reply r = ct.create(orig, reply, timeout, status, w -> {
            if (ctaZone != 0) {
                w.u16(CTA_ZONE, ctaZone);
            }
        });
        assertThat(r.errno()).as("create %s -> %s: %s", orig, reply, r).isZero();
    }

    /** The steps before the one that differed: B in zone 5, then its inverse in zone 0, expired at once. */
    private void createBInZone5AndItsInverseExpired() {
        mustCreate(B, B_INVERSE, 100, CONFIRMED, 5);
        mustCreate(B_INVERSE, B, 0, CONFIRMED | FIXED_TIMEOUT, 0);
    }

    private static Tuple withoutZone(final Tuple t) {
        return new Tuple(t.source(), t.destination(), t.protocol(), t.layer4(), Option.none());
    }

    private void assertOnlyBInZone5(final long mark) {
        final List<Flow> left = ct.dumpAll();
        assertThat(left).as("the table").hasSize(1);
        assertThat(left.get(0).original()).isEqualTo(B);
        assertThat(left.get(0).zone()).isEqualTo(5);
        assertThat(left.get(0).mark()).contains(mark);
    }

    @Test
    @DisplayName("B in zone 5, its inverse expired in zone 0; create the inverse with reply B in reply zone 5 -> EEXIST")
    void createExclusiveFindsTheEntryInTheReplyZoneBehindAnExpiredOne() {
        createBInZone5AndItsInverseExpired();
        final CtClient.Reply r = ct.create(B_INVERSE, B.withZone(5), 100, CONFIRMED);
        assertThat(r.errno()).as("%s", r).isEqualTo(EEXIST);
        assertOnlyBInZone5(0);
    }

    @Test
    @DisplayName("the same create without NLM_F_EXCL updates B")
    void createOrUpdateUpdatesTheEntryInTheReplyZoneBehindAnExpiredOne() {
        createBInZone5AndItsInverseExpired();
        final CtClient.Reply r = ct.request(CT_NEW, NLM_F_CREATE, CtClient.INET, 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, B_INVERSE);
            w.tuple(CTA_TUPLE_REPLY, B.withZone(5));
            w.u32(CTA_TIMEOUT, 100);
            w.u32(CTA_STATUS, CONFIRMED);
            w.u32(CTA_MARK, 7);
        });
        assertThat(r.errno()).as("%s", r).isZero();
        assertOnlyBInZone5(7);
    }

    @Test
    @DisplayName("Y holds t as its reply tuple, a newer X holds t as its original and expired: GET t finds Y")
    void getFindsALiveEntryBehindAnExpiredOneInTheSameBucket() {
        final Tuple t = B_INVERSE;
        // Y: original B in original-direction zone 5, reply t in zone 0
        final CtClient.Reply y = ct.create(B.withZone(5), t, 100, CONFIRMED);
        assertThat(y.errno()).as("create Y: %s", y).isZero();
        // X: original t in zone 0, reply B in reply-direction zone 5 (no clash with Y), expired at once
        final CtClient.Reply x = ct.create(t, B.withZone(5), 0, CONFIRMED);
        assertThat(x.errno()).as("create X: %s", x).isZero();
        final CtClient.Reply got = ct.get(t);
        assertThat(got.errno()).as("GET %s: %s", t, got).isZero();
        assertThat(withoutZone(got.flow().original())).as("the entry found").isEqualTo(B);
    }

    @Test
    @DisplayName("an entry whose reply tuple is its original: GET with that tuple in original-direction zone 5 finds it by its reply tuple")
    void anEntryWhoseReplyIsItsOriginalIsFoundByItsReplyTuple() {
        mustCreate(A, A, 100, CONFIRMED, 0);
        // zone 5 for the original direction only: the entry's original tuple (zone 0) does not match, its reply does
        final CtClient.Reply got = ct.get(A.withZone(5));
        assertThat(got.errno()).as("GET %s zone-orig=5: %s", A, got).isZero();
        assertThat(got.flow().original()).isEqualTo(A);
        assertThat(got.flow().reply()).contains(A);
    }
}
