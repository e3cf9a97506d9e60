package io.conntrack4j.sim.internal;

import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-addressing table against a plain map model: random inserts and removes, through several resizes. */
class TableTest {
    private static Entry entry(final int port, final int zone, final int dirs) {
        final Tuple t = Tuple.udp("10.0.0.1", "10.0.0.2", port, 53);
        return new Entry(new FlowId(port), port, t, t.inverse(), zone, dirs, 0, true);
    }

    private record Key(Tuple tuple, int zone) {
    }

    @Test
    void findsExactlyWhatAMapWouldThroughInsertsRemovesAndResizes() {
        final Random random = new Random(42);
        final Table table = new Table();
        final Map<Key, Entry> model = new HashMap<>();
        final List<Entry> live = new ArrayList<>();
        for (int step = 0; step < 60_000; step++) {
            if (live.isEmpty() || random.nextInt(3) > 0) {
                final int zone = random.nextInt(4) == 0 ? 5 : 0;
                final int dirs = new int[] {Entry.ZONE_BOTH, Entry.ZONE_ORIGINAL, Entry.ZONE_REPLY}[random.nextInt(3)];
                final Entry e = entry(random.nextInt(20_000), zone, dirs);
                if (table.clashes(e)) {
                    assertThat(model).as("the model has a clashing key").containsAnyOf(
                        Map.entry(new Key(e.original, e.zoneOf(false)), model.getOrDefault(
                            new Key(e.original, e.zoneOf(false)), e)),
                        Map.entry(new Key(e.reply, e.zoneOf(true)), model.getOrDefault(
                            new Key(e.reply, e.zoneOf(true)), e)));
                    continue;
                }
                table.insert(e);
                live.add(e);
                model.put(new Key(e.original, e.zoneOf(false)), e);
                model.put(new Key(e.reply, e.zoneOf(true)), e);
            } else {
                final Entry e = live.remove(random.nextInt(live.size()));
                table.remove(e);
                model.remove(new Key(e.original, e.zoneOf(false)));
                model.remove(new Key(e.reply, e.zoneOf(true)));
            }
            if (step % 2999 == 0) {
                for (final Map.Entry<Key, Entry> m : model.entrySet()) {
                    assertThat(table.find(m.getKey().tuple(), m.getKey().zone())).isSameAs(m.getValue());
                }
                assertThat(table.size()).isEqualTo(live.size());
                assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(live);
            }
        }
        for (final Entry e : new ArrayList<>(live)) {
            table.remove(e);
            assertThat(table.contains(e)).isFalse();
        }
        assertThat(table.size()).isZero();
        assertThat(table.snapshot()).isEmpty();
        assertThat(table.find(Tuple.udp("10.0.0.1", "10.0.0.2", 1, 53), 0)).isNull();
    }
}
