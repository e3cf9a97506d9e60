package io.conntrack4j.netlink.codec;

import static io.conntrack4j.netlink.codec.AttrKind.BINARY;
import static io.conntrack4j.netlink.codec.AttrKind.NESTED;
import static io.conntrack4j.netlink.codec.AttrKind.OPAQUE32;
import static io.conntrack4j.netlink.codec.AttrKind.PAD;
import static io.conntrack4j.netlink.codec.AttrKind.STRING;
import static io.conntrack4j.netlink.codec.AttrKind.U16;
import static io.conntrack4j.netlink.codec.AttrKind.U32;
import static io.conntrack4j.netlink.codec.AttrKind.U32_HOST;
import static io.conntrack4j.netlink.codec.AttrKind.U64;
import static io.conntrack4j.netlink.codec.AttrKind.U8;
import static io.conntrack4j.netlink.codec.AttrSchema.attr;
import static io.conntrack4j.netlink.codec.AttrSchema.nest;

/**
 * The ctnetlink protocol, declared once: message types, flags and every attribute with its type number, payload
 * kind and nesting (values from the uapi headers, see the reference §4). The encoder, the decoders and the
 * simulator all use these declarations.
 */
public final class Ctnetlink {
    private Ctnetlink() {
    }

    // ---- netlink core
    /** The netlink protocol number of nfnetlink. */
    public static final int NETLINK_NETFILTER = 12;
    /** Size of {@code struct nlmsghdr}. */
    public static final int NLMSG_HDRLEN = 16;
    /** Size of {@code struct nfgenmsg}. */
    public static final int NFGEN_HDRLEN = 4;
    /** Size of {@code struct nlattr}. */
    public static final int NLA_HDRLEN = 4;
    /** Attribute type flag: nested. */
    public static final int NLA_F_NESTED = 0x8000;
    /** Attribute type flag: network byte order. */
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    /** Mask of the attribute type bits. */
    public static final int NLA_TYPE_MASK = 0x3FFF;

    /** Message type: no-op. */
    public static final int NLMSG_NOOP = 1;
    /** Message type: error or ACK. */
    public static final int NLMSG_ERROR = 2;
    /** Message type: end of a dump. */
    public static final int NLMSG_DONE = 3;
    /** Message type: data lost. */
    public static final int NLMSG_OVERRUN = 4;

    /** Flag: a request. */
    public static final int NLM_F_REQUEST = 0x1;
    /** Flag: part of a multipart reply. */
    public static final int NLM_F_MULTI = 0x2;
    /** Flag: ask for an ACK. */
    public static final int NLM_F_ACK = 0x4;
    /** Flag: echo the request. */
    public static final int NLM_F_ECHO = 0x8;
    /** Flag: the dump was inconsistent. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** Flag: the dump was filtered. */
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    /** Flag: dump (ROOT | MATCH). */
    public static final int NLM_F_DUMP = 0x300;
    /** Flag (NEW): replace. */
    public static final int NLM_F_REPLACE = 0x100;
    /** Flag (NEW): fail if it exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** Flag (NEW): create. */
    public static final int NLM_F_CREATE = 0x400;
    /** Flag (ACK): the echoed request is capped to its header. */
    public static final int NLM_F_CAPPED = 0x100;
    /** Flag (ACK): extended-ack TLVs follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    // ---- nfnetlink subsystems and message types
    /** Subsystem: conntrack. */
    public static final int SUBSYS_CTNETLINK = 1;
    /** Subsystem: expectations. */
    public static final int SUBSYS_CTNETLINK_EXP = 2;

    /** {@code IPCTNL_MSG_CT_NEW}. */
    public static final int CT_NEW = SUBSYS_CTNETLINK << 8;
    /** {@code IPCTNL_MSG_CT_GET}. */
    public static final int CT_GET = CT_NEW | 1;
    /** {@code IPCTNL_MSG_CT_DELETE}. */
    public static final int CT_DELETE = CT_NEW | 2;
    /** {@code IPCTNL_MSG_CT_GET_CTRZERO}. */
    public static final int CT_GET_CTRZERO = CT_NEW | 3;
    /** {@code IPCTNL_MSG_CT_GET_STATS_CPU}. */
    public static final int CT_GET_STATS_CPU = CT_NEW | 4;
    /** {@code IPCTNL_MSG_CT_GET_STATS}. */
    public static final int CT_GET_STATS = CT_NEW | 5;
    /** {@code IPCTNL_MSG_CT_GET_DYING}. */
    public static final int CT_GET_DYING = CT_NEW | 6;
    /** {@code IPCTNL_MSG_CT_GET_UNCONFIRMED}. */
    public static final int CT_GET_UNCONFIRMED = CT_NEW | 7;
    /** {@code IPCTNL_MSG_EXP_NEW}. */
    public static final int EXP_NEW = SUBSYS_CTNETLINK_EXP << 8;
    /** {@code IPCTNL_MSG_EXP_GET}. */
    public static final int EXP_GET = EXP_NEW | 1;
    /** {@code IPCTNL_MSG_EXP_DELETE}. */
    public static final int EXP_DELETE = EXP_NEW | 2;
    /** {@code IPCTNL_MSG_EXP_GET_STATS_CPU}; the kernel answers with type {@link #CT_GET_CTRZERO} (sic). */
    public static final int EXP_GET_STATS_CPU = EXP_NEW | 3;

    /** Multicast group of NEW events. */
    public static final int GROUP_NEW = 1;
    /** Multicast group of UPDATE events. */
    public static final int GROUP_UPDATE = 2;
    /** Multicast group of DESTROY events. */
    public static final int GROUP_DESTROY = 3;

    // ---- ctattr_type
    /** CTA_TUPLE_ORIG. */
    public static final int CTA_TUPLE_ORIG = 1;
    /** CTA_TUPLE_REPLY. */
    public static final int CTA_TUPLE_REPLY = 2;
    /** CTA_STATUS. */
    public static final int CTA_STATUS = 3;
    /** CTA_PROTOINFO. */
    public static final int CTA_PROTOINFO = 4;
    /** CTA_HELP. */
    public static final int CTA_HELP = 5;
    /** CTA_NAT_SRC. */
    public static final int CTA_NAT_SRC = 6;
    /** CTA_TIMEOUT. */
    public static final int CTA_TIMEOUT = 7;
    /** CTA_MARK. */
    public static final int CTA_MARK = 8;
    /** CTA_COUNTERS_ORIG. */
    public static final int CTA_COUNTERS_ORIG = 9;
    /** CTA_COUNTERS_REPLY. */
    public static final int CTA_COUNTERS_REPLY = 10;
    /** CTA_USE. */
    public static final int CTA_USE = 11;
    /** CTA_ID. */
    public static final int CTA_ID = 12;
    /** CTA_NAT_DST. */
    public static final int CTA_NAT_DST = 13;
    /** CTA_TUPLE_MASTER. */
    public static final int CTA_TUPLE_MASTER = 14;
    /** CTA_SEQ_ADJ_ORIG. */
    public static final int CTA_SEQ_ADJ_ORIG = 15;
    /** CTA_SEQ_ADJ_REPLY. */
    public static final int CTA_SEQ_ADJ_REPLY = 16;
    /** CTA_SECMARK. */
    public static final int CTA_SECMARK = 17;
    /** CTA_ZONE. */
    public static final int CTA_ZONE = 18;
    /** CTA_SECCTX. */
    public static final int CTA_SECCTX = 19;
    /** CTA_TIMESTAMP. */
    public static final int CTA_TIMESTAMP = 20;
    /** CTA_MARK_MASK. */
    public static final int CTA_MARK_MASK = 21;
    /** CTA_LABELS. */
    public static final int CTA_LABELS = 22;
    /** CTA_LABELS_MASK. */
    public static final int CTA_LABELS_MASK = 23;
    /** CTA_SYNPROXY. */
    public static final int CTA_SYNPROXY = 24;
    /** CTA_FILTER. */
    public static final int CTA_FILTER = 25;
    /** CTA_STATUS_MASK. */
    public static final int CTA_STATUS_MASK = 26;
    /** CTA_TIMESTAMP_EVENT. */
    public static final int CTA_TIMESTAMP_EVENT = 27;

    // ---- ctattr_tuple, ctattr_ip, ctattr_l4proto
    /** CTA_TUPLE_IP. */
    public static final int CTA_TUPLE_IP = 1;
    /** CTA_TUPLE_PROTO. */
    public static final int CTA_TUPLE_PROTO = 2;
    /** CTA_TUPLE_ZONE. */
    public static final int CTA_TUPLE_ZONE = 3;
    /** CTA_IP_V4_SRC. */
    public static final int CTA_IP_V4_SRC = 1;
    /** CTA_IP_V4_DST. */
    public static final int CTA_IP_V4_DST = 2;
    /** CTA_IP_V6_SRC. */
    public static final int CTA_IP_V6_SRC = 3;
    /** CTA_IP_V6_DST. */
    public static final int CTA_IP_V6_DST = 4;
    /** CTA_PROTO_NUM. */
    public static final int CTA_PROTO_NUM = 1;
    /** CTA_PROTO_SRC_PORT. */
    public static final int CTA_PROTO_SRC_PORT = 2;
    /** CTA_PROTO_DST_PORT. */
    public static final int CTA_PROTO_DST_PORT = 3;
    /** CTA_PROTO_ICMP_ID. */
    public static final int CTA_PROTO_ICMP_ID = 4;
    /** CTA_PROTO_ICMP_TYPE. */
    public static final int CTA_PROTO_ICMP_TYPE = 5;
    /** CTA_PROTO_ICMP_CODE. */
    public static final int CTA_PROTO_ICMP_CODE = 6;
    /** CTA_PROTO_ICMPV6_ID. */
    public static final int CTA_PROTO_ICMPV6_ID = 7;
    /** CTA_PROTO_ICMPV6_TYPE. */
    public static final int CTA_PROTO_ICMPV6_TYPE = 8;
    /** CTA_PROTO_ICMPV6_CODE. */
    public static final int CTA_PROTO_ICMPV6_CODE = 9;

    // ---- protoinfo
    /** CTA_PROTOINFO_TCP. */
    public static final int CTA_PROTOINFO_TCP = 1;
    /** CTA_PROTOINFO_DCCP. */
    public static final int CTA_PROTOINFO_DCCP = 2;
    /** CTA_PROTOINFO_SCTP. */
    public static final int CTA_PROTOINFO_SCTP = 3;
    /** CTA_PROTOINFO_TCP_STATE. */
    public static final int CTA_PROTOINFO_TCP_STATE = 1;
    /** CTA_PROTOINFO_TCP_WSCALE_ORIGINAL. */
    public static final int CTA_PROTOINFO_TCP_WSCALE_ORIGINAL = 2;
    /** CTA_PROTOINFO_TCP_WSCALE_REPLY. */
    public static final int CTA_PROTOINFO_TCP_WSCALE_REPLY = 3;
    /** CTA_PROTOINFO_TCP_FLAGS_ORIGINAL. */
    public static final int CTA_PROTOINFO_TCP_FLAGS_ORIGINAL = 4;
    /** CTA_PROTOINFO_TCP_FLAGS_REPLY. */
    public static final int CTA_PROTOINFO_TCP_FLAGS_REPLY = 5;
    /** CTA_PROTOINFO_DCCP_STATE. */
    public static final int CTA_PROTOINFO_DCCP_STATE = 1;
    /** CTA_PROTOINFO_DCCP_ROLE. */
    public static final int CTA_PROTOINFO_DCCP_ROLE = 2;
    /** CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ. */
    public static final int CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ = 3;
    /** CTA_PROTOINFO_SCTP_STATE. */
    public static final int CTA_PROTOINFO_SCTP_STATE = 1;
    /** CTA_PROTOINFO_SCTP_VTAG_ORIGINAL. */
    public static final int CTA_PROTOINFO_SCTP_VTAG_ORIGINAL = 2;
    /** CTA_PROTOINFO_SCTP_VTAG_REPLY. */
    public static final int CTA_PROTOINFO_SCTP_VTAG_REPLY = 3;

    // ---- counters, timestamps, help, secctx, seq adj, synproxy
    /** CTA_COUNTERS_PACKETS. */
    public static final int CTA_COUNTERS_PACKETS = 1;
    /** CTA_COUNTERS_BYTES. */
    public static final int CTA_COUNTERS_BYTES = 2;
    /** CTA_COUNTERS32_PACKETS. */
    public static final int CTA_COUNTERS32_PACKETS = 3;
    /** CTA_COUNTERS32_BYTES. */
    public static final int CTA_COUNTERS32_BYTES = 4;
    /** CTA_TIMESTAMP_START. */
    public static final int CTA_TIMESTAMP_START = 1;
    /** CTA_TIMESTAMP_STOP. */
    public static final int CTA_TIMESTAMP_STOP = 2;
    /** CTA_HELP_NAME. */
    public static final int CTA_HELP_NAME = 1;
    /** CTA_SECCTX_NAME. */
    public static final int CTA_SECCTX_NAME = 1;
    /** CTA_SEQADJ_CORRECTION_POS. */
    public static final int CTA_SEQADJ_CORRECTION_POS = 1;
    /** CTA_SEQADJ_OFFSET_BEFORE. */
    public static final int CTA_SEQADJ_OFFSET_BEFORE = 2;
    /** CTA_SEQADJ_OFFSET_AFTER. */
    public static final int CTA_SEQADJ_OFFSET_AFTER = 3;
    /** CTA_SYNPROXY_ISN. */
    public static final int CTA_SYNPROXY_ISN = 1;
    /** CTA_SYNPROXY_ITS. */
    public static final int CTA_SYNPROXY_ITS = 2;
    /** CTA_SYNPROXY_TSOFF. */
    public static final int CTA_SYNPROXY_TSOFF = 3;

    // ---- nat
    /** CTA_NAT_V4_MINIP. */
    public static final int CTA_NAT_V4_MINIP = 1;
    /** CTA_NAT_V4_MAXIP. */
    public static final int CTA_NAT_V4_MAXIP = 2;
    /** CTA_NAT_PROTO. */
    public static final int CTA_NAT_PROTO = 3;
    /** CTA_NAT_V6_MINIP. */
    public static final int CTA_NAT_V6_MINIP = 4;
    /** CTA_NAT_V6_MAXIP. */
    public static final int CTA_NAT_V6_MAXIP = 5;
    /** CTA_PROTONAT_PORT_MIN. */
    public static final int CTA_PROTONAT_PORT_MIN = 1;
    /** CTA_PROTONAT_PORT_MAX. */
    public static final int CTA_PROTONAT_PORT_MAX = 2;

    // ---- filter
    /** CTA_FILTER_ORIG_FLAGS. */
    public static final int CTA_FILTER_ORIG_FLAGS = 1;
    /** CTA_FILTER_REPLY_FLAGS. */
    public static final int CTA_FILTER_REPLY_FLAGS = 2;
    /** CTA_FILTER flag: source address. */
    public static final int FILTER_IP_SRC = 1;
    /** CTA_FILTER flag: destination address. */
    public static final int FILTER_IP_DST = 1 << 1;
    /** CTA_FILTER flag: tuple zone. */
    public static final int FILTER_TUPLE_ZONE = 1 << 2;
    /** CTA_FILTER flag: protocol number. */
    public static final int FILTER_PROTO_NUM = 1 << 3;
    /** CTA_FILTER flag: source port. */
    public static final int FILTER_PROTO_SRC_PORT = 1 << 4;
    /** CTA_FILTER flag: destination port. */
    public static final int FILTER_PROTO_DST_PORT = 1 << 5;
    /** CTA_FILTER flag: ICMP type. */
    public static final int FILTER_ICMP_TYPE = 1 << 6;
    /** CTA_FILTER flag: ICMP code. */
    public static final int FILTER_ICMP_CODE = 1 << 7;
    /** CTA_FILTER flag: ICMP id. */
    public static final int FILTER_ICMP_ID = 1 << 8;
    /** CTA_FILTER flag: ICMPv6 type. */
    public static final int FILTER_ICMPV6_TYPE = 1 << 9;
    /** CTA_FILTER flag: ICMPv6 code. */
    public static final int FILTER_ICMPV6_CODE = 1 << 10;
    /** CTA_FILTER flag: ICMPv6 id. */
    public static final int FILTER_ICMPV6_ID = 1 << 11;

    // ---- stats
    /** CTA_STATS_GLOBAL_ENTRIES. */
    public static final int CTA_STATS_GLOBAL_ENTRIES = 1;
    /** CTA_STATS_GLOBAL_MAX_ENTRIES. */
    public static final int CTA_STATS_GLOBAL_MAX_ENTRIES = 2;
    /** CTA_STATS_EXP_NEW. */
    public static final int CTA_STATS_EXP_NEW = 1;
    /** CTA_STATS_EXP_CREATE. */
    public static final int CTA_STATS_EXP_CREATE = 2;
    /** CTA_STATS_EXP_DELETE. */
    public static final int CTA_STATS_EXP_DELETE = 3;

    // ---- expectations
    /** CTA_EXPECT_MASTER. */
    public static final int CTA_EXPECT_MASTER = 1;
    /** CTA_EXPECT_TUPLE. */
    public static final int CTA_EXPECT_TUPLE = 2;
    /** CTA_EXPECT_MASK. */
    public static final int CTA_EXPECT_MASK = 3;
    /** CTA_EXPECT_TIMEOUT. */
    public static final int CTA_EXPECT_TIMEOUT = 4;
    /** CTA_EXPECT_ID. */
    public static final int CTA_EXPECT_ID = 5;
    /** CTA_EXPECT_HELP_NAME. */
    public static final int CTA_EXPECT_HELP_NAME = 6;
    /** CTA_EXPECT_ZONE. */
    public static final int CTA_EXPECT_ZONE = 7;
    /** CTA_EXPECT_FLAGS. */
    public static final int CTA_EXPECT_FLAGS = 8;
    /** CTA_EXPECT_CLASS. */
    public static final int CTA_EXPECT_CLASS = 9;
    /** CTA_EXPECT_NAT. */
    public static final int CTA_EXPECT_NAT = 10;
    /** CTA_EXPECT_FN. */
    public static final int CTA_EXPECT_FN = 11;
    /** CTA_EXPECT_NAT_DIR. */
    public static final int CTA_EXPECT_NAT_DIR = 1;
    /** CTA_EXPECT_NAT_TUPLE. */
    public static final int CTA_EXPECT_NAT_TUPLE = 2;

    // ---- extended ack
    /** NLMSGERR_ATTR_MSG. */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** NLMSGERR_ATTR_OFFS. */
    public static final int NLMSGERR_ATTR_OFFS = 2;

    // ---- schemas, innermost first
    /** {@code ctattr_ip}. */
    public static final AttrSchema IP = AttrSchema.of("ctattr_ip",
        attr(CTA_IP_V4_SRC, "CTA_IP_V4_SRC", BINARY, 4),
        attr(CTA_IP_V4_DST, "CTA_IP_V4_DST", BINARY, 4),
        attr(CTA_IP_V6_SRC, "CTA_IP_V6_SRC", BINARY, 16),
        attr(CTA_IP_V6_DST, "CTA_IP_V6_DST", BINARY, 16));
    /** {@code ctattr_l4proto}. */
    public static final AttrSchema PROTO = AttrSchema.of("ctattr_l4proto",
        attr(CTA_PROTO_NUM, "CTA_PROTO_NUM", U8),
        attr(CTA_PROTO_SRC_PORT, "CTA_PROTO_SRC_PORT", U16),
        attr(CTA_PROTO_DST_PORT, "CTA_PROTO_DST_PORT", U16),
        attr(CTA_PROTO_ICMP_ID, "CTA_PROTO_ICMP_ID", U16),
        attr(CTA_PROTO_ICMP_TYPE, "CTA_PROTO_ICMP_TYPE", U8),
        attr(CTA_PROTO_ICMP_CODE, "CTA_PROTO_ICMP_CODE", U8),
        attr(CTA_PROTO_ICMPV6_ID, "CTA_PROTO_ICMPV6_ID", U16),
        attr(CTA_PROTO_ICMPV6_TYPE, "CTA_PROTO_ICMPV6_TYPE", U8),
        attr(CTA_PROTO_ICMPV6_CODE, "CTA_PROTO_ICMPV6_CODE", U8));
    /** {@code ctattr_tuple}. */
    public static final AttrSchema TUPLE = AttrSchema.of("ctattr_tuple",
        nest(CTA_TUPLE_IP, "CTA_TUPLE_IP", IP),
        nest(CTA_TUPLE_PROTO, "CTA_TUPLE_PROTO", PROTO),
        attr(CTA_TUPLE_ZONE, "CTA_TUPLE_ZONE", U16));
    /** {@code ctattr_protoinfo_tcp}. */
    public static final AttrSchema PROTOINFO_TCP = AttrSchema.of("ctattr_protoinfo_tcp",
        attr(CTA_PROTOINFO_TCP_STATE, "CTA_PROTOINFO_TCP_STATE", U8),
        attr(CTA_PROTOINFO_TCP_WSCALE_ORIGINAL, "CTA_PROTOINFO_TCP_WSCALE_ORIGINAL", U8),
        attr(CTA_PROTOINFO_TCP_WSCALE_REPLY, "CTA_PROTOINFO_TCP_WSCALE_REPLY", U8),
        attr(CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, "CTA_PROTOINFO_TCP_FLAGS_ORIGINAL", BINARY, 2),
        attr(CTA_PROTOINFO_TCP_FLAGS_REPLY, "CTA_PROTOINFO_TCP_FLAGS_REPLY", BINARY, 2));
    /** {@code ctattr_protoinfo_dccp}. */
    public static final AttrSchema PROTOINFO_DCCP = AttrSchema.of("ctattr_protoinfo_dccp",
        attr(CTA_PROTOINFO_DCCP_STATE, "CTA_PROTOINFO_DCCP_STATE", U8),
        attr(CTA_PROTOINFO_DCCP_ROLE, "CTA_PROTOINFO_DCCP_ROLE", U8),
        attr(CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ, "CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ", U64),
        attr(4, "CTA_PROTOINFO_DCCP_PAD", PAD));
    /** {@code ctattr_protoinfo_sctp}. */
    public static final AttrSchema PROTOINFO_SCTP = AttrSchema.of("ctattr_protoinfo_sctp",
        attr(CTA_PROTOINFO_SCTP_STATE, "CTA_PROTOINFO_SCTP_STATE", U8),
        attr(CTA_PROTOINFO_SCTP_VTAG_ORIGINAL, "CTA_PROTOINFO_SCTP_VTAG_ORIGINAL", U32),
        attr(CTA_PROTOINFO_SCTP_VTAG_REPLY, "CTA_PROTOINFO_SCTP_VTAG_REPLY", U32));
    /** {@code ctattr_protoinfo}. */
    public static final AttrSchema PROTOINFO = AttrSchema.of("ctattr_protoinfo",
        nest(CTA_PROTOINFO_TCP, "CTA_PROTOINFO_TCP", PROTOINFO_TCP),
        nest(CTA_PROTOINFO_DCCP, "CTA_PROTOINFO_DCCP", PROTOINFO_DCCP),
        nest(CTA_PROTOINFO_SCTP, "CTA_PROTOINFO_SCTP", PROTOINFO_SCTP));
    /** {@code ctattr_counters}. */
    public static final AttrSchema COUNTERS = AttrSchema.of("ctattr_counters",
        attr(CTA_COUNTERS_PACKETS, "CTA_COUNTERS_PACKETS", U64),
        attr(CTA_COUNTERS_BYTES, "CTA_COUNTERS_BYTES", U64),
        attr(CTA_COUNTERS32_PACKETS, "CTA_COUNTERS32_PACKETS", U32),
        attr(CTA_COUNTERS32_BYTES, "CTA_COUNTERS32_BYTES", U32),
        attr(5, "CTA_COUNTERS_PAD", PAD));
    /** {@code ctattr_tstamp}. */
    public static final AttrSchema TIMESTAMP = AttrSchema.of("ctattr_tstamp",
        attr(CTA_TIMESTAMP_START, "CTA_TIMESTAMP_START", U64),
        attr(CTA_TIMESTAMP_STOP, "CTA_TIMESTAMP_STOP", U64),
        attr(3, "CTA_TIMESTAMP_PAD", PAD));
    /** {@code ctattr_help}. */
    public static final AttrSchema HELP = AttrSchema.of("ctattr_help",
        attr(CTA_HELP_NAME, "CTA_HELP_NAME", STRING),
        attr(2, "CTA_HELP_INFO", BINARY));
    /** {@code ctattr_secctx}. */
    public static final AttrSchema SECCTX = AttrSchema.of("ctattr_secctx",
        attr(CTA_SECCTX_NAME, "CTA_SECCTX_NAME", STRING));
    /** {@code ctattr_seqadj}. */
    public static final AttrSchema SEQADJ = AttrSchema.of("ctattr_seqadj",
        attr(CTA_SEQADJ_CORRECTION_POS, "CTA_SEQADJ_CORRECTION_POS", U32),
        attr(CTA_SEQADJ_OFFSET_BEFORE, "CTA_SEQADJ_OFFSET_BEFORE", U32),
        attr(CTA_SEQADJ_OFFSET_AFTER, "CTA_SEQADJ_OFFSET_AFTER", U32));
    /** {@code ctattr_synproxy}. */
    public static final AttrSchema SYNPROXY = AttrSchema.of("ctattr_synproxy",
        attr(CTA_SYNPROXY_ISN, "CTA_SYNPROXY_ISN", U32),
        attr(CTA_SYNPROXY_ITS, "CTA_SYNPROXY_ITS", U32),
        attr(CTA_SYNPROXY_TSOFF, "CTA_SYNPROXY_TSOFF", U32));
    /** {@code ctattr_protonat}. */
    public static final AttrSchema PROTONAT = AttrSchema.of("ctattr_protonat",
        attr(CTA_PROTONAT_PORT_MIN, "CTA_PROTONAT_PORT_MIN", U16),
        attr(CTA_PROTONAT_PORT_MAX, "CTA_PROTONAT_PORT_MAX", U16));
    /** {@code ctattr_nat}. */
    public static final AttrSchema NAT = AttrSchema.of("ctattr_nat",
        attr(CTA_NAT_V4_MINIP, "CTA_NAT_V4_MINIP", BINARY, 4),
        attr(CTA_NAT_V4_MAXIP, "CTA_NAT_V4_MAXIP", BINARY, 4),
        nest(CTA_NAT_PROTO, "CTA_NAT_PROTO", PROTONAT),
        attr(CTA_NAT_V6_MINIP, "CTA_NAT_V6_MINIP", BINARY, 16),
        attr(CTA_NAT_V6_MAXIP, "CTA_NAT_V6_MAXIP", BINARY, 16));
    /** {@code ctattr_filter}. */
    public static final AttrSchema FILTER = AttrSchema.of("ctattr_filter",
        attr(CTA_FILTER_ORIG_FLAGS, "CTA_FILTER_ORIG_FLAGS", U32_HOST),
        attr(CTA_FILTER_REPLY_FLAGS, "CTA_FILTER_REPLY_FLAGS", U32_HOST));
    /** {@code ctattr_type}: the attributes of a conntrack message. */
    public static final AttrSchema CTA = AttrSchema.of("ctattr_type",
        nest(CTA_TUPLE_ORIG, "CTA_TUPLE_ORIG", TUPLE),
        nest(CTA_TUPLE_REPLY, "CTA_TUPLE_REPLY", TUPLE),
        attr(CTA_STATUS, "CTA_STATUS", U32),
        nest(CTA_PROTOINFO, "CTA_PROTOINFO", PROTOINFO),
        nest(CTA_HELP, "CTA_HELP", HELP),
        nest(CTA_NAT_SRC, "CTA_NAT_SRC", NAT),
        attr(CTA_TIMEOUT, "CTA_TIMEOUT", U32),
        attr(CTA_MARK, "CTA_MARK", U32),
        nest(CTA_COUNTERS_ORIG, "CTA_COUNTERS_ORIG", COUNTERS),
        nest(CTA_COUNTERS_REPLY, "CTA_COUNTERS_REPLY", COUNTERS),
        attr(CTA_USE, "CTA_USE", U32),
        attr(CTA_ID, "CTA_ID", OPAQUE32),
        nest(CTA_NAT_DST, "CTA_NAT_DST", NAT),
        nest(CTA_TUPLE_MASTER, "CTA_TUPLE_MASTER", TUPLE),
        nest(CTA_SEQ_ADJ_ORIG, "CTA_SEQ_ADJ_ORIG", SEQADJ),
        nest(CTA_SEQ_ADJ_REPLY, "CTA_SEQ_ADJ_REPLY", SEQADJ),
        attr(CTA_SECMARK, "CTA_SECMARK", U32),
        attr(CTA_ZONE, "CTA_ZONE", U16),
        nest(CTA_SECCTX, "CTA_SECCTX", SECCTX),
        nest(CTA_TIMESTAMP, "CTA_TIMESTAMP", TIMESTAMP),
        attr(CTA_MARK_MASK, "CTA_MARK_MASK", U32),
        attr(CTA_LABELS, "CTA_LABELS", BINARY),
        attr(CTA_LABELS_MASK, "CTA_LABELS_MASK", BINARY),
        nest(CTA_SYNPROXY, "CTA_SYNPROXY", SYNPROXY),
        nest(CTA_FILTER, "CTA_FILTER", FILTER),
        attr(CTA_STATUS_MASK, "CTA_STATUS_MASK", U32),
        attr(CTA_TIMESTAMP_EVENT, "CTA_TIMESTAMP_EVENT", U64));
    /** {@code ctattr_stats_cpu}. */
    public static final AttrSchema STATS_CPU = AttrSchema.of("ctattr_stats_cpu",
        attr(1, "CTA_STATS_SEARCHED", U32), attr(2, "CTA_STATS_FOUND", U32), attr(3, "CTA_STATS_NEW", U32),
        attr(4, "CTA_STATS_INVALID", U32), attr(5, "CTA_STATS_IGNORE", U32), attr(6, "CTA_STATS_DELETE", U32),
        attr(7, "CTA_STATS_DELETE_LIST", U32), attr(8, "CTA_STATS_INSERT", U32),
        attr(9, "CTA_STATS_INSERT_FAILED", U32), attr(10, "CTA_STATS_DROP", U32),
        attr(11, "CTA_STATS_EARLY_DROP", U32), attr(12, "CTA_STATS_ERROR", U32),
        attr(13, "CTA_STATS_SEARCH_RESTART", U32), attr(14, "CTA_STATS_CLASH_RESOLVE", U32),
        attr(15, "CTA_STATS_CHAIN_TOOLONG", U32));
    /** {@code ctattr_stats_global}. */
    public static final AttrSchema STATS_GLOBAL = AttrSchema.of("ctattr_stats_global",
        attr(CTA_STATS_GLOBAL_ENTRIES, "CTA_STATS_GLOBAL_ENTRIES", U32),
        attr(CTA_STATS_GLOBAL_MAX_ENTRIES, "CTA_STATS_GLOBAL_MAX_ENTRIES", U32));
    /** {@code ctattr_expect_stats}. */
    public static final AttrSchema EXPECT_STATS = AttrSchema.of("ctattr_expect_stats",
        attr(CTA_STATS_EXP_NEW, "CTA_STATS_EXP_NEW", U32),
        attr(CTA_STATS_EXP_CREATE, "CTA_STATS_EXP_CREATE", U32),
        attr(CTA_STATS_EXP_DELETE, "CTA_STATS_EXP_DELETE", U32));
    /** {@code ctattr_expect_nat}. */
    public static final AttrSchema EXPECT_NAT = AttrSchema.of("ctattr_expect_nat",
        attr(CTA_EXPECT_NAT_DIR, "CTA_EXPECT_NAT_DIR", U32),
        nest(CTA_EXPECT_NAT_TUPLE, "CTA_EXPECT_NAT_TUPLE", TUPLE));
    /** {@code ctattr_expect}. */
    public static final AttrSchema EXPECT = AttrSchema.of("ctattr_expect",
        nest(CTA_EXPECT_MASTER, "CTA_EXPECT_MASTER", TUPLE),
        nest(CTA_EXPECT_TUPLE, "CTA_EXPECT_TUPLE", TUPLE),
        nest(CTA_EXPECT_MASK, "CTA_EXPECT_MASK", TUPLE),
        attr(CTA_EXPECT_TIMEOUT, "CTA_EXPECT_TIMEOUT", U32),
        attr(CTA_EXPECT_ID, "CTA_EXPECT_ID", OPAQUE32),
        attr(CTA_EXPECT_HELP_NAME, "CTA_EXPECT_HELP_NAME", STRING),
        attr(CTA_EXPECT_ZONE, "CTA_EXPECT_ZONE", U16),
        attr(CTA_EXPECT_FLAGS, "CTA_EXPECT_FLAGS", U32),
        attr(CTA_EXPECT_CLASS, "CTA_EXPECT_CLASS", U32),
        nest(CTA_EXPECT_NAT, "CTA_EXPECT_NAT", EXPECT_NAT),
        attr(CTA_EXPECT_FN, "CTA_EXPECT_FN", STRING));
    /** {@code nlmsgerr_attrs}: extended-ack TLVs. */
    public static final AttrSchema NLMSGERR = AttrSchema.of("nlmsgerr_attrs",
        attr(NLMSGERR_ATTR_MSG, "NLMSGERR_ATTR_MSG", STRING),
        attr(NLMSGERR_ATTR_OFFS, "NLMSGERR_ATTR_OFFS", U32_HOST),
        attr(3, "NLMSGERR_ATTR_COOKIE", BINARY),
        attr(4, "NLMSGERR_ATTR_POLICY", NESTED),
        attr(5, "NLMSGERR_ATTR_MISS_TYPE", U32_HOST),
        attr(6, "NLMSGERR_ATTR_MISS_NEST", U32_HOST));
}
