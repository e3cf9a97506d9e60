package io.conntrack4j.sim.junit;

import io.conntrack4j.Conntrack;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.sim.EventRecorder;
import io.conntrack4j.sim.SimulatedKernel;
import io.conntrack4j.sim.SimulatedNamespace;
import io.conntrack4j.sim.Sysctl;
import io.conntrack4j.sim.Traffic;
import io.conntrack4j.sim.VirtualClock;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension.ExtensionContextScope;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;
import java.util.Set;

/**
 * The JUnit 5 extension behind {@link SimulatedConntrack}: one {@link SimulatedKernel} per test, created on first use
 * and configured from the annotation, and the parameters that reach it. Register it with
 * {@code @SimulatedConntrack} or {@code @ExtendWith(SimulatedKernelExtension.class)}.
 */
public final class SimulatedKernelExtension implements ParameterResolver {

    /**
     * Constructor parameters resolve in the test method's context, so that a test class taking its kernel in its
     * constructor also gets a fresh kernel per test (JUnit's default would share the class's one).
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(final ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    private static final ExtensionContext.Namespace STORE =
        ExtensionContext.Namespace.create(SimulatedKernelExtension.class);
    private static final Set<Class<?>> SUPPORTED = Set.of(Conntrack.class, SimulatedKernel.class,
        SimulatedNamespace.class, VirtualClock.class, Traffic.class, EventRecorder.class);

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        final TestKernel k = kernelFor(context);
        final Class<?> type = parameter.getParameter().getType();
        if (type == Conntrack.class) {
            return k.conntrack();
        }
        if (type == SimulatedKernel.class) {
            return k.kernel;
        }
        if (type == SimulatedNamespace.class) {
            return k.kernel.init();
        }
        if (type == VirtualClock.class) {
            return k.kernel.clock();
        }
        if (type == Traffic.class) {
            return k.kernel.traffic();
        }
        if (type == EventRecorder.class) {
            return k.recorder();
        }
        throw new ParameterResolutionException("cannot resolve " + type);
    }

    private static TestKernel kernelFor(final ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent(TestKernel.class, k -> new TestKernel(context),
            TestKernel.class);
    }

    /** One test's kernel and the closeable things handed out for it. */
    @SuppressWarnings("deprecation")
    private static final class TestKernel implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final SimulatedKernel kernel = SimulatedKernel.create();
        private Conntrack conntrack;
        private EventRecorder recorder;

        TestKernel(final ExtensionContext context) {
            final Optional<SimulatedConntrack> config = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation(e, SimulatedConntrack.class))
                .or(() -> context.getTestClass()
                    .flatMap(c -> AnnotationSupport.findAnnotation(c, SimulatedConntrack.class)));
            config.ifPresent(this::configure);
        }

        private void configure(final SimulatedConntrack c) {
            for (final String setting : c.sysctls()) {
                final int eq = setting.indexOf('=');
                if (eq < 0) {
                    throw new InvalidValueException("sysctl", setting, "expected NAME=VALUE");
                }
                kernel.sysctl(Sysctl.byFileName(setting.substring(0, eq).trim()),
                    Long.parseLong(setting.substring(eq + 1).trim()));
            }
            if (c.labels()) {
                kernel.init().enableLabels();
            }
        }

        synchronized Conntrack conntrack() {
            if (conntrack == null) {
                conntrack = kernel.conntrack();
            }
            return conntrack;
        }

        synchronized EventRecorder recorder() {
            if (recorder == null) {
                recorder = kernel.recordEvents();
            }
            return recorder;
        }

        @Override
        public synchronized void close() {
            if (recorder != null) {
                recorder.close();
            }
            if (conntrack != null) {
                conntrack.close();
            }
        }
    }
}
