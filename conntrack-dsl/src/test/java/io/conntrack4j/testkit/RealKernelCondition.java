package io.conntrack4j.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link RealKernel} tests only in a private network namespace. Under {@code CI=true} a missing namespace
 * is an error, never a silent skip: CI runs as root and must run these tests.
 */
public final class RealKernelCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context) {
        final String reason = Netns.whyNotPrivate();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("private network namespace " + Netns.current());
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but real-kernel tests cannot run: " + reason);
        }
        return ConditionEvaluationResult.disabled("skipped real-kernel test: " + reason);
    }
}
