package io.conntrack4j;

import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Flow;
import io.conntrack4j.spi.Capabilities;
import io.conntrack4j.spi.KernelFilter;

/**
 * How a query runs against a kernel with given capabilities: the part the kernel filters while dumping, and the
 * residual the library checks in Java. A flow is selected exactly when both accept it.
 *
 * @param capabilities the capabilities planned for
 * @param kernel       what the dump request carries
 * @param residual     what Java checks on each dumped flow
 */
public record Plan(Capabilities capabilities, KernelFilter kernel, FlowFilter residual) {
    /** Validates the fields. */
    public Plan {
        Check.notNull("capabilities", capabilities);
        Check.notNull("kernel", kernel);
        Check.notNull("residual", residual);
    }

    /**
     * @param flow a flow in the table
     * @return true if the plan selects it
     */
    public boolean test(final Flow flow) {
        return kernel.test(flow) && residual.test(flow);
    }

    /** @return two lines: what the kernel filters, what Java filters */
    @Override
    public String toString() {
        return "kernel: " + kernel + System.lineSeparator()
            + "java:   " + (residual.isEmpty() ? "nothing" : residual.toString());
    }
}
