package io.conntrack4j.cli.internal;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.text.LabelMap;
import io.vavr.control.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Parses one conntrack 1.4.7 command line into a {@link Template}, with conntrack's rules: its getopt string and long
 * options, commands taking an optional table word, options checked against the command's row of the legality table,
 * the family fixed by the first address, and the same error messages in the same order.
 */
final class Parser {
    /** conntrack 1.4.7's getopt string. */
    static final String SHORT_OPTIONS = ":L::I::U::D::G::E::F::A::hVs:d:r:q:p:t:u:e:a:z[:]:{:}:m:i:f:o:n::g::c:b:C::Sj::"
        + "w:l:<:>::(:):";

    private static final List<Getopt.LongOption> LONG_OPTIONS = List.of(
        opt("dump", Getopt.Arg.OPTIONAL, 'L'), opt("create", Getopt.Arg.OPTIONAL, 'I'),
        opt("add", Getopt.Arg.OPTIONAL, 'A'), opt("delete", Getopt.Arg.OPTIONAL, 'D'),
        opt("update", Getopt.Arg.OPTIONAL, 'U'), opt("get", Getopt.Arg.OPTIONAL, 'G'),
        opt("flush", Getopt.Arg.OPTIONAL, 'F'), opt("event", Getopt.Arg.OPTIONAL, 'E'),
        opt("counter", Getopt.Arg.OPTIONAL, 'C'), opt("stats", Getopt.Arg.NONE, 'S'),
        opt("version", Getopt.Arg.NONE, 'V'), opt("help", Getopt.Arg.NONE, 'h'),
        opt("orig-src", Getopt.Arg.REQUIRED, 's'), opt("src", Getopt.Arg.REQUIRED, 's'),
        opt("orig-dst", Getopt.Arg.REQUIRED, 'd'), opt("dst", Getopt.Arg.REQUIRED, 'd'),
        opt("reply-src", Getopt.Arg.REQUIRED, 'r'), opt("reply-dst", Getopt.Arg.REQUIRED, 'q'),
        opt("protonum", Getopt.Arg.REQUIRED, 'p'), opt("timeout", Getopt.Arg.REQUIRED, 't'),
        opt("status", Getopt.Arg.REQUIRED, 'u'), opt("zero", Getopt.Arg.NONE, 'z'),
        opt("event-mask", Getopt.Arg.REQUIRED, 'e'), opt("tuple-src", Getopt.Arg.REQUIRED, '['),
        opt("tuple-dst", Getopt.Arg.REQUIRED, ']'), opt("mask-src", Getopt.Arg.REQUIRED, '{'),
        opt("mask-dst", Getopt.Arg.REQUIRED, '}'), opt("nat-range", Getopt.Arg.REQUIRED, 'a'),
        opt("mark", Getopt.Arg.REQUIRED, 'm'), opt("secmark", Getopt.Arg.REQUIRED, 'c'),
        opt("id", Getopt.Arg.OPTIONAL, 'i'), opt("family", Getopt.Arg.REQUIRED, 'f'),
        opt("src-nat", Getopt.Arg.OPTIONAL, 'n'), opt("dst-nat", Getopt.Arg.OPTIONAL, 'g'),
        opt("output", Getopt.Arg.REQUIRED, 'o'), opt("buffer-size", Getopt.Arg.REQUIRED, 'b'),
        opt("any-nat", Getopt.Arg.OPTIONAL, 'j'), opt("zone", Getopt.Arg.REQUIRED, 'w'),
        opt("label", Getopt.Arg.REQUIRED, 'l'), opt("label-add", Getopt.Arg.REQUIRED, '<'),
        opt("label-del", Getopt.Arg.OPTIONAL, '>'), opt("orig-zone", Getopt.Arg.REQUIRED, '('),
        opt("reply-zone", Getopt.Arg.REQUIRED, ')'));

    private static final int[] ADDRESS_PAIRS = {Opt.bits(Opt.ORIG_SRC, Opt.ORIG_DST),
        Opt.bits(Opt.REPL_SRC, Opt.REPL_DST)};

    private final PrintStream err;
    private final Supplier<LabelMap> labelMaps;
    private final Template t = new Template();
    private Getopt getopt;
    private int protoOffset;
    private boolean labelMapLoaded;

    private Parser(final PrintStream err, final Supplier<LabelMap> labelMaps) {
        this.err = err;
        this.labelMaps = labelMaps;
    }

    private static Getopt.LongOption opt(final String name, final Getopt.Arg arg, final char code) {
        return new Getopt.LongOption(name, arg, code);
    }

    /**
     * @param args the arguments (without the program name)
     * @param err       where warnings go, as conntrack prints them while parsing
     * @param labelMaps reads connlabel.conf (null if it is missing) when labels are used
     * @return the parsed command line; {@link Template#command} is null when no command was given
     * @throws CliFailure when conntrack would reject the line
     */
    static Template parse(final List<String> args, final PrintStream err, final Supplier<LabelMap> labelMaps) {
        return new Parser(err, labelMaps).run(args);
    }

    private Template run(final List<String> args) {
        final String[] argv = new String[args.size() + 1];
        argv[0] = "conntrack";
        for (int i = 0; i < args.size(); i++) {
            argv[i + 1] = args.get(i);
        }
        getopt = new Getopt(argv, SHORT_OPTIONS, LONG_OPTIONS);
        int c;
        while ((c = getopt.next()) != Getopt.END) {
            option(c);
        }
        if (t.family == 0 && t.command != null) {
            switch (t.command) {
                case CT_LIST: case CT_UPDATE: case CT_DELETE: case CT_GET: case CT_FLUSH: case CT_EVENT:
                    break;
                default:
                    t.family = Template.AF_INET;
            }
        }
        if ((t.outputMask & Keywords.O_CL) != 0) {
            labelMap();
        }
        if (t.has(Opt.ANY_NAT) && (t.has(Opt.SRC_NAT) || t.has(Opt.DST_NAT))) {
            throw CliFailure.parameter("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'");
        }
        final Cmd command = t.command;
        final int partial = OptionCheck.check(t.options, Opt.values().length,
            i -> command == null ? 0 : command.legality(Opt.values()[i]), i -> Opt.values()[i].flagName(),
            ADDRESS_PAIRS);
        if (partial == 1) {
            throw CliFailure.parameter("you have to specify `--reply-src' and `--reply-dst'");
        }
        if (partial != -2) {
            throw CliFailure.parameter("you have to specify `--src' and `--dst'");
        }
        if (command != Cmd.CT_HELP && t.proto != null && command != null) {
            t.proto.finalCheck(command, t);
        }
        return t;
    }

    /** Reads connlabel.conf once, when a label is first needed (a missing file is reported once). */
    private LabelMap labelMap() {
        if (!labelMapLoaded) {
            labelMapLoaded = true;
            t.labelMap = labelMaps.get();
        }
        return t.labelMap;
    }

    private Labels labels(final List<String> names) {
        labelMap();
        Labels bits = Labels.NONE;
        for (final String name : names) {
            final Option<Integer> bit = t.labelMap == null ? Option.none() : t.labelMap.bit(name);
            if (bit.isEmpty()) {
                throw CliFailure.parameter("unknown label '" + name + "'");
            }
            bits = bits.with(bit.get());
        }
        return bits;
    }

    private void option(final int c) {
        switch (c) {
            case 'L': case 'I': case 'D': case 'G': case 'F': case 'E': case 'V': case 'h': case 'C': case 'S':
            case 'U': case 'A':
                command((char) c);
                break;
            case 's': case 'd': case 'r': case 'q':
                address((char) c, getopt.optarg());
                break;
            case '[':
                t.tupleSrc = address(Opt.EXP_SRC, getopt.optarg(), Opt.MASK_SRC, true);
                break;
            case ']':
                t.tupleDst = address(Opt.EXP_DST, getopt.optarg(), Opt.MASK_DST, true);
                break;
            case '{':
                t.maskSrc = address(Opt.MASK_SRC, getopt.optarg(), null, true);
                break;
            case '}':
                t.maskDst = address(Opt.MASK_DST, getopt.optarg(), null, true);
                break;
            case 'p':
                protocol(getopt.optarg());
                break;
            case 't':
                t.options |= Opt.TIMEOUT.bit();
                t.timeout = CNumbers.atol(getopt.optarg());
                break;
            case 'u':
                t.options |= Opt.STATUS.bit();
                status(getopt.optarg());
                break;
            case 'e':
                t.options |= Opt.EVENT_MASK.bit();
                t.eventMask |= Keywords.parse(getopt.optarg(), Keywords.EVENTS, err);
                break;
            case 'o':
                t.options |= Opt.OUTPUT.bit();
                t.outputMask |= Keywords.parse(getopt.optarg(), Keywords.OUTPUTS, err);
                if ((t.outputMask & Keywords.O_SAVE) != 0 && (t.outputMask & ~Keywords.O_SAVE) != 0) {
                    throw CliFailure.other(
                        "cannot combine save output with any other output type, use -o save only");
                }
                break;
            case 'z':
                t.options |= Opt.ZERO.bit();
                break;
            case 'n': case 'g': case 'j':
                nat((char) c);
                break;
            case 'w':
                t.options |= Opt.ZONE.bit();
                t.zone = (int) CNumbers.strtoul(getopt.optarg()) & 0xFFFF;
                break;
            case '(':
                t.options |= Opt.ORIG_ZONE.bit();
                t.origZone = (int) CNumbers.strtoul(getopt.optarg()) & 0xFFFF;
                break;
            case ')':
                t.options |= Opt.REPL_ZONE.bit();
                t.replyZone = (int) CNumbers.strtoul(getopt.optarg()) & 0xFFFF;
                break;
            case 'i':
                t.options |= Opt.ID.bit();
                t.id = getopt.optarg() == null ? 0L : CNumbers.strtoul(getopt.optarg()) & 0xFFFFFFFFL;
                break;
            case 'c':
                t.options |= Opt.SECMARK.bit();
                t.secmark = CNumbers.strtoul(getopt.optarg()) & 0xFFFFFFFFL;
                break;
            case 'm':
                t.options |= Opt.MARK.bit();
                mark(getopt.optarg());
                break;
            case 'l': case '<': case '>':
                label((char) c);
                break;
            case 'a':
                err.print("WARNING: ignoring -a, deprecated option.\n");
                break;
            case 'f':
                t.options |= Opt.FAMILY.bit();
                family(getopt.optarg());
                break;
            case 'b':
                t.options |= Opt.BUFFERSIZE.bit();
                t.bufferSize = CNumbers.atol(getopt.optarg());
                break;
            case Getopt.MISSING_ARGUMENT:
                throw CliFailure.parameter("option `" + getopt.lastWord() + "' requires an argument");
            case Getopt.UNKNOWN:
                throw CliFailure.parameter("unknown option `" + getopt.lastWord() + "'");
            default:
                protocolOption(c);
        }
    }

    private void command(final char c) {
        final String table = table();
        final Cmd command;
        if (c == 'L' && (table.equals("dying") || table.equals("unconfirmed"))) {
            command = Cmd.CT_LIST;
        } else {
            if (table.equals("dying") || table.equals("unconfirmed")) {
                throw CliFailure.parameter("Can't do that command with tables `dying' and `unconfirmed'");
            }
            command = Commands.of(c, table.equals("expect"));
            if (command == null) {
                throw CliFailure.parameter("Can't do --" + Commands.longName(c) + " on "
                    + (table.equals("conntrack") ? "conntrack" : "expectations"));
            }
        }
        if (t.command != null) {
            throw CliFailure.parameter("Invalid commands combination");
        }
        t.command = command;
        t.table = table;
    }

    /** conntrack's check_type: the word after a command, if any, names the table (any prefix works). */
    private String table() {
        final String word = getopt.takeOptionalWord();
        if (word == null) {
            return "conntrack";
        }
        for (final String table : List.of("expect", "conntrack", "dying", "unconfirmed")) {
            if (table.startsWith(word)) {
                return table;
            }
        }
        throw CliFailure.parameter("unknown type `" + word + "'");
    }

    private void address(final char c, final String text) {
        switch (c) {
            case 's':
                t.origSrc = address(Opt.ORIG_SRC, text, Opt.MASK_SRC, true);
                break;
            case 'd':
                t.origDst = address(Opt.ORIG_DST, text, Opt.MASK_DST, true);
                break;
            case 'r':
                t.replySrc = address(Opt.REPL_SRC, text, null, true);
                break;
            default:
                t.replyDst = address(Opt.REPL_DST, text, null, true);
        }
    }

    /**
     * conntrack's {@code nfct_parse_addr_from_opt}: an address with an optional {@code /len} for the options that
     * have a mask option.
     */
    private IpAddress address(final Opt option, final String text, final Opt maskOption, final boolean setsOption) {
        int prefix = -1;
        String addressText = text;
        final int slash = text.indexOf('/');
        if (slash >= 0) {
            addressText = text.substring(0, slash);
            prefix = cidr(text.substring(slash + 1));
        }
        final IpAddress address = Inet.parse(addressText);
        if (address == null) {
            throw CliFailure.parameter("Invalid IP address `" + text + "'");
        }
        final int family = address.isV4() ? Template.AF_INET : Template.AF_INET6;
        setFamily(family);
        final int bits = address.isV4() ? 32 : 128;
        if (prefix > bits) {
            prefix = -2;
        }
        if (prefix != -1 && maskOption == null) {
            throw CliFailure.parameter("CIDR notation unavailable for `--" + longName(option) + "'");
        } else if (prefix == -2) {
            throw CliFailure.parameter("Invalid netmask");
        }
        if (setsOption) {
            t.options |= option.bit();
        }
        if (prefix >= 0 && prefix != bits) {
            t.options |= maskOption.bit();
            final IpAddress mask = netmask(address.isV4(), prefix);
            if (maskOption == Opt.MASK_SRC) {
                t.maskSrc = mask;
            } else {
                t.maskDst = mask;
            }
        }
        return address;
    }

    private static String longName(final Opt option) {
        switch (option) {
            case MASK_SRC: return "mask-src";
            case MASK_DST: return "mask-dst";
            case SRC_NAT: return "src-nat";
            case DST_NAT: return "dst-nat";
            case ANY_NAT: return "any-nat";
            default: return option.flagName();
        }
    }

    private static int cidr(final String text) {
        if (text.isEmpty()) {
            return -2;
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long value = 0;
        if (i >= text.length()) {
            return -2;
        }
        for (; i < text.length(); i++) {
            final char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -2;
            }
            value = Math.min(value * 10 + (ch - '0'), Integer.MAX_VALUE);
        }
        return negative ? -2 : (int) value;
    }

    private static IpAddress netmask(final boolean v4, final int prefix) {
        final byte[] bytes = new byte[v4 ? 4 : 16];
        for (int i = 0; i < prefix; i++) {
            bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return IpAddress.of(bytes);
    }

    private void setFamily(final int family) {
        if (t.family == 0) {
            t.family = family;
        } else if (t.family != family) {
            throw CliFailure.parameter("mismatched address family");
        }
    }

    private void family(final String text) {
        if (text.startsWith("ipv4")) {
            setFamily(Template.AF_INET);
        } else if (text.startsWith("ipv6")) {
            setFamily(Template.AF_INET6);
        } else {
            throw CliFailure.parameter("`" + text + "' unsupported protocol");
        }
    }

    private void protocol(final String text) {
        t.options |= Opt.PROTO.bit();
        final ProtoHandler.Found found = text.toLowerCase(Locale.ROOT).equals("unknown") ? null
            : ProtoHandler.find(text);
        if (found == null) {
            throw CliFailure.parameter("`" + text + "' unsupported protocol");
        }
        protoOffset += ProtoHandler.CODE_OFFSET;
        getopt.addLongOptions(found.handler().options(protoOffset));
        t.proto = found.handler();
        t.protonum = found.number();
    }

    private void protocolOption(final int code) {
        if (t.proto == null || code < protoOffset || code >= protoOffset + ProtoHandler.CODE_OFFSET) {
            // an option of a protocol named by an earlier -p: conntrack hands it to the last protocol, which ignores it
            return;
        }
        t.proto.parse(code - protoOffset, getopt.optarg(), t);
    }

    /** conntrack's parse_parameter_mask: {@code -u} keywords, {@code !KEYWORD} and UNREPLIED go into the kernel mask. */
    private void status(final String text) {
        int value = 0;
        int mask = 0;
        String rest = text;
        while (true) {
            final int comma = rest.indexOf(',');
            final String item = comma < 0 ? rest : rest.substring(0, comma);
            if (comma == 0) {
                throw CliFailure.parameter("Bad parameter `" + rest + "'");
            }
            final boolean negated = item.startsWith("!");
            final String word = negated ? item.substring(1) : item;
            final String remaining = negated ? rest.substring(1) : rest;
            if (!negated && remaining.startsWith("UNREPLIED")) {
                mask |= io.conntrack4j.model.Status.SEEN_REPLY.value();
            } else {
                if (word.isEmpty()) {
                    throw CliFailure.parameter("Bad parameter `" + remaining + "'");
                }
                final Integer bits = Keywords.lookup(word, Keywords.STATUS, err);
                if (bits == null) {
                    throw CliFailure.parameter("Bad parameter `" + remaining + "'");
                }
                if (negated) {
                    mask |= bits;
                } else {
                    value |= bits;
                }
            }
            if (comma < 0) {
                break;
            }
            rest = rest.substring(comma + 1);
        }
        t.statusValue |= value;
        t.statusKernelMask |= mask;
        if (t.statusKernelMask == 0) {
            t.statusKernelMask = t.statusValue;
        }
    }

    private void mark(final String text) {
        final int slash = text.indexOf('/');
        t.markValue = CNumbers.strtoul(slash < 0 ? text : text.substring(0, slash)) & 0xFFFFFFFFL;
        t.markMask = slash < 0 ? 0xFFFFFFFFL : CNumbers.strtoul(text.substring(slash + 1)) & 0xFFFFFFFFL;
    }

    private void nat(final char c) {
        final Opt option = c == 'n' ? Opt.SRC_NAT : c == 'g' ? Opt.DST_NAT : Opt.ANY_NAT;
        t.options |= option.bit();
        final String word = getopt.takeOptionalWord();
        if (word == null) {
            return;
        }
        final NatArgument nat = NatArgument.parse(word);
        final IpAddress address = address(option, nat.address(), null, false);
        final Integer port = nat.port();
        if (c != 'g') {
            t.snatAddress = address;
            t.snatPort = port;
        }
        if (c != 'n') {
            t.dnatAddress = address;
            t.dnatPort = port;
        }
    }

    private void label(final char c) {
        final Opt option = c == 'l' ? Opt.LABEL : c == '<' ? Opt.ADD_LABEL : Opt.DEL_LABEL;
        t.options |= option.bit();
        if (t.has(Opt.ADD_LABEL) && t.has(Opt.DEL_LABEL)) {
            throw CliFailure.other("cannot use --label-add and --label-del at the same time");
        }
        String names = getopt.optarg();
        if (c == '>') {
            names = getopt.takeOptionalWord();
            if (names == null) {
                return;
            }
        }
        // 1.4.7 resolves the names as it meets the option: an unknown name fails before later options are seen
        final List<String> split = List.of(names.split(",", -1));
        final Labels bits = labels(split);
        if (c == 'l') {
            t.labels.addAll(split);
            t.labelFilter = t.labelFilter.union(bits);
        } else {
            t.labelChanges.addAll(split);
            t.labelChange = t.labelChange.union(bits);
        }
    }
}
