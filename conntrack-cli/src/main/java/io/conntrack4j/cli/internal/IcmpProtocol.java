package io.conntrack4j.cli.internal;

import java.util.List;
import java.util.Map;

/** ICMP and ICMPv6: type, code and id of the original tuple; the reply type follows from the type. */
final class IcmpProtocol {
    private static final Map<Cmd, String> LEGALITY = Map.of(Cmd.CT_LIST, "222", Cmd.CT_CREATE, "112",
        Cmd.CT_UPDATE, "222", Cmd.CT_DELETE, "222", Cmd.CT_GET, "112", Cmd.CT_EVENT, "222", Cmd.CT_ADD, "112");

    /** ICMP. */
    static final TableProtocol ICMP = new TableProtocol("icmp", 1, columns("icmp"), LEGALITY, null, null,
        "  --icmp-type\t\t\tICMP type\n  --icmp-code\t\t\tICMP code\n  --icmp-id\t\t\tICMP echo id\n");
    /** ICMPv6. */
    static final TableProtocol ICMPV6 = new TableProtocol("icmpv6", 58, columns("icmpv6"), LEGALITY, null, null,
        "  --icmpv6-type\t\t\tICMPv6 type\n  --icmpv6-code\t\t\tICMPv6 code\n  --icmpv6-id\t\t\tICMPv6 echo id\n");

    private IcmpProtocol() {
    }

    private static List<ProtoColumn> columns(final String prefix) {
        return List.of(
            new ProtoColumn(prefix + "-type", List.of(prefix + "-type"), (t, a) -> {
                t.icmpType = CNumbers.u8(a);
                t.icmpReplyType = replyType(t.family, t.icmpType);
            }),
            new ProtoColumn(prefix + "-code", List.of(prefix + "-code"), (t, a) -> t.icmpCode = CNumbers.u8(a)),
            new ProtoColumn(prefix + "-id", List.of(prefix + "-id"), (t, a) -> t.icmpId = CNumbers.u16(a)));
    }

    /**
     * The reply type libnetfilter_conntrack derives from an original type (echo request to echo reply and so on).
     *
     * @param family the address family (AF_INET or AF_INET6)
     * @param type   the original type
     * @return the reply type, or 255 for a type without a reply (the kernel then refuses the flow)
     */
    static int replyType(final int family, final int type) {
        if (family == Template.AF_INET) {
            switch (type) {
                case 8: return 0;
                case 0: return 8;
                case 13: return 14;
                case 14: return 13;
                case 15: return 16;
                case 16: return 15;
                case 17: return 18;
                case 18: return 17;
                default: return 255;
            }
        }
        if (family == Template.AF_INET6) {
            switch (type) {
                case 128: return 129;
                case 129: return 128;
                case 139: return 139;
                case 140: return 140;
                default: return 255;
            }
        }
        return 255;
    }
}
