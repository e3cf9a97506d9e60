package io.conntrack4j.netlink.codec;

import io.conntrack4j.FlowUpdate;
import io.conntrack4j.MarkMatch;
import io.conntrack4j.model.Counters;
import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.DccpState;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationNat;
import io.conntrack4j.model.Family;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.FlowId;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SctpState;
import io.conntrack4j.model.SeqAdjustment;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Synproxy;
import io.conntrack4j.model.TcpFlags;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Timestamps;
import io.conntrack4j.model.Tuple;
import io.conntrack4j.spi.CreateExpectation;
import io.conntrack4j.spi.CreateFlow;
import io.conntrack4j.spi.DeleteExpectation;
import io.conntrack4j.spi.DeleteFlow;
import io.conntrack4j.spi.DumpExpectations;
import io.conntrack4j.spi.DumpFlows;
import io.conntrack4j.spi.FlowTable;
import io.conntrack4j.spi.FlushAll;
import io.conntrack4j.spi.FlushExpectations;
import io.conntrack4j.spi.FlushFlows;
import io.conntrack4j.spi.GetCpuStats;
import io.conntrack4j.spi.GetExpectation;
import io.conntrack4j.spi.GetExpectationStats;
import io.conntrack4j.spi.GetFlow;
import io.conntrack4j.spi.GetGlobalStats;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.Request;
import io.conntrack4j.spi.StatusMatch;
import io.conntrack4j.spi.TupleDirection;
import io.conntrack4j.spi.TupleFilter;
import io.conntrack4j.spi.UpdateFlow;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.List;
import java.util.StringJoiner;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * QuickTheories generators for the codec's model values: flows of every protocol and family with every optional
 * attribute, expectations, statistics and every {@link Request} the encoder can write. Every generator is total (any
 * draw gives a valid value), so QuickTheories can shrink through the draws; values shrink toward small numbers,
 * IPv4, TCP and absent optional attributes.
 */
final class CodecGen {
    private CodecGen() {
    }

    // ---- scalars

    static final Gen<Boolean> BOOL = Generate.booleans();

    static Gen<Integer> range(final int min, final int max) {
        return integers().between(min, max);
    }

    static Gen<Integer> u8() {
        return range(0, 0xFF);
    }

    static Gen<Integer> u16() {
        return range(0, 0xFFFF);
    }

    /** @return u32 values, skewed to the edges 0, 1 and 0xFFFFFFFF by QuickTheories' boundary distribution */
    static Gen<Long> u32() {
        return longs().between(0, 0xFFFF_FFFFL);
    }

    static Gen<Long> anyLong() {
        return longs().all();
    }

    /** @return a value in about {@code percent}% of the draws, else null */
    static <T> Gen<T> sometimes(final int percent, final Gen<T> gen) {
        return in -> range(0, 99).generate(in) < percent ? gen.generate(in) : null;
    }

    static <T> Gen<Option<T>> option(final int percent, final Gen<T> gen) {
        return sometimes(percent, gen).map(Option::of);
    }

    /** Helper and secctx names: mostly short kernel-like ASCII, sometimes any BMP text without NUL or surrogates. */
    static Gen<String> names() {
        final Gen<Integer> ascii = Generate.pick(List.of((int) 'a', (int) 'f', (int) 't', (int) 'p', (int) '-',
            (int) '1', (int) '_', (int) 'Z', (int) '.', (int) ' '));
        final Gen<Integer> bmp = range(1, 0xD7FF);
        return in -> {
            final int length = range(0, 20).generate(in);
            final boolean unicode = range(0, 9).generate(in) == 0;
            final StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append((char) (unicode ? bmp : ascii).generate(in).intValue());
            }
            return sb.toString();
        };
    }

    // ---- addresses, protocols, tuples

    static Gen<Family> families() {
        return in -> range(0, 3).generate(in) == 3 ? Family.IPV6 : Family.IPV4;
    }

    static Gen<IpAddress> address(final Family family) {
        if (family == Family.IPV4) {
            return integers().all().map(IpAddress::v4);
        }
        return anyLong().zip(anyLong(), IpAddress::v6);
    }

    /** TCP, UDP, ICMP/ICMPv6 (by family), SCTP, DCCP, GRE, UDP-Lite, or any other number. */
    static Gen<Protocol> protocol(final Family family) {
        final Protocol icmp = family == Family.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
        final Gen<Protocol> other = u8().map(n -> n == 1 || n == 58 ? icmp : Protocol.of(n));
        return in -> {
            switch (range(0, 8).generate(in)) {
                case 0:
                    return Protocol.TCP;
                case 1:
                    return Protocol.UDP;
                case 2:
                    return icmp;
                case 3:
                    return Protocol.SCTP;
                case 4:
                    return Protocol.GRE;
                case 5:
                    return Protocol.DCCP;
                case 6:
                    return Protocol.UDPLITE;
                default:
                    return other.generate(in);
            }
        };
    }

    static Gen<Layer4> layer4(final Protocol protocol) {
        return in -> {
            final boolean absent = range(0, 19).generate(in) == 19;
            if (protocol.hasPorts() && !absent) {
                return new Layer4.Ports(u16().generate(in), u16().generate(in));
            }
            if (protocol.isIcmp() && !absent) {
                return new Layer4.Icmp(u8().generate(in), u8().generate(in), u16().generate(in));
            }
            return Layer4.none();
        };
    }

    static Gen<Tuple> tuple(final Family family, final Protocol protocol) {
        return in -> new Tuple(address(family).generate(in), address(family).generate(in), protocol,
            layer4(protocol).generate(in), option(10, u16()).generate(in));
    }

    static Gen<Tuple> tuple(final Family family) {
        return in -> tuple(family, protocol(family).generate(in)).generate(in);
    }

    static Gen<Tuple> tuples() {
        return in -> tuple(families().generate(in)).generate(in);
    }

    // ---- flows

    static Gen<ProtoInfo> protoInfo(final Protocol protocol) {
        return in -> {
            if (protocol.equals(Protocol.TCP)) {
                final Gen<TcpFlags> flags = u8().zip(u8(), TcpFlags::new);
                return new ProtoInfo.Tcp(TcpState.of(range(0, 9).generate(in)), option(70, u8()).generate(in),
                    option(70, u8()).generate(in), option(70, flags).generate(in), option(70, flags).generate(in));
            }
            if (protocol.equals(Protocol.SCTP)) {
                return new ProtoInfo.Sctp(SctpState.of(range(0, 9).generate(in)), option(70, u32()).generate(in),
                    option(70, u32()).generate(in));
            }
            if (protocol.equals(Protocol.DCCP)) {
                return new ProtoInfo.Dccp(DccpState.of(range(0, 9).generate(in)), option(70, u8()).generate(in),
                    option(70, anyLong()).generate(in));
            }
            return null;
        };
    }

    static Gen<Counters> counters() {
        return anyLong().zip(anyLong(), Counters::new);
    }

    static Gen<SeqAdjustment> seqAdj() {
        return u32().zip(u32(), u32(), SeqAdjustment::new);
    }

    static Gen<Synproxy> synproxy() {
        return u32().zip(u32(), u32(), Synproxy::new);
    }

    static Gen<Labels> labels() {
        return in -> range(0, 2).generate(in) == 0 ? Labels.NONE
            : Labels.ofWords(anyLong().generate(in), anyLong().generate(in));
    }

    /** Flows as dumps, GETs and events report them: every attribute ctnetlink can carry, each optional. */
    static Gen<Flow> flows() {
        return in -> {
            final Family family = families().generate(in);
            final Protocol protocol = protocol(family).generate(in);
            final Tuple original = tuple(family, protocol).generate(in);
            final Flow.Builder b = Flow.builder(original)
                .reply(sometimes(95, tuple(family, protocol)).generate(in))
                .status(sometimes(95, integers().all().map(StatusBits::new)).generate(in))
                .timeout(sometimes(80, u32()).generate(in))
                .protoInfo(sometimes(80, protoInfo(protocol)).generate(in))
                .mark(sometimes(80, u32()).generate(in))
                .zone(range(0, 3).generate(in) == 0 ? u16().generate(in) : 0)
                .labels(labels().generate(in))
                .secmark(sometimes(10, u32()).generate(in))
                .secctx(sometimes(10, names()).generate(in))
                .use(sometimes(70, u32()).generate(in))
                .id(sometimes(90, integers().all().map(FlowId::new)).generate(in))
                .countersOriginal(sometimes(50, counters()).generate(in))
                .countersReply(sometimes(50, counters()).generate(in))
                .timestamps(sometimes(40, option(80, anyLong()).zip(option(30, anyLong()), Timestamps::new))
                    .generate(in))
                .helper(sometimes(15, names()).generate(in))
                .master(sometimes(15, tuple(family)).generate(in))
                .seqAdjOriginal(sometimes(15, seqAdj()).generate(in))
                .seqAdjReply(sometimes(15, seqAdj()).generate(in))
                .synproxy(sometimes(30, synproxy()).generate(in));
            return b.build();
        };
    }

    /**
     * Flows with only what a create request carries (no counters, timestamps, use, id, secctx, secmark), a timeout,
     * and a status a create accepts (no EXPECTED, no DYING), so that a CreateFlow round trip is exact.
     */
    static Gen<Flow> creatableFlows() {
        return in -> {
            final Flow f = flows().generate(in);
            final int forbidden = Status.EXPECTED.value() | Status.DYING.value();
            // a create without a reply tuple gets the inverse, which not every ICMP type has: always send one
            final Tuple reply = f.reply().isDefined() ? f.reply().get()
                : tuple(f.family(), f.protocol()).generate(in);
            final Flow.Builder b = Flow.builder(f.original())
                .reply(reply)
                .status(f.status().map(s -> new StatusBits(s.value() & ~forbidden)).getOrNull())
                .timeout(f.timeout().getOrElse(30L))
                .protoInfo(f.protoInfo().getOrNull())
                .mark(f.mark().getOrNull())
                .zone(f.zone())
                .labels(f.labels())
                .helper(f.helper().getOrNull())
                .master(f.master().getOrNull())
                .seqAdjOriginal(f.seqAdjOriginal().getOrNull())
                .seqAdjReply(f.seqAdjReply().getOrNull())
                .synproxy(f.synproxy().getOrNull());
            return b.build();
        };
    }

    // ---- expectations and statistics

    static Gen<Expectation> expectations(final int idPercent) {
        return in -> {
            final Family family = families().generate(in);
            final Protocol protocol = protocol(family).generate(in);
            return new Expectation(tuple(family, protocol).generate(in), tuple(family, protocol).generate(in),
                tuple(family).generate(in), option(90, u32()).generate(in), range(0, 3).generate(in) == 0
                ? u16().generate(in) : 0, range(0, 3).generate(in) == 0 ? integers().all().generate(in) : 0,
                option(30, u32()).generate(in), option(60, names()).generate(in),
                option(20, u32().zip(tuple(family), ExpectationNat::new)).generate(in),
                option(20, names()).generate(in), option(idPercent, integers().all().map(FlowId::new)).generate(in));
        };
    }

    static Gen<CpuStats> cpuStats() {
        return in -> {
            LinkedHashMap<CpuCounter, Long> counters = LinkedHashMap.empty();
            for (final CpuCounter c : CpuCounter.values()) {
                if (BOOL.generate(in)) {
                    counters = counters.put(c, u32().generate(in));
                }
            }
            return new CpuStats(u16().generate(in), counters);
        };
    }

    static Gen<GlobalStats> globalStats() {
        return u32().zip(u32(), GlobalStats::new);
    }

    // ---- requests

    static Gen<TupleFilter> tupleFilter(final Family family) {
        return in -> {
            final Option<Protocol> protocol = option(70, protocol(family)).generate(in);
            final int withFields = protocol.isDefined() ? 60 : 0;
            return new TupleFilter(option(50, address(family)).generate(in), option(50, address(family)).generate(in),
                protocol, option(withFields, u16()).generate(in), option(withFields, u16()).generate(in),
                option(withFields / 2, u8()).generate(in), option(withFields / 2, u8()).generate(in),
                option(withFields / 2, u16()).generate(in));
        };
    }

    /** Kernel filters with every kind of condition; tuple filters (possibly empty) only with a family. */
    static Gen<KernelFilter> kernelFilters() {
        return in -> {
            final Option<Family> family = option(60, families()).generate(in);
            final Option<MarkMatch> mark = option(40, u32().zip(u32(), MarkMatch::new)).generate(in);
            final Option<StatusMatch> status = option(40, integers().all().zip(integers().all(),
                (v, m) -> new StatusMatch(v, m == 0 ? 1 : m))).generate(in);
            final Option<Integer> zone = option(30, range(1, 0xFFFF)).generate(in);
            final int tuples = family.isDefined() ? 40 : 0;
            final Family f = family.getOrElse(Family.IPV4);
            return new KernelFilter(family, mark, status, zone, option(tuples, tupleFilter(f)).generate(in),
                option(tuples, tupleFilter(f)).generate(in));
        };
    }

    static Gen<NatRange> natRange(final Family family) {
        return in -> {
            final Option<Integer> minPort = option(60, u16()).generate(in);
            return new NatRange(address(family).generate(in), option(40, address(family)).generate(in), minPort,
                minPort.isDefined() ? option(70, u16()).generate(in) : Option.none());
        };
    }

    static Gen<FlowUpdate> flowUpdates() {
        final int[] settable = {Status.SEEN_REPLY.value(), Status.ASSURED.value(), Status.FIXED_TIMEOUT.value(),
            Status.HELPER.value()};
        return in -> {
            int status = 0;
            for (final int bit : settable) {
                if (range(0, 3).generate(in) == 0) {
                    status |= bit;
                }
            }
            final Labels add = labels().generate(in);
            final Labels remove = labels().generate(in).minus(add);
            return new FlowUpdate(option(50, u32().zip(u32(), MarkMatch::new)).generate(in),
                option(50, u32()).generate(in), new StatusBits(status), add, remove,
                option(30, range(0, 9).map(TcpState::of)).generate(in));
        };
    }

    static Gen<TupleDirection> directions() {
        return BOOL.map(b -> b ? TupleDirection.ORIGINAL : TupleDirection.REPLY);
    }

    static Gen<Integer> zones() {
        return in -> range(0, 2).generate(in) == 0 ? u16().generate(in) : 0;
    }

    /** @return one generator per request type the encoder can write, by name */
    static java.util.Map<String, Gen<? extends Request>> requestsByType() {
        final Gen<DumpFlows> dump = in -> {
            final FlowTable table = Generate.enumValues(FlowTable.class).generate(in);
            return new DumpFlows(table, kernelFilters().generate(in),
                table == FlowTable.CONNTRACK && BOOL.generate(in));
        };
        final Gen<GetFlow> get = in -> new GetFlow(tuples().generate(in), directions().generate(in),
            zones().generate(in));
        final Gen<CreateFlow> create = in -> {
            final Flow f = creatableFlows().generate(in);
            return new CreateFlow(f, option(25, natRange(f.family())).generate(in),
                option(25, natRange(f.family())).generate(in), BOOL.generate(in));
        };
        final Gen<UpdateFlow> update = in -> new UpdateFlow(tuples().generate(in), zones().generate(in),
            new StatusBits(integers().all().generate(in)), flowUpdates().generate(in));
        final Gen<DeleteFlow> delete = in -> new DeleteFlow(tuples().generate(in), directions().generate(in),
            zones().generate(in), option(50, integers().all().map(FlowId::new)).generate(in));
        final Gen<FlushFlows> flush = kernelFilters().assuming(f -> !f.isEmpty()).map(FlushFlows::new);
        final Gen<FlushAll> flushAll = option(50, families()).map(FlushAll::new);
        final Gen<GetGlobalStats> global = Generate.constant(GetGlobalStats::new);
        final Gen<GetCpuStats> cpu = Generate.constant(GetCpuStats::new);
        final Gen<DumpExpectations> dumpExp = in -> {
            final Option<Family> family = option(60, families()).generate(in);
            return new DumpExpectations(family,
                option(40, tuple(family.getOrElse(Family.IPV4))).generate(in));
        };
        final Gen<GetExpectation> getExp = in -> new GetExpectation(tuples().generate(in), zones().generate(in));
        final Gen<CreateExpectation> createExp = expectations(0)
            .map(x -> x.timeout().isDefined() ? x : new Expectation(x.expected(), x.mask(), x.master(),
                Option.some(60L), x.zone(), x.flags(), x.expectClass(), x.helper(), x.nat(), x.function(), x.id()))
            .map(CreateExpectation::new);
        final Gen<DeleteExpectation> deleteExp = in -> new DeleteExpectation(tuples().generate(in),
            zones().generate(in));
        final Gen<FlushExpectations> flushExp = option(50, names()).map(FlushExpectations::new);
        final Gen<GetExpectationStats> expStats = Generate.constant(GetExpectationStats::new);
        final java.util.Map<String, Gen<? extends Request>> all = new java.util.LinkedHashMap<>();
        all.put("DumpFlows", dump);
        all.put("GetFlow", get);
        all.put("CreateFlow", create);
        all.put("UpdateFlow", update);
        all.put("DeleteFlow", delete);
        all.put("FlushFlows", flush);
        all.put("FlushAll", flushAll);
        all.put("GetGlobalStats", global);
        all.put("GetCpuStats", cpu);
        all.put("DumpExpectations", dumpExp);
        all.put("GetExpectation", getExp);
        all.put("CreateExpectation", createExp);
        all.put("DeleteExpectation", deleteExp);
        all.put("FlushExpectations", flushExp);
        all.put("GetExpectationStats", expStats);
        return all;
    }

    /** @return every request type, uniformly */
    @SuppressWarnings("unchecked")
    static Gen<Request> requests() {
        final List<Gen<? extends Request>> all = List.copyOf(requestsByType().values());
        return in -> all.get(range(0, all.size() - 1).generate(in)).generate(in);
    }

    // ---- descriptions for failure reports

    /** @return every attribute of a flow (its toString prints only what conntrack prints) */
    static String describe(final Flow f) {
        final StringJoiner j = new StringJoiner(", ", "Flow{", "}");
        j.add("orig=" + f.original());
        f.reply().forEach(t -> j.add("reply=" + t));
        f.status().forEach(s -> j.add("status=0x" + Integer.toHexString(s.value())));
        f.timeout().forEach(t -> j.add("timeout=" + t));
        f.protoInfo().forEach(p -> j.add("protoinfo=" + p));
        f.mark().forEach(m -> j.add("mark=" + m));
        if (f.zone() != 0) {
            j.add("zone=" + f.zone());
        }
        if (!f.labels().isEmpty()) {
            j.add("labels=" + f.labels());
        }
        f.secmark().forEach(s -> j.add("secmark=" + s));
        f.secctx().forEach(s -> j.add("secctx=\"" + s + "\""));
        f.use().forEach(u -> j.add("use=" + u));
        f.id().forEach(i -> j.add("id=" + i));
        f.countersOriginal().forEach(c -> j.add("counters.orig=" + c));
        f.countersReply().forEach(c -> j.add("counters.reply=" + c));
        f.timestamps().forEach(t -> j.add("timestamps=" + t));
        f.helper().forEach(h -> j.add("helper=\"" + h + "\""));
        f.master().forEach(t -> j.add("master=" + t));
        f.seqAdjOriginal().forEach(s -> j.add("seqadj.orig=" + s));
        f.seqAdjReply().forEach(s -> j.add("seqadj.reply=" + s));
        f.synproxy().forEach(s -> j.add("synproxy=" + s));
        return j.toString();
    }

    /** @return a request's components, with flows described in full */
    static String describe(final Request r) {
        if (r instanceof CreateFlow) {
            final CreateFlow c = (CreateFlow) r;
            return "CreateFlow[flow=" + describe(c.flow()) + ", sourceNat=" + c.sourceNat() + ", destinationNat="
                + c.destinationNat() + ", replaceExisting=" + c.replaceExisting() + "]";
        }
        return String.valueOf(r);
    }
}
