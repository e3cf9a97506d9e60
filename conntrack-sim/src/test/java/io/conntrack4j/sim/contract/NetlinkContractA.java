package io.conntrack4j.sim.contract;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.netlink.codec.NetlinkWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Contract statements 1-28 (kernel-semantics §10), run on the simulator and on the real kernel alike. */
public abstract class NetlinkContractA extends ContractBase {
    // errno values (Linux)
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EBUSY = 16;
    private static final int EEXIST = 17;
    private static final int EINVAL = 22;
    private static final int ERANGE = 34;
    private static final int EOPNOTSUPP = 95;
    // status bits
    private static final long EXPECTED = 0x1;
    private static final long SEEN_REPLY = 0x2;
    private static final long ASSURED = 0x4;
    private static final long DYING = 0x200;
    private static final long FIXED_TIMEOUT = 0x400;

    private static final int INET = CtClient.INET;
    private static final int INET6 = CtClient.INET6;

    /** A tuple that shares nothing with A. */
    private static final Tuple X = Tuple.udp("10.0.0.3", "10.0.0.4", 3, 4);
    /** A TCP tuple for the protoinfo statements. */
    private static final Tuple T = Tuple.tcp("10.0.0.1", "10.0.0.2", 1, 2);
    /** IPv6 UDP tuple. */
    private static final Tuple V6 = Tuple.udp("fd00::1", "fd00::2", 1, 2);
    /** IPv6 TCP tuple. */
    private static final Tuple V6T = Tuple.tcp("fd00::3", "fd00::4", 3, 4);

    // ------------------------------------------------------------------ helpers

    private static Consumer<NetlinkWriter> none() {
        return w -> { };
    }

    private static Consumer<NetlinkWriter> zone(final int zone) {
        return w -> w.u16(CTA_ZONE, zone);
    }

    private static Consumer<NetlinkWriter> mark(final long mark) {
        return w -> w.u32(CTA_MARK, mark);
    }

    private static Consumer<NetlinkWriter> tcpState(final int state) {
        return w -> {
            final int p = w.beginNest(CTA_PROTOINFO);
            final int t = w.beginNest(CTA_PROTOINFO_TCP);
            w.u8(CTA_PROTOINFO_TCP_STATE, state);
            w.endNest(t);
            w.endNest(p);
        };
    }

    private static int status(final Flow f) {
        return f.status().get().value();
    }

    /** Creates (orig, orig.inverse()) with timeout 100 and {@code status}, asserts 0, and drains the NEW event. */
    private void mustCreate(final Tuple orig, final long status, final Consumer<NetlinkWriter> more) {
        final CtClient.Reply r = ct.create(orig, orig.inverse(), 100, status, more);
        assertThat(r.errno()).as("create %s: %s", orig, r).isZero();
        events.drain();
    }

    private void mustCreate(final Tuple orig) {
        mustCreate(orig, CONFIRMED, none());
    }

    private Flow mustGet(final Tuple t, final Consumer<NetlinkWriter> more) {
        final CtClient.Reply r = ct.get(t, more);
        assertThat(r.errno()).as("GET %s: %s", t, r).isZero();
        return r.flow();
    }

    private Flow mustGet(final Tuple t) {
        return mustGet(t, none());
    }

    /** @return "orig zone=z" keys of the entries, for comparing dumps as sets */
    private static Set<String> keys(final List<Flow> flows) {
        final Set<String> s = new TreeSet<>();
        flows.forEach(f -> s.add(key(f.original(), f.zone())));
        assertThat(s).as("duplicates in %s", flows).hasSize(flows.size());
        return s;
    }

    private static String key(final Tuple t, final int zone) {
        return t + " zone=" + zone;
    }

    private static Set<String> keysOf(final Tuple... tuples) {
        final Set<String> s = new TreeSet<>();
        for (final Tuple t : tuples) {
            s.add(key(t, 0));
        }
        return s;
    }

    private List<EventTap.Received> destroys(final List<EventTap.Received> got) {
        final List<EventTap.Received> d = new ArrayList<>();
        got.forEach(e -> {
            if (e.event().type() == EventType.DESTROY) {
                d.add(e);
            }
        });
        return d;
    }

    // ------------------------------------------------------------------ statements

    @Test
    @DisplayName("1. create A: 0, exactly one NEW event (flags 0x600, TIMEOUT 100, STATUS 8, MARK 0); GET shows 8, 0, 99-100")
    void s01_createEmitsOneNewEvent() {
        assertThat(ct.create(A, A_REPLY, 100, CONFIRMED).errno()).isZero();
        final List<EventTap.Received> got = events.drain();
        assertThat(got).hasSize(1);
        final EventTap.Received e = got.get(0);
        assertThat(e.event().type()).isEqualTo(EventType.NEW);
        assertThat(e.flags()).isEqualTo(0x600);
        assertThat(e.event().flow().timeout()).contains(100L);
        assertThat(e.event().flow().status().get().value()).isEqualTo(8);
        assertThat(e.event().flow().mark()).contains(0L);
        final Flow f = ct.get(A).flow();
        assertThat(f.status().get().value()).isEqualTo(8);
        assertThat(f.mark()).contains(0L);
        assertThat(f.timeout().get()).isBetween(99L, 100L);
    }

    @Test
    @DisplayName("2. A exists: create A again (CREATE|EXCL) returns EEXIST and emits no event")
    void s02_duplicateCreateIsEexist() {
        mustCreate(A);
        assertThat(ct.create(A, A_REPLY, 100, CONFIRMED).errno()).isEqualTo(EEXIST);
        assertThat(events.drain()).isEmpty();
        assertThat(keys(ct.dumpAll())).isEqualTo(keysOf(A));
    }

    @Test
    @DisplayName("3. A exists: a create whose orig or reply tuple equals either of A's tuples returns EEXIST")
    void s03_tupleClashEitherDirectionIsEexist() {
        mustCreate(A);
        final Tuple y = Tuple.udp("10.0.0.5", "10.0.0.6", 5, 6);
        // orig = A's orig, orig = A's reply, reply = A's orig, reply = A's reply
        assertThat(ct.create(A, X, 100, CONFIRMED).errno()).as("orig = A").isEqualTo(EEXIST);
        assertThat(ct.create(A_REPLY, X, 100, CONFIRMED).errno()).as("orig = A reply").isEqualTo(EEXIST);
        assertThat(ct.create(X, A, 100, CONFIRMED).errno()).as("reply = A").isEqualTo(EEXIST);
        assertThat(ct.create(y, A_REPLY, 100, CONFIRMED).errno()).as("reply = A reply").isEqualTo(EEXIST);
        assertThat(events.drain()).isEmpty();
        assertThat(keys(ct.dumpAll())).isEqualTo(keysOf(A));
    }

    @Test
    @DisplayName("4. empty: NEW without CREATE -> ENOENT; CREATE with one tuple -> EINVAL; without TIMEOUT -> EINVAL; protocol mismatch -> EINVAL")
    void s04_createPreconditions() {
        // NEW without NLM_F_CREATE (also with EXCL only, §6.2)
        final Consumer<NetlinkWriter> full = w -> {
            w.tuple(CTA_TUPLE_ORIG, A);
            w.tuple(CTA_TUPLE_REPLY, A_REPLY);
            w.u32(CTA_TIMEOUT, 100);
            w.u32(CTA_STATUS, CONFIRMED);
        };
        assertThat(ct.request(CT_NEW, 0, INET, 0, full).errno()).as("no CREATE").isEqualTo(ENOENT);
        assertThat(ct.request(CT_NEW, NLM_F_EXCL, INET, 0, full).errno()).as("EXCL, no CREATE").isEqualTo(ENOENT);
        // only one tuple
        assertThat(ct.request(CT_NEW, CtClient.CREATE_EXCL, INET, 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, A);
            w.u32(CTA_TIMEOUT, 100);
            w.u32(CTA_STATUS, CONFIRMED);
        }).errno()).as("orig only").isEqualTo(EINVAL);
        assertThat(ct.request(CT_NEW, CtClient.CREATE_EXCL, INET, 0, w -> {
            w.tuple(CTA_TUPLE_REPLY, A_REPLY);
            w.u32(CTA_TIMEOUT, 100);
            w.u32(CTA_STATUS, CONFIRMED);
        }).errno()).as("reply only").isEqualTo(EINVAL);
        // no CTA_TIMEOUT
        assertThat(ct.request(CT_NEW, CtClient.CREATE_EXCL, INET, 0, w -> {
            w.tuple(CTA_TUPLE_ORIG, A);
            w.tuple(CTA_TUPLE_REPLY, A_REPLY);
            w.u32(CTA_STATUS, CONFIRMED);
        }).errno()).as("no timeout").isEqualTo(EINVAL);
        // protocol numbers differ (UDP orig, TCP reply)
        assertThat(ct.create(A, Tuple.tcp("10.0.0.2", "10.0.0.1", 2, 1), 100, CONFIRMED).errno())
            .as("protocol mismatch").isEqualTo(EINVAL);
        assertThat(events.drain()).isEmpty();
        assertThat(ct.dumpAll()).isEmpty();
    }

    @Test
    @DisplayName("5. create with CTA_STATUS lacking CONFIRMED (0, 4) -> EBUSY, nothing created")
    void s05_statusWithoutConfirmedIsEbusy() {
        assertThat(ct.create(A, A_REPLY, 100, 0).errno()).as("status 0").isEqualTo(EBUSY);
        assertThat(ct.create(A, A_REPLY, 100, 4).errno()).as("status 4").isEqualTo(EBUSY);
        assertThat(events.drain()).isEmpty();
        assertThat(ct.dumpAll()).isEmpty();
        assertThat(ct.get(A).errno()).isEqualTo(ENOENT);
    }

    @Test
    @DisplayName("6. create with EXPECTED or DYING -> EBUSY; NAT, NAT_DONE, SEQ_ADJUST, TEMPLATE, UNTRACKED, OFFLOAD, bits >= 16 succeed and are not stored")
    void s06_statusBitsAtCreate() {
        assertThat(ct.create(A, A_REPLY, 100, CONFIRMED | EXPECTED).errno()).as("EXPECTED").isEqualTo(EBUSY);
        assertThat(ct.create(A, A_REPLY, 100, CONFIRMED | DYING).errno()).as("DYING").isEqualTo(EBUSY);
        assertThat(events.drain()).isEmpty();
        assertThat(ct.dumpAll()).isEmpty();
        // SRC_NAT, DST_NAT, SEQ_ADJUST, SRC_NAT_DONE, DST_NAT_DONE, TEMPLATE, UNTRACKED, OFFLOAD, HW_OFFLOAD, >=16
        final long[] ignored = {0x10, 0x20, 0x40, 0x80, 0x100, 0x800, 0x1000, 0x4000, 0x8000, 0x10000, 0x80000000L,
            0x10 | 0x20 | 0x40 | 0x80 | 0x100 | 0x800 | 0x1000 | 0x4000 | 0x8000 | 0xffff0000L};
        for (int i = 0; i < ignored.length; i++) {
            final Tuple t = Tuple.udp("10.0.0.1", "10.0.0.2", 100 + i, 2);
            final CtClient.Reply r = ct.create(t, t.inverse(), 100, CONFIRMED | ignored[i]);
            assertThat(r.errno()).as("status 0x%x: %s", CONFIRMED | ignored[i], r).isZero();
            final Flow f = mustGet(t);
            assertThat(status(f)).as("stored status for 0x%x", CONFIRMED | ignored[i]).isEqualTo(8);
            // OFFLOAD not stored: TIMEOUT still reported
            assertThat(f.timeout().get()).isBetween(99L, 100L);
        }
    }

    @Test
    @DisplayName("7. A exists: NEW (no flags) with MARK=7 -> 0, GET shows 7, exactly one UPDATE event (type NEW, flags 0)")
    void s07_updateMark() {
        mustCreate(A);
        assertThat(ct.update(A, mark(7)).errno()).isZero();
        final List<EventTap.Received> got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).type()).isEqualTo(CT_NEW);
        assertThat(got.get(0).flags()).isZero();
        assertThat(got.get(0).event().type()).isEqualTo(EventType.UPDATE);
        assertThat(got.get(0).event().flow().mark()).contains(7L);
        assertThat(mustGet(A).mark()).contains(7L);
    }

    @Test
    @DisplayName("8. A exists: NEW with only the tuple -> 0 and still one UPDATE event")
    void s08_emptyUpdateStillEmits() {
        mustCreate(A);
        assertThat(ct.update(A, none()).errno()).isZero();
        final List<EventTap.Received> got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).type()).isEqualTo(CT_NEW);
        assertThat(got.get(0).flags()).isZero();
        assertThat(got.get(0).event().type()).isEqualTo(EventType.UPDATE);
        assertThat(got.get(0).event().flow().original()).isEqualTo(A);
    }

    @Test
    @DisplayName("9. A exists: NEW with NLM_F_EXCL (with or without CREATE) -> EEXIST, nothing changes")
    void s09_exclOnExistingIsEexist() {
        mustCreate(A);
        final Consumer<NetlinkWriter> change = w -> {
            w.tuple(CTA_TUPLE_ORIG, A);
            w.u32(CTA_MARK, 5);
            w.u32(CTA_TIMEOUT, 500);
        };
        assertThat(ct.request(CT_NEW, NLM_F_EXCL, INET, 0, change).errno()).as("EXCL").isEqualTo(EEXIST);
        assertThat(ct.request(CT_NEW, CtClient.CREATE_EXCL, INET, 0, change).errno()).as("CREATE|EXCL")
            .isEqualTo(EEXIST);
        assertThat(events.drain()).isEmpty();
        final Flow f = mustGet(A);
        assertThat(f.mark()).contains(0L);
        assertThat(f.timeout().get()).isBetween(99L, 100L);
        assertThat(status(f)).isEqualTo(8);
    }

    @Test
    @DisplayName("10. A ASSURED: update with STATUS lacking ASSURED -> EBUSY; same for SEEN_REPLY")
    void s10_clearingAssuredOrSeenReplyIsEbusy() {
        mustCreate(A, CONFIRMED | ASSURED, none());
        assertThat(status(mustGet(A))).isEqualTo(12);
        assertThat(ct.update(A, w -> w.u32(CTA_STATUS, CONFIRMED)).errno()).as("8 on 12").isEqualTo(EBUSY);
        assertThat(ct.update(A, w -> w.u32(CTA_STATUS, CONFIRMED | SEEN_REPLY)).errno()).as("10 on 12")
            .isEqualTo(EBUSY);
        assertThat(status(mustGet(A))).isEqualTo(12);
        mustCreate(X, CONFIRMED | SEEN_REPLY, none());
        assertThat(status(mustGet(X))).isEqualTo(10);
        assertThat(ct.update(X, w -> w.u32(CTA_STATUS, CONFIRMED)).errno()).as("8 on 10").isEqualTo(EBUSY);
        assertThat(ct.update(X, w -> w.u32(CTA_STATUS, CONFIRMED | ASSURED)).errno()).as("12 on 10")
            .isEqualTo(EBUSY);
        assertThat(status(mustGet(X))).isEqualTo(10);
        assertThat(events.drain()).isEmpty();
    }

    @Test
    @DisplayName("11. STATUS=14 -> GET 14; then 14|FIXED_TIMEOUT -> 1038; no update clears FIXED_TIMEOUT again")
    void s11_statusIsSetOnly() {
        mustCreate(A);
        assertThat(ct.update(A, w -> w.u32(CTA_STATUS, 14)).errno()).isZero();
        assertThat(status(mustGet(A))).isEqualTo(14);
        assertThat(ct.update(A, w -> w.u32(CTA_STATUS, 14 | FIXED_TIMEOUT)).errno()).isZero();
        assertThat(status(mustGet(A))).isEqualTo(1038);
        // an update without FIXED_TIMEOUT is accepted but cannot clear it
        assertThat(ct.update(A, w -> w.u32(CTA_STATUS, 14)).errno()).isZero();
        assertThat(status(mustGet(A))).isEqualTo(1038);
        assertThat(ct.update(A, w -> w.u32(CTA_TIMEOUT, 50)).errno()).as("timeout still fixed").isEqualTo(EPERM);
    }

    @Test
    @DisplayName("12. A with FIXED_TIMEOUT: update with CTA_TIMEOUT -> EPERM, timeout unchanged")
    void s12_fixedTimeoutRejectsTimeout() {
        mustCreate(A, CONFIRMED | FIXED_TIMEOUT, none());
        assertThat(status(mustGet(A))).isEqualTo(1032);
        assertThat(ct.update(A, w -> w.u32(CTA_TIMEOUT, 500)).errno()).isEqualTo(EPERM);
        assertThat(events.drain()).isEmpty();
        assertThat(mustGet(A).timeout().get()).isBetween(99L, 100L);
    }

    @Test
    @DisplayName("13. update with valid TIMEOUT and invalid STATUS -> EBUSY; timeout applied, mark not, no event")
    void s13_partialUpdateKeepsEarlierChanges() {
        mustCreate(A);
        assertThat(ct.update(A, w -> {
            w.u32(CTA_TIMEOUT, 500);
            w.u32(CTA_STATUS, 0);
            w.u32(CTA_MARK, 5);
        }).errno()).isEqualTo(EBUSY);
        assertThat(events.drain()).isEmpty();
        final Flow f = mustGet(A);
        assertThat(f.timeout().get()).isBetween(499L, 500L);
        assertThat(f.mark()).contains(0L);
        assertThat(status(f)).isEqualTo(8);
    }

    @Test
    @DisplayName("14. update with CTA_NAT_SRC, CTA_NAT_DST or CTA_TUPLE_MASTER -> EOPNOTSUPP")
    void s14_natAndMasterUpdatesUnsupported() {
        mustCreate(A);
        for (final int nat : new int[] {CTA_NAT_SRC, CTA_NAT_DST}) {
            assertThat(ct.update(A, w -> {
                final int n = w.beginNest(nat);
                w.address(CTA_NAT_V4_MINIP, IpAddress.parse("10.0.0.9"));
                w.address(CTA_NAT_V4_MAXIP, IpAddress.parse("10.0.0.9"));
                w.endNest(n);
            }).errno()).as("NAT attr %d", nat).isEqualTo(EOPNOTSUPP);
        }
        assertThat(ct.update(A, w -> w.tuple(CTA_TUPLE_MASTER, X)).errno()).as("master").isEqualTo(EOPNOTSUPP);
        assertThat(events.drain()).isEmpty();
        assertThat(status(mustGet(A))).isEqualTo(8);
    }

    @Test
    @DisplayName("15. A with mark 9: update MARK=0xf0, MARK_MASK=0xf0 -> mark 0xf9")
    void s15_markMaskXor() {
        mustCreate(A, CONFIRMED, mark(9));
        assertThat(mustGet(A).mark()).contains(9L);
        assertThat(ct.update(A, w -> {
            w.u32(CTA_MARK, 0xf0);
            w.u32(CTA_MARK_MASK, 0xf0);
        }).errno()).isZero();
        assertThat(mustGet(A).mark()).contains(0xf9L);
    }

    @Test
    @DisplayName("16. TCP entry: PROTOINFO_TCP_STATE >= 10 -> ERANGE; state 7 -> 0, GET TIME_WAIT, timeout unchanged")
    void s16_tcpStateUpdate() {
        mustCreate(T);
        assertThat(ct.update(T, tcpState(10)).errno()).as("state 10").isEqualTo(ERANGE);
        assertThat(ct.update(T, tcpState(255)).errno()).as("state 255").isEqualTo(ERANGE);
        assertThat(mustGet(T).tcpState()).contains(TcpState.NONE);
        assertThat(ct.update(T, tcpState(7)).errno()).isZero();
        final Flow f = mustGet(T);
        assertThat(f.tcpState()).contains(TcpState.TIME_WAIT);
        assertThat(f.timeout().get()).isBetween(99L, 100L);
    }

    @Test
    @DisplayName("17. TCP create without CTA_PROTOINFO: the entry exists with TCP state 0 (NONE)")
    void s17_tcpCreateWithoutProtoinfoIsNone() {
        assertThat(ct.create(T, T.inverse(), 100, CONFIRMED).errno()).isZero();
        final Flow f = mustGet(T);
        assertThat(f.original()).isEqualTo(T);
        assertThat(f.tcpState()).contains(TcpState.NONE);
    }

    @Test
    @DisplayName("18. GET/update/DELETE by A's reply tuple (as TUPLE_ORIG or TUPLE_REPLY) address A")
    void s18_lookupByReplyTuple() {
        mustCreate(A);
        final Flow viaOrig = mustGet(A_REPLY);
        assertThat(viaOrig.original()).isEqualTo(A);
        assertThat(viaOrig.reply()).contains(A_REPLY);
        final CtClient.Reply viaReplyAttr = ct.request(CT_GET, 0, INET, 0, w -> w.tuple(CTA_TUPLE_REPLY, A_REPLY));
        assertThat(viaReplyAttr.errno()).isZero();
        assertThat(viaReplyAttr.flow().original()).isEqualTo(A);
        // update via the reply tuple, sent as TUPLE_ORIG, then as TUPLE_REPLY
        assertThat(ct.update(A_REPLY, mark(3)).errno()).isZero();
        assertThat(mustGet(A).mark()).contains(3L);
        assertThat(ct.request(CT_NEW, 0, INET, 0, w -> {
            w.tuple(CTA_TUPLE_REPLY, A_REPLY);
            w.u32(CTA_MARK, 4);
        }).errno()).isZero();
        assertThat(mustGet(A).mark()).contains(4L);
        assertThat(keys(ct.dumpAll())).isEqualTo(keysOf(A));
        events.drain();
        // delete via the reply tuple as TUPLE_ORIG
        assertThat(ct.delete(A_REPLY, none()).errno()).isZero();
        assertThat(ct.get(A).errno()).isEqualTo(ENOENT);
        List<EventTap.Received> got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).event().type()).isEqualTo(EventType.DESTROY);
        assertThat(got.get(0).event().flow().original()).isEqualTo(A);
        // and as TUPLE_REPLY
        mustCreate(A);
        assertThat(ct.request(CT_DELETE, 0, INET, 0, w -> w.tuple(CTA_TUPLE_REPLY, A_REPLY)).errno()).isZero();
        assertThat(ct.get(A).errno()).isEqualTo(ENOENT);
        got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).event().type()).isEqualTo(EventType.DESTROY);
    }

    @Test
    @DisplayName("19. non-dump GET without a tuple -> EINVAL; GET of a missing tuple -> ENOENT")
    void s19_getErrors() {
        mustCreate(A);
        assertThat(ct.request(CT_GET, 0, INET, 0, none()).errno()).as("no tuple").isEqualTo(EINVAL);
        assertThat(ct.get(X).errno()).as("missing").isEqualTo(ENOENT);
    }

    @Test
    @DisplayName("20. DELETE with wrong CTA_ID -> ENOENT (A survives); right id or none -> 0 + one DESTROY with requester's portid; again -> ENOENT")
    void s20_deleteById() {
        mustCreate(A);
        final int id = mustGet(A).id().get().bits();
        assertThat(ct.delete(A, w -> w.u32(CTA_ID, id + 1)).errno()).as("wrong id").isEqualTo(ENOENT);
        assertThat(events.drain()).isEmpty();
        assertThat(mustGet(A).id().get().bits()).isEqualTo(id);
        // right id
        assertThat(ct.delete(A, w -> w.u32(CTA_ID, id)).errno()).as("right id").isZero();
        List<EventTap.Received> got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).type()).isEqualTo(CT_DELETE);
        assertThat(got.get(0).event().type()).isEqualTo(EventType.DESTROY);
        assertThat(got.get(0).event().portId()).isEqualTo(ct.portId() & 0xffffffffL).isNotZero();
        assertThat(got.get(0).event().flow().original()).isEqualTo(A);
        assertThat(ct.delete(A, none()).errno()).as("second delete").isEqualTo(ENOENT);
        assertThat(ct.get(A).errno()).isEqualTo(ENOENT);
        assertThat(events.drain()).isEmpty();
        // no id
        mustCreate(A);
        assertThat(ct.delete(A, none()).errno()).as("no id").isZero();
        got = events.drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).event().type()).isEqualTo(EventType.DESTROY);
        assertThat(got.get(0).event().portId()).isEqualTo(ct.portId() & 0xffffffffL);
        assertThat(ct.delete(A, none()).errno()).as("second delete").isEqualTo(ENOENT);
    }

    private void createFamilies() {
        mustCreate(A);
        mustCreate(X);
        mustCreate(V6);
        mustCreate(V6T);
        assertThat(keys(ct.dumpAll())).isEqualTo(keysOf(A, X, V6, V6T));
    }

    @Test
    @DisplayName("21. DELETE without tuple: version 0 (any family) removes all families; version 1 + AF_INET6 only IPv6; flush on empty -> 0")
    void s21_flushFamilies() {
        // version 0, AF_UNSPEC
        createFamilies();
        assertThat(ct.flush(0, 0, none()).errno()).isZero();
        assertThat(ct.dumpAll()).isEmpty();
        assertThat(destroys(events.drain())).hasSize(4);
        // version 0, AF_INET6: the family is ignored
        createFamilies();
        assertThat(ct.flush(INET6, 0, none()).errno()).isZero();
        assertThat(ct.dumpAll()).isEmpty();
        assertThat(destroys(events.drain())).hasSize(4);
        // version 0, AF_INET: likewise
        createFamilies();
        assertThat(ct.flush(INET, 0, none()).errno()).isZero();
        assertThat(ct.dumpAll()).isEmpty();
        assertThat(destroys(events.drain())).hasSize(4);
        // version 1, AF_INET6: only IPv6
        createFamilies();
        final CtClient.Reply r = ct.flush(INET6, 1, none());
        assertThat(r.errno()).isZero();
        assertThat(keys(ct.dumpAll())).isEqualTo(keysOf(A, X));
        final List<EventTap.Received> d = destroys(events.drain());
        assertThat(d).hasSize(2);
        d.forEach(e -> assertThat(e.event().flow().original().source().isV4()).isFalse());
        // flush on an empty table
        assertThat(ct.flush(0, 0, none()).errno()).isZero();
        assertThat(ct.dumpAll()).isEmpty();
        assertThat(ct.flush(0, 0, none()).errno()).as("flush of empty table").isZero();
        assertThat(ct.flush(INET6, 1, none()).errno()).as("flush of empty table, v1").isZero();
    }

    private static final Tuple M1 = Tuple.udp("10.0.0.1", "10.0.0.2", 11, 2);
    private static final Tuple M2 = Tuple.udp("10.0.0.1", "10.0.0.2", 12, 2);
    private static final Tuple M12 = Tuple.udp("10.0.0.1", "10.0.0.2", 13, 2);

    @Test
    @DisplayName("22. marks 1, 2, 0x12 (0x12 in zones 0 and 5): flush with MARK=0x12 removes both 0x12 entries, nothing else")
    void s22_markFlushAllZones() {
        mustCreate(M1, CONFIRMED, mark(1));
        mustCreate(M2, CONFIRMED, mark(2));
        mustCreate(M12, CONFIRMED, mark(0x12));
        mustCreate(M12, CONFIRMED, w -> {
            w.u32(CTA_MARK, 0x12);
            w.u16(CTA_ZONE, 5);
        });
        final Set<String> before = keys(ct.dumpAll());
        assertThat(before).containsExactlyInAnyOrder(key(M1, 0), key(M2, 0), key(M12, 0), key(M12, 5));
        assertThat(ct.flush(0, 0, mark(0x12)).errno()).isZero();
        assertThat(keys(ct.dumpAll())).isEqualTo(keysOf(M1, M2));
        final List<EventTap.Received> d = destroys(events.drain());
        assertThat(d).hasSize(2);
        final Set<String> gone = new TreeSet<>();
        d.forEach(e -> gone.add(key(e.event().flow().original(), e.event().flow().zone())));
        assertThat(gone).containsExactlyInAnyOrder(key(M12, 0), key(M12, 5));
    }

    @Test
    @DisplayName("23. marks 1, 2, 0x12: dump MARK=2/MASK=0xf returns 2 and 0x12; MARK=0x12/MASK=0xf returns nothing")
    void s23_markMaskDump() {
        mustCreate(M1, CONFIRMED, mark(1));
        mustCreate(M2, CONFIRMED, mark(2));
        mustCreate(M12, CONFIRMED, mark(0x12));
        final CtClient.Reply r = ct.dump(0, w -> {
            w.u32(CTA_MARK, 2);
            w.u32(CTA_MARK_MASK, 0xf);
        });
        assertThat(r.errno()).isZero();
        assertThat(keys(r.flows())).isEqualTo(keysOf(M2, M12));
        final CtClient.Reply none = ct.dump(0, w -> {
            w.u32(CTA_MARK, 0x12);
            w.u32(CTA_MARK_MASK, 0xf);
        });
        assertThat(none.errno()).isZero();
        assertThat(none.flows()).isEmpty();
        // the same filters with AF_INET
        final CtClient.Reply r4 = ct.dump(INET, w -> {
            w.u32(CTA_MARK, 2);
            w.u32(CTA_MARK_MASK, 0xf);
        });
        assertThat(r4.errno()).isZero();
        assertThat(keys(r4.flows())).isEqualTo(keysOf(M2, M12));
    }

    @Test
    @DisplayName("24. one ASSURED among several: dump STATUS=4 -> only it; STATUS=0/MASK=4 -> the others; STATUS=0 without mask -> EINVAL")
    void s24_statusDump() {
        mustCreate(A, CONFIRMED | ASSURED, none());
        mustCreate(X, CONFIRMED, none());
        mustCreate(M1, CONFIRMED | SEEN_REPLY, none());
        final CtClient.Reply assured = ct.dump(0, w -> w.u32(CTA_STATUS, 4));
        assertThat(assured.errno()).isZero();
        assertThat(keys(assured.flows())).isEqualTo(keysOf(A));
        final CtClient.Reply others = ct.dump(0, w -> {
            w.u32(CTA_STATUS, 0);
            w.u32(CTA_STATUS_MASK, 4);
        });
        assertThat(others.errno()).isZero();
        assertThat(keys(others.flows())).isEqualTo(keysOf(X, M1));
        final CtClient.Reply bad = ct.dump(0, w -> w.u32(CTA_STATUS, 0));
        assertThat(bad.errno()).isEqualTo(EINVAL);
        assertThat(bad.flows()).isEmpty();
        final CtClient.Reply bad4 = ct.dump(INET, w -> w.u32(CTA_STATUS, 0));
        assertThat(bad4.errno()).isEqualTo(EINVAL);
    }

    @Test
    @DisplayName("25. same tuple in zones 0 and 5: dump CTA_ZONE=5 -> only zone 5; GET/update/DELETE without zone hit zone 0; with only zone 5 they get ENOENT")
    void s25_zones() {
        mustCreate(A);
        mustCreate(A, CONFIRMED, zone(5));
        assertThat(keys(ct.dumpAll())).containsExactlyInAnyOrder(key(A, 0), key(A, 5));
        final CtClient.Reply z5 = ct.dump(0, zone(5));
        assertThat(z5.errno()).isZero();
        assertThat(z5.flows()).hasSize(1);
        assertThat(z5.flows().get(0).zone()).isEqualTo(5);
        assertThat(z5.flows().get(0).original()).isEqualTo(A);
        final CtClient.Reply z5v4 = ct.dump(INET, zone(5));
        assertThat(z5v4.errno()).isZero();
        assertThat(keys(z5v4.flows())).containsExactly(key(A, 5));
        // GET without CTA_ZONE: zone 0
        final Flow g0 = mustGet(A);
        assertThat(g0.zone()).isZero();
        final Flow g5 = mustGet(A, zone(5));
        assertThat(g5.zone()).isEqualTo(5);
        // update without CTA_ZONE: zone 0 only
        assertThat(ct.update(A, mark(7)).errno()).isZero();
        assertThat(mustGet(A).mark()).contains(7L);
        assertThat(mustGet(A, zone(5)).mark()).contains(0L);
        events.drain();
        // DELETE without CTA_ZONE: zone 0 only
        assertThat(ct.delete(A, none()).errno()).isZero();
        final List<EventTap.Received> d = events.drain();
        assertThat(d).hasSize(1);
        assertThat(d.get(0).event().type()).isEqualTo(EventType.DESTROY);
        assertThat(d.get(0).event().flow().zone()).isZero();
        assertThat(keys(ct.dumpAll())).containsExactly(key(A, 5));
        // only the zone-5 entry remains: GET/update/DELETE without CTA_ZONE -> ENOENT
        assertThat(ct.get(A).errno()).as("GET").isEqualTo(ENOENT);
        assertThat(ct.update(A, mark(8)).errno()).as("update").isEqualTo(ENOENT);
        assertThat(ct.delete(A, none()).errno()).as("DELETE").isEqualTo(ENOENT);
        assertThat(events.drain()).isEmpty();
        final Flow still = mustGet(A, zone(5));
        assertThat(still.mark()).contains(0L);
        assertThat(still.zone()).isEqualTo(5);
    }

    @Test
    @DisplayName("26. dump with AF_INET6 returns only IPv6 entries; AF_UNSPEC returns all")
    void s26_familyDump() {
        mustCreate(A);
        mustCreate(X);
        mustCreate(V6);
        mustCreate(V6T);
        final CtClient.Reply v6 = ct.dump(INET6, none());
        assertThat(v6.errno()).isZero();
        assertThat(keys(v6.flows())).isEqualTo(keysOf(V6, V6T));
        final CtClient.Reply all = ct.dump(0, none());
        assertThat(all.errno()).isZero();
        assertThat(keys(all.flows())).isEqualTo(keysOf(A, X, V6, V6T));
        final CtClient.Reply v4 = ct.dump(INET, none());
        assertThat(v4.errno()).isZero();
        assertThat(keys(v4.flows())).isEqualTo(keysOf(A, X));
    }

    private static Consumer<NetlinkWriter> filter(final int origFlags, final Consumer<NetlinkWriter> tuple) {
        return w -> {
            final int f = w.beginNest(CTA_FILTER);
            w.u32host(CTA_FILTER_ORIG_FLAGS, origFlags);
            w.endNest(f);
            tuple.accept(w);
        };
    }

    private static Consumer<NetlinkWriter> origDst(final String dst) {
        return w -> {
            final int t = w.beginNest(CTA_TUPLE_ORIG);
            final int ip = w.beginNest(CTA_TUPLE_IP);
            w.address(CTA_IP_V4_DST, IpAddress.parse(dst));
            w.endNest(ip);
            w.endNest(t);
        };
    }

    @Test
    @DisplayName("27. CTA_FILTER{ORIG_FLAGS=IP_DST} + orig dst X (AF_INET) -> only orig dst X; port flags w/o PROTO_NUM, flags w/o TUPLE_ORIG -> EINVAL; AF_UNSPEC -> EOPNOTSUPP")
    void s27_tupleFilter() {
        final Tuple c = Tuple.tcp("10.0.0.4", "10.0.0.2", 7, 8);      // orig dst 10.0.0.2
        final Tuple d = Tuple.udp("10.0.0.2", "10.0.0.5", 9, 10);     // reply dst 10.0.0.2 only
        mustCreate(A);                                                // orig dst 10.0.0.2
        mustCreate(X);                                                // orig dst 10.0.0.4
        mustCreate(c);
        mustCreate(d);
        final CtClient.Reply r = ct.dump(INET, filter(FILTER_IP_DST, origDst("10.0.0.2")));
        assertThat(r.errno()).as("%s", r).isZero();
        assertThat(keys(r.flows())).isEqualTo(keysOf(A, c));
        final CtClient.Reply r4 = ct.dump(INET, filter(FILTER_IP_DST, origDst("10.0.0.4")));
        assertThat(r4.errno()).isZero();
        assertThat(keys(r4.flows())).isEqualTo(keysOf(X));
        // port flag without PROTO_NUM (the tuple itself is complete)
        final CtClient.Reply port = ct.dump(INET, filter(FILTER_PROTO_DST_PORT, w -> w.tuple(CTA_TUPLE_ORIG, A)));
        assertThat(port.errno()).as("port flag without PROTO_NUM").isEqualTo(EINVAL);
        assertThat(port.flows()).isEmpty();
        final CtClient.Reply port2 = ct.dump(INET,
            filter(FILTER_IP_DST | FILTER_PROTO_SRC_PORT, w -> w.tuple(CTA_TUPLE_ORIG, A)));
        assertThat(port2.errno()).as("IP_DST|SRC_PORT without PROTO_NUM").isEqualTo(EINVAL);
        // orig flags without CTA_TUPLE_ORIG
        final CtClient.Reply noTuple = ct.dump(INET, filter(FILTER_IP_DST, none()));
        assertThat(noTuple.errno()).as("no CTA_TUPLE_ORIG").isEqualTo(EINVAL);
        assertThat(noTuple.flows()).isEmpty();
        // AF_UNSPEC
        final CtClient.Reply unspec = ct.dump(0, filter(FILTER_IP_DST, origDst("10.0.0.2")));
        assertThat(unspec.errno()).as("AF_UNSPEC").isEqualTo(EOPNOTSUPP);
        assertThat(unspec.flows()).isEmpty();
        assertThat(events.drain()).isEmpty();
        assertThat(ct.dumpAll()).hasSize(4);
    }

    @Test
    @DisplayName("28. CTA_TIMEOUT=2, after 3 s: GET -> ENOENT and a DESTROY (pid 0, status 520, no TIMEOUT) is out by the GET reply")
    void s28_expiredGetEmitsDestroy() {
        assertThat(ct.create(A, A_REPLY, 2, CONFIRMED).errno()).isZero();
        final List<EventTap.Received> created = events.drain();
        assertThat(created).hasSize(1);
        assertThat(created.get(0).event().type()).isEqualTo(EventType.NEW);
        kernel.advance(Duration.ofSeconds(3));
        // the kernel's GC may already have collected it (then the DESTROY is queued before the GET)
        final List<EventTap.Received> got = new ArrayList<>(events.drain());
        assertThat(ct.get(A).errno()).isEqualTo(ENOENT);
        got.addAll(events.drain());
        assertThat(got).hasSize(1);
        final EventTap.Received e = got.get(0);
        assertThat(e.type()).isEqualTo(CT_DELETE);
        assertThat(e.event().type()).isEqualTo(EventType.DESTROY);
        assertThat(e.event().portId()).isZero();
        assertThat(status(e.event().flow())).isEqualTo(520);
        assertThat(e.event().flow().timeout()).isEmpty();
        assertThat(e.event().flow().original()).isEqualTo(A);
        assertThat(ct.get(A).errno()).isEqualTo(ENOENT);
        assertThat(events.drain()).isEmpty();
    }
}
