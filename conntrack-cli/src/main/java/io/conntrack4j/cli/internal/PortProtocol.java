package io.conntrack4j.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The protocols with ports (TCP, UDP, UDP-Lite, SCTP, DCCP): conntrack 1.4.7's option tables for each, with their
 * state names and, for SCTP and DCCP, the verification tags and the role.
 */
final class PortProtocol {
    /** TCP state names by value; LISTEN is accepted as 9. */
    static final List<String> TCP_STATES = List.of("NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
        "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2");
    /** SCTP state names by value. */
    static final List<String> SCTP_STATES = List.of("NONE", "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED",
        "SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT");
    /** DCCP state names by value. */
    static final List<String> DCCP_STATES = List.of("NONE", "REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ",
        "CLOSING", "TIMEWAIT", "IGNORE", "INVALID");

    private static final String ORIG_PAIR = "you have to specify `--sport' and `--dport'";
    private static final String REPLY_PAIR = "you have to specify `--reply-src-port' and `--reply-dst-port'";

    /** TCP. */
    static final TableProtocol TCP = new TableProtocol("tcp", 6, withState(portColumns(), "tcp", TCP_STATES,
        "unknown TCP state `%s'", true), Map.of(
            Cmd.CT_LIST, "222200200", Cmd.CT_CREATE, "333300100", Cmd.CT_UPDATE, "222200200",
            Cmd.CT_DELETE, "222200200", Cmd.CT_GET, "333300200", Cmd.CT_EVENT, "222200200",
            Cmd.EXP_CREATE, "110011011", Cmd.EXP_DELETE, "111100000", Cmd.EXP_GET, "111100000",
            Cmd.CT_ADD, "333300100"),
        ORIG_PAIR, REPLY_PAIR, portHelp("  --state\t\t\tTCP state, e.g. ESTABLISHED\n"));
    /** UDP. */
    static final TableProtocol UDP = new TableProtocol("udp", 17, withTuplePorts(portColumns()), udpLegality(),
        ORIG_PAIR, REPLY_PAIR, portHelp(""));
    /** UDP-Lite. */
    static final TableProtocol UDPLITE = new TableProtocol("udplite", 136, withTuplePorts(portColumns()),
        udpLegality(), ORIG_PAIR, REPLY_PAIR, portHelp(""));
    /** SCTP. */
    static final TableProtocol SCTP = new TableProtocol("sctp", 132, sctpColumns(), Map.of(
            Cmd.CT_LIST, "22220020000", Cmd.CT_CREATE, "33330010011", Cmd.CT_UPDATE, "22220020022",
            Cmd.CT_DELETE, "22220020000", Cmd.CT_GET, "33330020022", Cmd.CT_EVENT, "22220020000",
            Cmd.EXP_CREATE, "11001101111", Cmd.EXP_DELETE, "11110000000", Cmd.EXP_GET, "11110000000",
            Cmd.CT_ADD, "33330010011"),
        ORIG_PAIR, REPLY_PAIR, portHelp("  --state\t\t\tSCTP state, e.g. ESTABLISHED\n"
            + "  --orig-vtag\t\toriginal verification tag\n  --reply-vtag\t\treply verification tag\n"));
    /** DCCP. */
    static final TableProtocol DCCP = new TableProtocol("dccp", 33, dccpColumns(), Map.of(
            Cmd.CT_LIST, "2222002000", Cmd.CT_CREATE, "3333001001", Cmd.CT_UPDATE, "2222002000",
            Cmd.CT_DELETE, "2222002000", Cmd.CT_GET, "3333002000", Cmd.CT_EVENT, "2222002000",
            Cmd.EXP_CREATE, "1100110111", Cmd.EXP_DELETE, "1111000000", Cmd.EXP_GET, "1111000000",
            Cmd.CT_ADD, "3333001001"),
        ORIG_PAIR, "you have to specify `--reply-port-src' and `--report-port-dst'",
        portHelp("  --state\t\t\tDCCP state, e.g. RESPOND\n  --role\t\t\tDCCP role, client or server\n"));

    private PortProtocol() {
    }

    private static Map<Cmd, String> udpLegality() {
        return Map.of(Cmd.CT_LIST, "22220000", Cmd.CT_CREATE, "33330000", Cmd.CT_UPDATE, "22220000",
            Cmd.CT_DELETE, "22220000", Cmd.CT_GET, "33330000", Cmd.CT_EVENT, "22220000",
            Cmd.EXP_CREATE, "11001111", Cmd.EXP_DELETE, "11110000", Cmd.EXP_GET, "11110000",
            Cmd.CT_ADD, "33330000");
    }

    private static List<ProtoColumn> portColumns() {
        final List<ProtoColumn> c = new ArrayList<>();
        c.add(new ProtoColumn("sport", List.of("orig-port-src", "sport"), (t, a) -> t.origSport = CNumbers.u16(a)));
        c.add(new ProtoColumn("dport", List.of("orig-port-dst", "dport"), (t, a) -> t.origDport = CNumbers.u16(a)));
        c.add(new ProtoColumn("reply-port-src", List.of("reply-port-src"), (t, a) -> t.replySport = CNumbers.u16(a)));
        c.add(new ProtoColumn("reply-port-dst", List.of("reply-port-dst"), (t, a) -> t.replyDport = CNumbers.u16(a)));
        c.add(new ProtoColumn("mask-port-src", List.of("mask-port-src"), (t, a) -> t.maskSport = CNumbers.u16(a)));
        c.add(new ProtoColumn("mask-port-dst", List.of("mask-port-dst"), (t, a) -> t.maskDport = CNumbers.u16(a)));
        return c;
    }

    private static List<ProtoColumn> withTuplePorts(final List<ProtoColumn> c) {
        c.add(new ProtoColumn("tuple-port-src", List.of("tuple-port-src"), (t, a) -> t.tupleSport = CNumbers.u16(a)));
        c.add(new ProtoColumn("tuple-port-dst", List.of("tuple-port-dst"), (t, a) -> t.tupleDport = CNumbers.u16(a)));
        return c;
    }

    private static List<ProtoColumn> withState(final List<ProtoColumn> c, final String proto,
                                               final List<String> names, final String unknown,
                                               final boolean listenAlias) {
        c.add(new ProtoColumn("state", List.of("state"), (t, a) -> t.protoState = state(a, names, unknown,
            listenAlias)));
        return withTuplePorts(c);
    }

    private static int state(final String name, final List<String> names, final String unknown,
                             final boolean listenAlias) {
        final int index = names.indexOf(name);
        if (index >= 0) {
            return index;
        }
        if (listenAlias && name.equals("LISTEN")) {
            return 9;
        }
        throw CliFailure.parameter(String.format(unknown, name));
    }

    private static List<ProtoColumn> sctpColumns() {
        final List<ProtoColumn> c = withState(portColumns(), "sctp", SCTP_STATES, "unknown SCTP state `%s'", false);
        c.add(new ProtoColumn("orig-vtag", List.of("orig-vtag"), (t, a) -> t.origVtag = vtag(a)));
        c.add(new ProtoColumn("reply-vtag", List.of("reply-vtag"), (t, a) -> t.replyVtag = vtag(a)));
        return c;
    }

    /**
     * 1.4.7 stores {@code htonl(atoi(tag))} and libnetfilter_conntrack converts once more: the kernel gets the tag
     * byte-swapped. Kept, so that a table saved with {@code -o save} by either tool restores the same tags.
     */
    private static long vtag(final String text) {
        return Integer.toUnsignedLong(Integer.reverseBytes((int) CNumbers.atol(text)));
    }

    private static List<ProtoColumn> dccpColumns() {
        final List<ProtoColumn> c = withState(portColumns(), "dccp", DCCP_STATES, "Unknown DCCP state `%s'", false);
        c.add(new ProtoColumn("role", List.of("role"), (t, a) -> t.dccpRole = role(a)));
        return c;
    }

    private static int role(final String text) {
        final String lower = text.toLowerCase(Locale.ROOT);
        if ("client".startsWith(lower)) {
            return 0;
        }
        if ("server".startsWith(lower)) {
            return 1;
        }
        throw CliFailure.parameter("Unknown DCCP role `" + text + "'");
    }

    private static String portHelp(final String more) {
        return "  --sport, --orig-port-src\toriginal source port\n"
            + "  --dport, --orig-port-dst\toriginal destination port\n"
            + "  --reply-port-src\t\treply source port\n"
            + "  --reply-port-dst\t\treply destination port\n"
            + "  --mask-port-src\t\texpectation mask, source port\n"
            + "  --mask-port-dst\t\texpectation mask, destination port\n"
            + "  --tuple-port-src\t\texpected tuple, source port\n"
            + "  --tuple-port-dst\t\texpected tuple, destination port\n"
            + more;
    }
}
