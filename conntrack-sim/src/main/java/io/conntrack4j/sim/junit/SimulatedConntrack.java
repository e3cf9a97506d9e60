package io.conntrack4j.sim.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives each test of the annotated class (or the annotated test) a fresh simulated kernel. Test methods, constructors
 * and lifecycle methods declare what they need as parameters: {@link io.conntrack4j.Conntrack},
 * {@link io.conntrack4j.sim.SimulatedKernel}, {@link io.conntrack4j.sim.SimulatedNamespace},
 * {@link io.conntrack4j.sim.VirtualClock}, {@link io.conntrack4j.sim.Traffic} or
 * {@link io.conntrack4j.sim.EventRecorder} (recording from the start of the test). All parameters of one test
 * belong to the same kernel.
 *
 * <pre>{@code
 * @SimulatedConntrack
 * class FirewallCleanupTest {
 *     @Test
 *     void expiresIdleFlows(Conntrack ct, Traffic traffic, VirtualClock clock) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SimulatedKernelExtension.class)
public @interface SimulatedConntrack {
    /**
     * @return sysctls to set before the test, as {@code "nf_conntrack_tcp_loose=0"} (file name under
     *     {@code /proc/sys/net/netfilter/}, then the value)
     */
    String[] sysctls() default {};

    /** @return true to load a connlabel rule, so that entries can carry labels */
    boolean labels() default false;
}
