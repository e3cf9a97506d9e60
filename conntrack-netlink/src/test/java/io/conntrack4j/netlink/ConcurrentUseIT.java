package io.conntrack4j.netlink;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.testkit.RealKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One backend used from several threads at once, as a subscription's resync or a monitoring thread does. A batch
 * used to hang for ever when another thread took sequence numbers in the middle of it (its ACKs were then not
 * recognised); this is the regression test.
 */
@RealKernel
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentUseIT {

    @Test
    void batchesCompleteWhileAnotherThreadDumps() throws Exception {
        try (Conntrack ct = Conntrack.using(NetlinkBackend.open())) {
            for (int round = 0; round < 8; round++) {
                ct.flushAll();
                final AtomicBoolean stop = new AtomicBoolean();
                final AtomicLong dumps = new AtomicLong();
                final Thread dumper = new Thread(() -> {
                    while (!stop.get()) {
                        ct.flows().list();
                        dumps.incrementAndGet();
                    }
                });
                dumper.start();
                final List<Flow> flows = new ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    flows.add(Flow.builder(Tuple.udp("10.1.0.1", "10.2.0.1", 1024 + i, 53)).timeout(600L).build());
                }
                assertThat(ct.createAll(flows).succeeded()).isEqualTo(5000);
                stop.set(true);
                dumper.join();
                assertThat(dumps.get()).as("the dumps really ran alongside").isPositive();
            }
            ct.flushAll();
        }
    }
}
