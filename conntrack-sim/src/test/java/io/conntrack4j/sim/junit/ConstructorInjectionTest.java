package io.conntrack4j.sim.junit;

import io.conntrack4j.Conntrack;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A kernel taken in the constructor is fresh for every test, as one taken by a test method is. */
@SimulatedConntrack
class ConstructorInjectionTest {
    private final Conntrack ct;

    ConstructorInjectionTest(final Conntrack ct) {
        this.ct = ct;
    }

    @RepeatedTest(3)
    void everyTestStartsWithAnEmptyTable() {
        assertThat(ct.count()).isZero();
        ct.create(Flow.builder(Tuple.udp("10.0.0.1", "10.0.0.2", 1000, 53)).timeout(30L).build());
        assertThat(ct.count()).isEqualTo(1);
    }
}
