package io.conntrack4j.sim.contract;

import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract test starts from (reference kernel-semantics §10): a fresh kernel (table empty, default
 * sysctls), an event listener bound to groups 1-3 before the first step, a raw ctnetlink client, and the tuple
 * {@code A = 10.0.0.1:1 -> 10.0.0.2:2} (UDP) with its reply. Subclasses pick the kernel: a {@code ...SimTest} the
 * simulator (surefire, no root), a {@code ...IT} the real kernel (failsafe, private namespace, root).
 */
public abstract class ContractBase {
    /** The contract's tuple A. */
    protected static final Tuple A = Tuple.udp("10.0.0.1", "10.0.0.2", 1, 2);
    /** A's reply tuple. */
    protected static final Tuple A_REPLY = A.inverse();
    /** The contract's status for a create: CONFIRMED. */
    protected static final long CONFIRMED = 8;

    /** The kernel under test. */
    protected ContractKernel kernel;
    /** The listener, opened before every step. */
    protected EventTap events;
    /** The requesting client. */
    protected CtClient ct;

    /** @return a new kernel of the kind the subclass tests */
    protected abstract ContractKernel newKernel();

    @BeforeEach
    void openKernel() {
        kernel = newKernel();
        events = new EventTap(kernel.openSocket());
        ct = new CtClient(kernel.openSocket());
    }

    @AfterEach
    void closeKernel() {
        try {
            ct.close();
            events.close();
        } finally {
            kernel.close();
        }
    }
}
