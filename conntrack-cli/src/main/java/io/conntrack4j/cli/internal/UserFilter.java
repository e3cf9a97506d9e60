package io.conntrack4j.cli.internal;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.conntrack4j.model.Tuple;
import io.vavr.control.Option;

import java.util.function.Predicate;

/**
 * The filter conntrack applies to every dumped entry or received event ({@code nfct_filter}): NAT, mark, labels,
 * network masks, then the compare of every other field the command line gave, with libnetfilter_conntrack's
 * semantics (addresses, protocol, ports and TCP state strictly; status as a subset; zones with absent meaning 0).
 *
 * <p>Two 1.4.7 bugs that make {@code -D} delete what it should not are fixed here: negated status bits
 * ({@code -u UNREPLIED}, {@code -u !ASSURED}) are tested, not only sent to the kernel on {@code -L}; and GRE keys are
 * compared (1.4.7 ignores them, so {@code -D -p gre --srckey 5} deleted every GRE flow).
 */
final class UserFilter implements Predicate<Flow> {
    private final Template t;
    private final boolean compare;
    private final Labels labels;

    /**
     * @param t      the parsed command line
     * @param labels the bits of {@code -l}
     */
    UserFilter(final Template t, final Labels labels) {
        this.t = t;
        this.labels = labels;
        // 1.4.7 compares -t only when another comparison option is given, so -D -t N deleted everything (Q13)
        this.compare = t.compares() || (t.command == Cmd.CT_DELETE && t.has(Opt.TIMEOUT));
    }

    @Override
    public boolean test(final Flow f) {
        return nat(f) && mark(f) && labels(f) && network(f) && (!compare || compare(f));
    }

    /**
     * The selection of {@code -U} (conntrack's update callback): NAT, labels, networks, the id, and the tuples of
     * the directions the command line named. Mark, status and timeout are values to set there, not filters.
     *
     * @param f a dumped flow
     * @return true if the flow is to be updated
     */
    boolean selectsForUpdate(final Flow f) {
        if (!(nat(f) && labels(f) && network(f))) {
            return false;
        }
        if (t.id != null && f.id().isDefined() && f.id().get().unsigned() != t.id) {
            return false;
        }
        final boolean origGiven = t.has(Opt.ORIG_SRC) || t.has(Opt.ORIG_DST) || t.has(Opt.PROTO);
        final boolean replyGiven = t.has(Opt.REPL_SRC) || t.has(Opt.REPL_DST) || t.has(Opt.PROTO);
        return (!origGiven || original(f)) && (!replyGiven || reply(f));
    }

    private boolean mark(final Flow f) {
        return !t.has(Opt.MARK) || f.mark().exists(m -> (m & t.markMask) == t.markValue);
    }

    private boolean labels(final Flow f) {
        return labels.isEmpty() || f.labels().containsAll(labels);
    }

    private boolean network(final Flow f) {
        if (t.has(Opt.MASK_SRC) && !inNetwork(f, f.original().source(), t.origSrc, t.maskSrc)) {
            return false;
        }
        return !t.has(Opt.MASK_DST) || inNetwork(f, f.original().destination(), t.origDst, t.maskDst);
    }

    private boolean inNetwork(final Flow f, final IpAddress address, final IpAddress network, final IpAddress mask) {
        if (familyOf(f) != t.family || network == null || mask == null) {
            return false;
        }
        final byte[] a = address.toBytes();
        final byte[] n = network.toBytes();
        final byte[] m = mask.toBytes();
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & m[i]) != (n[i] & m[i])) {
                return false;
            }
        }
        return true;
    }

    private static int familyOf(final Flow f) {
        return f.original().source().isV4() ? Template.AF_INET : Template.AF_INET6;
    }

    private boolean nat(final Flow f) {
        final boolean any = t.has(Opt.ANY_NAT);
        final boolean checkSource = any || t.has(Opt.SRC_NAT);
        final boolean checkDestination = any || t.has(Opt.DST_NAT);
        if (!checkSource && !checkDestination) {
            return true;
        }
        final boolean hasSource = checkSource && natMatches(f, true);
        final boolean hasDestination = checkDestination && natMatches(f, false);
        if (any) {
            return hasSource || hasDestination;
        }
        if (checkSource && checkDestination) {
            return hasSource && hasDestination;
        }
        return checkSource ? hasSource : hasDestination;
    }

    /** conntrack's filter_nat for one direction: NAT detected, to the given address and port if any. */
    private boolean natMatches(final Flow f, final boolean source) {
        final IpAddress address = source ? t.snatAddress : t.dnatAddress;
        final Integer port = source ? t.snatPort : t.dnatPort;
        final Option<Tuple> reply = f.reply();
        if (reply.isEmpty()) {
            return false;
        }
        final boolean isNat = source ? f.isSourceNat() : f.isDestinationNat();
        final boolean isPat = portTranslated(f, source);
        boolean has = false;
        if (address != null) {
            has = isNat && address.equals(source ? reply.get().destination() : reply.get().source());
        }
        if (port != null) {
            final Option<Integer> replyPort = source ? reply.get().destinationPort() : reply.get().sourcePort();
            final boolean portMatches = isPat && replyPort.contains(port);
            if (address != null && has && !portMatches) {
                has = false;
            }
            if (address == null && portMatches) {
                has = true;
            }
        }
        if (address == null && port == null) {
            has = isNat || isPat;
        }
        return has;
    }

    private static boolean portTranslated(final Flow f, final boolean source) {
        final Status done = source ? Status.SRC_NAT_DONE : Status.DST_NAT_DONE;
        if (f.status().isDefined() && !f.status().get().has(done)) {
            return false;
        }
        final Tuple o = f.original();
        final Tuple r = f.reply().get();
        if (!(o.layer4() instanceof Layer4.Ports) || !(r.layer4() instanceof Layer4.Ports)) {
            return false;
        }
        return source ? !r.destinationPort().equals(o.sourcePort()) : !r.sourcePort().equals(o.destinationPort());
    }

    /** libnetfilter_conntrack's nfct_cmp(template, flow, NFCT_CMP_ALL | NFCT_CMP_MASK), with the fixes above. */
    private boolean compare(final Flow f) {
        if (t.id != null && !f.id().exists(id -> id.unsigned() == t.id)) {
            return false;
        }
        if (t.command == Cmd.CT_DELETE && t.timeout != null && !f.timeout().contains(t.timeout)) {
            return false;
        }
        if (t.has(Opt.STATUS) && !status(f)) {
            return false;
        }
        if (t.protoState != null && !protoState(f)) {
            return false;
        }
        if (t.zone != null && f.zone() != t.zone) {
            return false;
        }
        return original(f) && reply(f);
    }

    private boolean status(final Flow f) {
        if (f.status().isEmpty()) {
            return false;
        }
        final StatusBits s = f.status().get();
        final int clear = t.statusKernelMask & ~t.statusValue;
        return (s.value() & t.statusValue) == t.statusValue && (s.value() & clear) == 0;
    }

    private boolean protoState(final Flow f) {
        final Option<ProtoInfo> info = f.protoInfo();
        if (info.isEmpty()) {
            return false;
        }
        final ProtoInfo p = info.get();
        if (p instanceof ProtoInfo.Tcp) {
            return t.protonum == 6 && ((ProtoInfo.Tcp) p).state().value() == t.protoState;
        }
        if (p instanceof ProtoInfo.Sctp) {
            return t.protonum == 132 && ((ProtoInfo.Sctp) p).state().value() == t.protoState;
        }
        return t.protonum == 33 && ((ProtoInfo.Dccp) p).state().value() == t.protoState;
    }

    private boolean original(final Flow f) {
        final Tuple o = f.original();
        final boolean addressGiven = (t.origSrc != null && !t.has(Opt.MASK_SRC))
            || (t.origDst != null && !t.has(Opt.MASK_DST)) || t.snatAddress != null || t.dnatAddress != null;
        if (addressGiven && familyOf(f) != t.family) {
            return false;
        }
        if (t.origSrc != null && !t.has(Opt.MASK_SRC) && !o.source().equals(t.origSrc)) {
            return false;
        }
        if (t.origDst != null && !t.has(Opt.MASK_DST) && !o.destination().equals(t.origDst)) {
            return false;
        }
        if ((t.has(Opt.PROTO) || t.origSport != null || t.origDport != null) && o.protocol().number() != t.protonum) {
            return false;
        }
        if (!layer4(o, t.origSport, t.origDport)) {
            return false;
        }
        if (t.protonum == 1 || t.protonum == 58) {
            final Option<Layer4.Icmp> icmp = o.icmp();
            if (t.icmpType != null && !icmp.exists(i -> i.type() == t.icmpType)
                || t.icmpCode != null && !icmp.exists(i -> i.code() == t.icmpCode)
                || t.icmpId != null && !icmp.exists(i -> i.id() == t.icmpId)) {
                return false;
            }
        }
        return t.origZone == null || o.zone().getOrElse(0).equals(t.origZone);
    }

    private boolean reply(final Flow f) {
        final boolean given = t.replySrc != null || t.replyDst != null || t.replySport != null
            || t.replyDport != null || t.replyZone != null;
        if (!given) {
            return true;
        }
        if (f.reply().isEmpty()) {
            return false;
        }
        final Tuple r = f.reply().get();
        if ((t.replySrc != null || t.replyDst != null) && familyOf(f) != t.family) {
            return false;
        }
        if (t.replySrc != null && !r.source().equals(t.replySrc)) {
            return false;
        }
        if (t.replyDst != null && !r.destination().equals(t.replyDst)) {
            return false;
        }
        if ((t.replySport != null || t.replyDport != null) && r.protocol().number() != t.protonum) {
            return false;
        }
        if (!layer4(r, t.replySport, t.replyDport)) {
            return false;
        }
        return t.replyZone == null || r.zone().getOrElse(0).equals(t.replyZone);
    }

    private static boolean layer4(final Tuple tuple, final Integer sport, final Integer dport) {
        if (sport == null && dport == null) {
            return true;
        }
        if (!tuple.protocol().hasPorts() && !tuple.protocol().equals(Protocol.GRE)) {
            return false;
        }
        return (sport == null || tuple.sourcePort().contains(sport))
            && (dport == null || tuple.destinationPort().contains(dport));
    }
}
