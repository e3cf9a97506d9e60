package io.conntrack4j.sim.events;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.EventSignal;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationEvent;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expectation events ({@code ct.expectations().events(...)}), the same test code on the real kernel and on both faces
 * of the simulator: a NEW event when an expectation is created, a DESTROY event when it is deleted, flushed or goes
 * with its master, each carrying the expectation as the kernel shows it (with the helper's policy timeout, whatever
 * the request asked). Expiry is simulator-only ({@link ExpectationEventsSimTest}): the ftp helper's expectations live
 * 5 minutes on the kernel.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class ExpectationEventsContract {
    /** The master of the expectations. */
    protected static final Tuple MASTER = Tuple.tcp("192.0.2.150", "192.0.2.151", 40000, 21);
    /** The expected tuple. */
    protected static final Tuple EXPECTED = Tuple.tcp("192.0.2.151", "192.0.2.150", 0, 50000);
    /** The mask. */
    protected static final Tuple MASK = Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 0xffff);
    private static final Tuple EXPECTED_V6 = Tuple.tcp("2001:db8::151", "2001:db8::150", 0, 50001);
    private static final Tuple MASTER_V6 = Tuple.tcp("2001:db8::150", "2001:db8::151", 40001, 21);
    private static final Tuple MASK_V6 = Tuple.tcp("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0, 0xffff);

    private Conntrack ct;
    private Stream<EventSignal> stream;
    private final BlockingQueue<EventSignal> received = new ArrayBlockingQueue<>(1024);
    private Thread reader;

    /** @return a fresh, empty conntrack of the kernel under test */
    protected abstract Conntrack open();


    @BeforeEach
    void subscribe() {
        ct = open();
        ct.expectations().flushAll();
        ct.flushAll();
        stream = ct.expectations().events(EventType.NEW, EventType.UPDATE, EventType.DESTROY);
        final Iterator<EventSignal> it = stream.iterator();
        reader = new Thread(() -> {
            while (it.hasNext()) {
                received.add(it.next());
            }
        }, "expectation events");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void close() throws InterruptedException {
        stream.close();
        reader.join(5_000);
        assertThat(reader.isAlive()).as("the reader ends once the stream is closed").isFalse();
        ct.expectations().flushAll();
        ct.flushAll();
        ct.close();
    }

    /** @param original the original tuple of a new TCP master flow with the ftp helper */
    protected void master(final Tuple original) {
        ct.create(Flow.builder(original).timeout(300L).protoInfo(ProtoInfo.Tcp.of(TcpState.ESTABLISHED))
            .helper("ftp").build());
    }

    /** Creates an expectation of {@code master}. */
    protected void expect(final Tuple expected, final Tuple mask, final Tuple master, final long timeout) {
        ct.expectations().create(new Expectation(expected, mask, master, Option.some(timeout), 0, 0, Option.none(),
            Option.none(), Option.none(), Option.none(), Option.none()));
    }

    /** @return the next {@code n} signals, failing if they do not arrive within 10 s */
    protected List<ExpectationEvent> next(final int n) throws InterruptedException {
        final List<ExpectationEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final EventSignal s = received.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("event %d of %d (so far: %s)", i + 1, n, events).isNotNull();
            assertThat(s).as("an expectation event").isInstanceOf(ExpectationEvent.class);
            events.add((ExpectationEvent) s);
        }
        return events;
    }

    /** Fails if another event arrives within 300 ms. */
    protected void nothingMore() throws InterruptedException {
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("no further event").isNull();
    }

    @Test
    void createIsNewAndDeleteIsDestroyWithTheExpectationAsShown() throws InterruptedException {
        master(MASTER);
        expect(EXPECTED, MASK, MASTER, 200);
        ct.expectations().delete(EXPECTED);

        final List<ExpectationEvent> events = next(2);
        assertThat(events).extracting(ExpectationEvent::type).containsExactly(EventType.NEW, EventType.DESTROY);
        for (final ExpectationEvent e : events) {
            final Expectation x = e.expectation();
            assertThat(x.expected()).isEqualTo(EXPECTED);
            assertThat(x.mask()).isEqualTo(MASK);
            assertThat(x.master()).isEqualTo(MASTER);
            assertThat(x.helper()).contains("ftp");
            assertThat(x.timeout().get()).as("the ftp helper's policy timeout, not the 200 s asked for")
                .isBetween(298L, 300L);
        }
        nothingMore();
    }

    @Test
    void flushDestroysEveryExpectationOfBothFamilies() throws InterruptedException {
        master(MASTER);
        master(MASTER_V6);
        expect(EXPECTED, MASK, MASTER, 100);
        expect(EXPECTED_V6, MASK_V6, MASTER_V6, 100);
        ct.expectations().flushAll();

        final List<ExpectationEvent> events = next(4);
        assertThat(events).extracting(ExpectationEvent::type)
            .containsExactly(EventType.NEW, EventType.NEW, EventType.DESTROY, EventType.DESTROY);
        assertThat(events.subList(2, 4)).extracting(e -> e.expectation().expected())
            .containsExactlyInAnyOrder(EXPECTED, EXPECTED_V6);
        nothingMore();
    }

    @Test
    void anExpectationGoesWithItsMaster() throws InterruptedException {
        master(MASTER);
        expect(EXPECTED, MASK, MASTER, 100);
        ct.flows().proto(io.conntrack4j.model.Protocol.TCP).delete();

        final List<ExpectationEvent> events = next(2);
        assertThat(events).extracting(ExpectationEvent::type).containsExactly(EventType.NEW, EventType.DESTROY);
        assertThat(events.get(1).expectation().expected()).isEqualTo(EXPECTED);
        assertThat(ct.expectations().list()).isEmpty();
        nothingMore();
    }
}
