package io.conntrack4j.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class (name it {@code *IT}) that talks to the real kernel. It runs only inside the private network
 * namespace that failsafe's JVM wrapper ({@code build-support/netns/bin/java}) creates, so it can never touch the
 * host's conntrack table. Without that namespace it is skipped with a one-line reason, or fails when {@code CI=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@ExtendWith(RealKernelCondition.class)
public @interface RealKernel {
}
