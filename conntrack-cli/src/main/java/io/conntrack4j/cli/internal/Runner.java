package io.conntrack4j.cli.internal;

import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.Backend;
import io.conntrack4j.spi.Batch;
import io.conntrack4j.spi.BatchItem;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.GetExpectationStats;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.ItemResult;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.text.ConntrackFormatter;
import io.conntrack4j.text.FlowContext;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs one parsed command against a {@link Backend} and prints what conntrack 1.4.7 prints (conntrack's
 * {@code do_command_ct}). Returns the number of entries the command touched, which decides the summary and the exit
 * status; kernel errors become {@link CliFailure}s with conntrack's wording.
 */
final class Runner {
    /** Deletes and updates go to the kernel in batches of this many. */
    private static final int BATCH = 512;

    private final Template t;
    private final Supplier<Backend> backends;
    private final Io io;
    private final Output output;
    private final UserFilter filter;
    private Backend backend;

    /**
     * @param t        the parsed command
     * @param backends opens the backend when a command needs the kernel
     * @param io       the streams
     * @param output   formats what is printed
     */
    Runner(final Template t, final Supplier<Backend> backends, final Io io, final Output output) {
        this.t = t;
        this.backends = backends;
        this.io = io;
        this.output = output;
        this.filter = new UserFilter(t, t.labelFilter);
    }

    private Backend backend() {
        if (backend == null) {
            backend = backends.get();
        }
        return backend;
    }

    /** @return how many entries the command listed, created, deleted or updated */
    long run() {
        try {
            return dispatch();
        } catch (final KernelException e) {
            throw CliFailure.other("Operation failed: " + Messages.describe(e.errno(), t.command));
        }
    }

    private long dispatch() {
        switch (t.command) {
            case CT_LIST: return list();
            case CT_GET: return get();
            case CT_DELETE: return delete();
            case CT_UPDATE: return update();
            case CT_CREATE: case CT_ADD: return create();
            case CT_FLUSH: return flush();
            case CT_EVENT: case EXP_EVENT: return new EventPrinter(t, backend(), io, output, filter).run();
            case CT_COUNT: return count();
            case CT_STATS: return stats();
            case EXP_LIST: return listExpectations();
            case EXP_COUNT: return countExpectations();
            case EXP_STATS: return expectationStats();
            case EXP_FLUSH: return flushExpectations();
            case EXP_GET: return getExpectation();
            case EXP_DELETE: return deleteExpectation();
            case EXP_CREATE: return createExpectation();
            default:
                throw new IllegalStateException("no command " + t.command);
        }
    }

    private void initNetworkFilter() {
        if (t.has(Opt.MASK_SRC) && !t.has(Opt.ORIG_SRC)) {
            throw CliFailure.parameter("Can't use --mask-src without --src");
        }
        if (t.has(Opt.MASK_DST) && !t.has(Opt.ORIG_DST)) {
            throw CliFailure.parameter("Can't use --mask-dst without --dst");
        }
    }

    private long list() {
        final FlowTable table = t.table.equals("dying") ? FlowTable.DYING
            : t.table.equals("unconfirmed") ? FlowTable.UNCONFIRMED : FlowTable.CONNTRACK;
        List<KernelFilter> dumps = List.of(KernelFilter.NONE);
        if (table == FlowTable.CONNTRACK) {
            if (t.compares() && t.has(Opt.ZERO)) {
                throw CliFailure.parameter("Can't use -z with filtering parameters");
            }
            initNetworkFilter();
            if (t.has(Opt.STATUS) && t.statusKernelMask == 0) {
                // 1.4.7 sends CTA_STATUS_MASK 0 for -u UNSET, which the kernel refuses
                throw CliFailure.other("Operation failed: " + Messages.describe(Errno.EINVAL, Cmd.CT_LIST));
            }
            dumps = Pushdown.forDumps(t, backend().capabilities(), true);
        }
        final boolean zero = table == FlowTable.CONNTRACK && t.has(Opt.ZERO);
        final long shown = forEachSelected(table, dumps, zero, f -> output.flow(f, FlowContext.LIST, true));
        output.endDocument();
        return shown;
    }

    private long get() {
        final Option<Flow> found;
        if (t.origSrc != null && t.origDst != null) {
            found = backend().get(new GetFlow(FlowFactory.original(t), TupleDirection.ORIGINAL, 0));
        } else {
            found = backend().get(new GetFlow(FlowFactory.reply(t), TupleDirection.REPLY, 0));
        }
        if (found.isEmpty()) {
            throw CliFailure.other("Operation failed: " + Messages.describe(Errno.ENOENT, Cmd.CT_GET));
        }
        if (!filter.test(found.get())) {
            return 0;
        }
        output.flow(found.get(), FlowContext.GET, true);
        return 1;
    }

    private long delete() {
        initNetworkFilter();
        final List<Flow> chunk = new ArrayList<>(BATCH);
        final long[] deleted = {0};
        forEachSelected(FlowTable.CONNTRACK, Pushdown.forDumps(t, backend().capabilities(), true), false, f -> {
            chunk.add(f);
            if (chunk.size() == BATCH) {
                deleted[0] += deleteChunk(chunk);
            }
        });
        return deleted[0] + deleteChunk(chunk);
    }

    /**
     * Runs the dumps in order and hands each flow that passes the command line's filter to {@code action}, as it
     * is decoded (nothing is buffered).
     *
     * @return how many flows passed
     */
    private long forEachSelected(final FlowTable table, final List<KernelFilter> dumps, final boolean zero,
                                 final Consumer<Flow> action) {
        long selected = 0;
        for (final KernelFilter kernel : dumps) {
            try (Stream<Flow> dump = backend().dump(new DumpFlows(table, kernel, zero))) {
                final Iterator<Flow> flows = dump.iterator();
                while (flows.hasNext()) {
                    final Flow f = flows.next();
                    if (filter.test(f)) {
                        action.accept(f);
                        selected++;
                    }
                }
            }
        }
        return selected;
    }

    private long deleteChunk(final List<Flow> chunk) {
        if (chunk.isEmpty()) {
            return 0;
        }
        final List<BatchItem> items = new ArrayList<>(chunk.size());
        for (final Flow f : chunk) {
            items.add(DeleteFlow.of(f));
        }
        final Seq<ItemResult> results = backend().execute(new Batch(Vector.ofAll(items)));
        long deleted = 0;
        for (int i = 0; i < chunk.size(); i++) {
            final Option<Errno> error = results.get(i).error();
            if (error.isEmpty()) {
                output.flow(chunk.get(i), FlowContext.DELETE, false);
                deleted++;
            } else if (!error.get().equals(Errno.ENOENT)) {
                // the entry vanished between the dump and the delete (ENOENT) is not an error since 1.4.8
                output.flush();
                throw CliFailure.other("Operation failed: " + Messages.describe(error.get(), Cmd.CT_DELETE));
            }
        }
        chunk.clear();
        return deleted;
    }

    private long update() {
        initNetworkFilter();
        final Updater updater = new Updater(t, backend(), io, output);
        long updated = 0;
        for (final KernelFilter kernel : Pushdown.forDumps(t, backend().capabilities(), false)) {
            updated += updater.run(kernel);
        }
        return updated;
    }

    private long create() {
        try {
            backend().create(FlowFactory.create(t, t.labelChange));
            return 1;
        } catch (final KernelException e) {
            if (t.command == Cmd.CT_ADD && e.errno().equals(Errno.EEXIST)) {
                return 0;
            }
            throw e;
        }
    }

    private long flush() {
        final Option<Family> family = t.family == 0 ? Option.none()
            : Option.some(t.family == Template.AF_INET ? Family.IPV4 : Family.IPV6);
        KernelException failure = null;
        try {
            backend().flushAll(new FlushAll(family));
        } catch (final KernelException e) {
            failure = e;
        }
        io.err().print(Messages.prefix() + "connection tracking table has been emptied.\n");
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    /**
     * The namespace's entry count. conntrack asks ctnetlink (CTA_STATS_GLOBAL_ENTRIES) and falls back to
     * {@code /proc/sys/net/netfilter/nf_conntrack_count}; both read the same per-namespace counter. The file comes
     * first here: it spares a short command the loading of the native netlink binding, most of its start-up.
     */
    private long count() {
        final Path proc = Path.of("/proc/sys/net/netfilter/nf_conntrack_count");
        try {
            output.line(output.formatter().count(Long.parseLong(readSysctl(proc))));
        } catch (final IOException | NumberFormatException e) {
            output.line(output.formatter().count(backend().globalStats(new GetGlobalStats())));
        }
        return 0;
    }

    /** A sysctl file in one read: /proc/sys answers a second read at an offset with end-of-file. */
    private static String readSysctl(final Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            final byte[] buf = new byte[64];
            final int n = in.read(buf);
            if (n <= 0) {
                throw new IOException(file + " is empty");
            }
            return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
    }

    private long stats() {
        for (final io.conntrack4j.model.CpuStats s : backend().cpuStats(new GetCpuStats())) {
            output.line(output.formatter().cpuStats(s));
        }
        return 0;
    }

    private Option<Family> expectFamily() {
        return Option.some(t.family == Template.AF_INET6 ? Family.IPV6 : Family.IPV4);
    }

    private long listExpectations() {
        long shown = 0;
        try (Stream<Expectation> dump = backend().dumpExpectations(new DumpExpectations(expectFamily(),
            Option.none()))) {
            final Iterator<Expectation> it = dump.iterator();
            while (it.hasNext()) {
                output.expectation(it.next());
                shown++;
            }
        }
        output.endExpectDocument();
        return shown;
    }

    private long countExpectations() {
        final long count;
        try (Stream<Expectation> dump = backend().dumpExpectations(new DumpExpectations(expectFamily(),
            Option.none()))) {
            count = dump.count();
        }
        output.line(output.formatter().count(count));
        return 0;
    }

    private long expectationStats() {
        for (final io.conntrack4j.model.ExpectationStats s : backend().expectationStats(new GetExpectationStats())) {
            output.line(output.formatter().expectationStats(s));
        }
        return 0;
    }

    private long flushExpectations() {
        backend().flushExpectations(new FlushExpectations(Option.none()));
        io.err().print(Messages.prefix() + "expectation table has been emptied.\n");
        return 0;
    }

    private Tuple expectedTuple() {
        return FlowFactory.original(t);
    }

    private long getExpectation() {
        final Option<Expectation> e = backend().getExpectation(new GetExpectation(expectedTuple(), 0));
        if (e.isEmpty()) {
            throw CliFailure.other("Operation failed: " + Messages.describe(Errno.ENOENT, Cmd.EXP_GET));
        }
        output.expectation(e.get());
        return 1;
    }

    private long deleteExpectation() {
        backend().deleteExpectation(new io.conntrack4j.spi.DeleteExpectation(expectedTuple(), 0));
        // 1.4.7 never counts expectation deletes: it reports 0 and fails (Q12); we count the one deleted
        return 1;
    }

    /**
     * {@code -I expect}: the master is the tuple of -s/-d/-p and ports, the expected tuple that of --tuple-src,
     * --tuple-dst and the tuple ports, the mask that of --mask-src, --mask-dst and the mask ports. 1.4.7 stores the
     * low byte of the tuple port as the expected protocol for TCP, SCTP and DCCP (Q11); the protocol is used here.
     */
    private long createExpectation() {
        final Tuple master = FlowFactory.original(t);
        final Protocol protocol = master.protocol();
        final Tuple expected = Tuple.of(t.tupleSrc, t.tupleDst, protocol, ports(protocol, t.tupleSport, t.tupleDport));
        final Tuple mask = Tuple.of(t.maskSrc, t.maskDst, protocol, ports(protocol, t.maskSport, t.maskDport));
        backend().createExpectation(new CreateExpectation(new Expectation(expected, mask, master,
            Option.of(t.timeout), 0, 0, Option.none(), Option.none(), Option.none(), Option.none(), Option.none())));
        return 1;
    }

    private static Layer4 ports(final Protocol protocol, final Integer source, final Integer destination) {
        return protocol.hasPorts() ? new Layer4.Ports(source == null ? 0 : source, destination == null ? 0 : destination)
            : Layer4.none();
    }
}
