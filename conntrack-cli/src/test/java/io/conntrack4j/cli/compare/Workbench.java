package io.conntrack4j.cli.compare;

/**
 * What a comparison IT works with: the two tools, the runner (with the labels file) and the table builder. Opening
 * it sets the namespace up; closing it empties the table and restores the namespace.
 */
final class Workbench implements AutoCloseable {
    private final LabelsFile labels;
    private final ToolRunner runner;
    private final Tool reference;
    private final Tool underTest;
    private final TableBuilder table;

    private Workbench(final LabelsFile labels) {
        this.labels = labels;
        this.runner = new ToolRunner(labels);
        this.reference = Tool.reference();
        this.underTest = Tool.underTest();
        this.table = new TableBuilder(runner, reference, labels.usable());
    }

    /** @return a workbench whose table is set up (sysctls, rules) but not built yet */
    static Workbench open() {
        final LabelsFile labels = LabelsFile.create();
        try {
            final Workbench bench = new Workbench(labels);
            System.out.printf("comparing %s with %s; labels file %s%n", bench.underTest.program(),
                bench.reference.program(), labels.usable() ? "in place" : "unavailable (no labels in the table)");
            bench.table.open();
            return bench;
        } catch (final RuntimeException e) {
            labels.close();
            throw e;
        }
    }

    /** @return the runner */
    ToolRunner runner() {
        return runner;
    }

    /** @return the installed conntrack */
    Tool reference() {
        return reference;
    }

    /** @return the program under test */
    Tool underTest() {
        return underTest;
    }

    /** @return the table builder */
    TableBuilder table() {
        return table;
    }

    /** @return true if labels could be configured (both tools then read the same connlabel.conf) */
    boolean labels() {
        return labels.usable();
    }

    @Override
    public void close() {
        try {
            table.close();
        } finally {
            labels.close();
        }
    }
}
