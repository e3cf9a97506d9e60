package io.conntrack4j.netlink;

import io.conntrack4j.netlink.codec.Ctnetlink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The receive-ahead ring against a socket that makes up a dump of numbered datagrams: every datagram arrives once and
 * in order whatever the speeds of the two sides, the receiving thread stops at DONE or on an error, and a caller that
 * stops early lets it drain the rest.
 */
@Timeout(30)
class ReceiveAheadTest {
    private static final int PORT = 77;
    private static final int SEQ = 1234;

    /** A dump of {@code datagrams} datagrams: each holds one data message carrying its index; the last, DONE. */
    private static final class NumberedDump extends OptionlessSocket {
        private final int datagrams;
        private final long receiveNanos;
        private final int failAt;
        private final boolean failWithError;
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        NumberedDump(final int datagrams, final long receiveNanos, final int failAt) {
            this(datagrams, receiveNanos, failAt, false);
        }

        NumberedDump(final int datagrams, final long receiveNanos, final int failAt, final boolean failWithError) {
            this.datagrams = datagrams;
            this.receiveNanos = receiveNanos;
            this.failAt = failAt;
            this.failWithError = failWithError;
        }

        @Override
        public int receive(final ByteBuffer into) {
            final int i = received.getAndIncrement();
            if (i == failAt) {
                if (failWithError) {
                    throw new AssertionError("receive failed at " + i);
                }
                throw new IllegalStateException("receive failed at " + i);
            }
            if (i >= datagrams) {
                throw new IllegalStateException("received past the dump's end");
            }
            if (receiveNanos > 0) {
                LockSupport.parkNanos(receiveNanos);
            }
            final boolean last = i == datagrams - 1;
            into.putInt(0, 20).putShort(4, (short) (last ? Ctnetlink.NLMSG_DONE : 0x100)).putShort(6, (short) 0)
                .putInt(8, SEQ).putInt(12, PORT).putInt(16, i);
            into.position(0).limit(20);
            return 20;
        }

        @Override
        public int portId() {
            return PORT;
        }

        @Override
        public void close() {
            closed.countDown();
        }

        @Override
        public void send(final ByteBuffer messages) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int tryReceive(final ByteBuffer into) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int receive(final ByteBuffer into, final int timeoutMillis) {
            throw new UnsupportedOperationException();
        }





    }

    /** Takes every datagram, pausing {@code pauseNanos} before releasing each, and returns their indexes. */
    private static List<Integer> drain(final ReceiveAhead ahead, final long pauseNanos) {
        final List<Integer> seen = new ArrayList<>();
        ByteBuffer d;
        while ((d = ahead.take()) != null) {
            seen.add(d.getInt(16));
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
            ahead.release(d);
        }
        return seen;
    }

    private static List<Integer> upTo(final int n) {
        final List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** Spin budgets the ring is run with: none (the caller parks at once), shorter and longer than a datagram. */
    private static final long NO_SPIN = 0;
    private static final long SHORT_SPIN = 20_000;
    private static final long LONG_SPIN = 5_000_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, ReceiveAhead.WAKE_BATCH - 1, ReceiveAhead.WAKE_BATCH, ReceiveAhead.WAKE_BATCH + 1,
        ReceiveAhead.SLOTS, ReceiveAhead.SLOTS + 1, 1000, 20_000})
    void everyDatagramArrivesOnceInOrderAndTheSocketIsClosed(final int datagrams) throws InterruptedException {
        for (final long spin : new long[] {NO_SPIN, SHORT_SPIN, LONG_SPIN}) {
            final NumberedDump dump = new NumberedDump(datagrams, 0, -1);
            try (ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, spin)) {
                assertThat(drain(ahead, 0)).as("spin %d ns", spin).isEqualTo(upTo(datagrams));
                assertThat(ahead.take()).as("after the end").isNull();
            }
            assertThat(dump.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(dump.received.get()).isEqualTo(datagrams);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {NO_SPIN, SHORT_SPIN, LONG_SPIN})
    void aCallerWaitingLongerThanItsSpinParksAndIsWokenForEachDatagram(final long spin) {
        final NumberedDump dump = new NumberedDump(5, 3_000_000, -1);
        try (ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, spin)) {
            assertThat(drain(ahead, 0)).isEqualTo(upTo(5));
        }
    }

    @Test
    void aSlowCallerHoldsTheReceiverBackWithoutLosingAnything() {
        final int datagrams = ReceiveAhead.SLOTS * 6 + 3;
        final NumberedDump dump = new NumberedDump(datagrams, 0, -1);
        try (ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, SHORT_SPIN)) {
            final List<Integer> seen = new ArrayList<>();
            ByteBuffer d;
            while ((d = ahead.take()) != null) {
                seen.add(d.getInt(16));
                assertThat(dump.received.get() - seen.size()).as("datagrams received but not yet taken")
                    .isLessThanOrEqualTo(ReceiveAhead.SLOTS);
                LockSupport.parkNanos(300_000);
                ahead.release(d);
            }
            assertThat(seen).isEqualTo(upTo(datagrams));
        }
    }

    @Test
    void anErrorReachesTheCallerAfterTheDatagramsReceivedBeforeIt() throws InterruptedException {
        final NumberedDump dump = new NumberedDump(100, 0, 37);
        final ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, NO_SPIN);
        final List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            ByteBuffer d;
            while ((d = ahead.take()) != null) {
                seen.add(d.getInt(16));
                ahead.release(d);
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("receive failed at 37");
        assertThat(seen).isEqualTo(upTo(37));
        assertThat(dump.closed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCallerThatStopsEarlyLetsTheReceiverDrainTheDumpWithoutTouchingTheDatagramItHolds()
        throws InterruptedException {
        final int datagrams = ReceiveAhead.SLOTS * 50;
        final NumberedDump dump = new NumberedDump(datagrams, 0, -1);
        final ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, SHORT_SPIN);
        final ByteBuffer held = ahead.take();
        ahead.close();
        assertThat(dump.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.received.get()).as("the whole dump was read off the socket").isEqualTo(datagrams);
        assertThat(held.getInt(16)).as("the held datagram's index, after the drain").isZero();
        assertThatThrownBy(ahead::take).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anErrorReachesTheCallerAsItIs() throws InterruptedException {
        final NumberedDump dump = new NumberedDump(10, 0, 3, true);
        final ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, NO_SPIN);
        assertThatThrownBy(() -> drain(ahead, 0)).isInstanceOf(AssertionError.class)
            .hasMessage("receive failed at 3");
        assertThat(dump.closed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingTheDumpFromAnotherThreadWakesAParkedCaller() throws InterruptedException {
        final NumberedDump dump = new NumberedDump(3, 300_000_000L, -1);
        final ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, NO_SPIN);
        final Thread closer = new Thread(() -> {
            LockSupport.parkNanos(50_000_000L);
            ahead.close();
        });
        closer.start();
        assertThatThrownBy(ahead::take).isInstanceOf(IllegalStateException.class).hasMessage("the dump was closed");
        closer.join();
        assertThat(dump.closed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void datagramsAreTakenAndReleasedOneAtATime() {
        final NumberedDump dump = new NumberedDump(10, 0, -1);
        try (ReceiveAhead ahead = new ReceiveAhead(dump, SEQ)) {
            final ByteBuffer first = ahead.take();
            assertThatThrownBy(ahead::take).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("release the datagram taken before");
            assertThatThrownBy(() -> ahead.release(ByteBuffer.allocateDirect(8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("release the datagram last taken");
            ahead.release(first);
            assertThatThrownBy(() -> ahead.release(first)).isInstanceOf(IllegalStateException.class);
            assertThat(drain(ahead, 0)).isEqualTo(upTo(10).subList(1, 10));
        }
    }

    @Test
    void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt() {
        final NumberedDump dump = new NumberedDump(3, 500_000_000L, -1);
        try (ReceiveAhead ahead = new ReceiveAhead(dump, SEQ, SHORT_SPIN)) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(ahead::take).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept (and cleared here)").isTrue();
        }
    }

    @Test
    void theSpinBudgetComesFromItsPropertyInMicrosecondsAndIsZeroOnOneCpu() {
        assertThat(ReceiveAhead.spinNanos(null, 2)).isEqualTo(ReceiveAhead.DEFAULT_SPIN_MICROS * 1000);
        assertThat(ReceiveAhead.spinNanos(" 250 ", 8)).isEqualTo(250_000);
        assertThat(ReceiveAhead.spinNanos("0", 2)).isZero();
        assertThat(ReceiveAhead.spinNanos(null, 1)).as("one CPU").isZero();
        assertThat(ReceiveAhead.spinNanos("1000000", 1)).as("one CPU").isZero();
        for (final String bad : new String[] {"-1", "1000001", "1ms", "", "0x10"}) {
            assertThatThrownBy(() -> ReceiveAhead.spinNanos(bad, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(ReceiveAhead.SPIN_PROPERTY + " must be a whole number of microseconds from 0 to 1000000, "
                    + "not '" + bad + "'");
        }
    }
}
