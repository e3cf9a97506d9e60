package io.conntrack4j.netlink.codec;

import io.conntrack4j.model.Family;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.spi.KernelFilter;
import io.conntrack4j.spi.TupleFilter;
import io.vavr.control.Option;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.conntrack4j.netlink.codec.Ctnetlink.*;

/**
 * Classic BPF socket filters for conntrack event sockets: {@link #compile(KernelFilter)} turns the simple parts of
 * a filter (family, and on the original tuple: protocol, IPv4 addresses, ports) into a program the kernel runs on
 * every event before queueing it, so events nobody wants never cost a wake-up, a copy or buffer space. It walks the
 * attributes with the kernel's netlink extensions ({@code SKF_AD_NLATTR}, {@code SKF_AD_NLATTR_NEST}), as
 * libnetfilter_conntrack does. The program only drops what the filter rejects; anything it cannot express is left
 * to the Java filter, which always runs.
 *
 * <p>{@link #run(byte[], ByteBuffer, int, int)} is an interpreter of the instructions these programs use, with the
 * kernel's semantics; the simulated kernel runs attached filters with it.
 */
public final class SocketFilter {
    /** Bytes per instruction ({@code struct sock_filter}: u16 code, u8 jt, u8 jf, u32 k). */
    public static final int INSTRUCTION = 8;

    static final int LD_W_ABS = 0x20;
    static final int LD_H_ABS = 0x28;
    static final int LD_B_ABS = 0x30;
    static final int LD_W_IND = 0x40;
    static final int LD_H_IND = 0x48;
    static final int LD_B_IND = 0x50;
    static final int LD_IMM = 0x00;
    static final int LDX_IMM = 0x01;
    static final int TAX = 0x07;
    static final int JEQ_K = 0x15;
    static final int RET_K = 0x06;
    /** {@code SKF_AD_OFF}: the base of the ancillary loads. */
    static final int SKF_AD_OFF = -0x1000;
    static final int SKF_AD_NLATTR = 12;
    static final int SKF_AD_NLATTR_NEST = 16;
    private static final int ACCEPT = 0xFFFF_FFFF;
    private static final int ATTRS = NLMSG_HDRLEN + NFGEN_HDRLEN;

    private SocketFilter() {
    }

    /** One instruction before its jumps are resolved: jumps to REJECT are marked with -1. */
    private record Insn(int code, int jt, int jf, int k) {
    }

    /**
     * @param filter what the subscriber wants
     * @return a program that drops the events the filter's family and original-tuple parts reject, or none if
     *     nothing there can be checked in the kernel
     */
    public static Option<byte[]> compile(final KernelFilter filter) {
        final List<Insn> p = new ArrayList<>();
        filter.family().forEach(f -> {
            p.add(new Insn(LD_B_ABS, 0, 0, NLMSG_HDRLEN));
            p.add(new Insn(JEQ_K, 0, -1, f == Family.IPV4 ? 2 : 10));
        });
        final TupleFilter orig = filter.original().getOrElse(TupleFilter.NONE);
        orig.protocol().forEach(proto -> {
            findProto(p, CTA_PROTO_NUM);
            p.add(new Insn(LD_B_IND, 0, 0, NLA_HDRLEN));
            p.add(new Insn(JEQ_K, 0, -1, proto.number()));
        });
        orig.source().filter(IpAddress::isV4).forEach(a -> compareAddress(p, CTA_IP_V4_SRC, a));
        orig.destination().filter(IpAddress::isV4).forEach(a -> compareAddress(p, CTA_IP_V4_DST, a));
        orig.sourcePort().forEach(port -> comparePort(p, CTA_PROTO_SRC_PORT, port));
        orig.destinationPort().forEach(port -> comparePort(p, CTA_PROTO_DST_PORT, port));
        if (p.isEmpty()) {
            return Option.none();
        }
        p.add(new Insn(RET_K, 0, 0, ACCEPT));
        p.add(new Insn(RET_K, 0, 0, 0));
        return Option.some(assemble(p));
    }

    /** Leaves in X the offset of attribute {@code type} inside CTA_TUPLE_ORIG/CTA_TUPLE_PROTO; rejects if absent. */
    private static void findProto(final List<Insn> p, final int type) {
        findNested(p, CTA_TUPLE_PROTO, type);
    }

    private static void findNested(final List<Insn> p, final int nest, final int type) {
        p.add(new Insn(LD_IMM, 0, 0, ATTRS));
        p.add(new Insn(LDX_IMM, 0, 0, CTA_TUPLE_ORIG));
        p.add(new Insn(LD_W_ABS, 0, 0, SKF_AD_OFF + SKF_AD_NLATTR));
        p.add(new Insn(JEQ_K, -1, 0, 0));
        p.add(new Insn(LDX_IMM, 0, 0, nest));
        p.add(new Insn(LD_W_ABS, 0, 0, SKF_AD_OFF + SKF_AD_NLATTR_NEST));
        p.add(new Insn(JEQ_K, -1, 0, 0));
        p.add(new Insn(LDX_IMM, 0, 0, type));
        p.add(new Insn(LD_W_ABS, 0, 0, SKF_AD_OFF + SKF_AD_NLATTR_NEST));
        p.add(new Insn(JEQ_K, -1, 0, 0));
        p.add(new Insn(TAX, 0, 0, 0));
    }

    private static void compareAddress(final List<Insn> p, final int type, final IpAddress a) {
        findNested(p, CTA_TUPLE_IP, type);
        p.add(new Insn(LD_W_IND, 0, 0, NLA_HDRLEN));
        p.add(new Insn(JEQ_K, 0, -1, a.v4Bits()));
    }

    private static void comparePort(final List<Insn> p, final int type, final int port) {
        findProto(p, type);
        p.add(new Insn(LD_H_IND, 0, 0, NLA_HDRLEN));
        p.add(new Insn(JEQ_K, 0, -1, port));
    }

    /** Resolves jumps to the final reject instruction and packs the program in host order. */
    private static byte[] assemble(final List<Insn> p) {
        final int reject = p.size() - 1;
        final ByteBuffer out = ByteBuffer.allocate(p.size() * INSTRUCTION).order(ByteOrder.nativeOrder());
        for (int i = 0; i < p.size(); i++) {
            final Insn in = p.get(i);
            out.putShort((short) in.code());
            out.put((byte) (in.jt() == -1 ? reject - i - 1 : in.jt()));
            out.put((byte) (in.jf() == -1 ? reject - i - 1 : in.jf()));
            out.putInt(in.k());
        }
        return out.array();
    }

    /**
     * Runs a program on one message as the kernel would before queueing it.
     *
     * @param program the packed instructions
     * @param packet  the buffer holding the message
     * @param offset  the message's offset (nlmsghdr)
     * @param length  the message's length
     * @return true if the program accepts the message
     */
    public static boolean run(final byte[] program, final ByteBuffer packet, final int offset, final int length) {
        final ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        final ByteBuffer data = packet.duplicate().order(ByteOrder.BIG_ENDIAN);
        int a = 0;
        int x = 0;
        int pc = 0;
        for (int steps = 0; steps < program.length / INSTRUCTION + 1; steps++) {
            final int at = pc * INSTRUCTION;
            if (at + INSTRUCTION > program.length) {
                return false;
            }
            final int op = code.getShort(at) & 0xFFFF;
            final int jt = code.get(at + 2) & 0xFF;
            final int jf = code.get(at + 3) & 0xFF;
            final int k = code.getInt(at + 4);
            pc++;
            switch (op) {
                case LD_IMM:
                    a = k;
                    break;
                case LDX_IMM:
                    x = k;
                    break;
                case TAX:
                    x = a;
                    break;
                case RET_K:
                    return k != 0;
                case JEQ_K:
                    pc += a == k ? jt : jf;
                    break;
                case LD_W_ABS:
                    if (k == SKF_AD_OFF + SKF_AD_NLATTR) {
                        a = findAttribute(packet, offset, length, a, x);
                    } else if (k == SKF_AD_OFF + SKF_AD_NLATTR_NEST) {
                        a = findNestedAttribute(packet, offset, length, a, x);
                    } else {
                        if (!inside(k, 4, length)) {
                            return false;
                        }
                        a = data.getInt(offset + k);
                    }
                    break;
                case LD_B_ABS:
                    if (!inside(k, 1, length)) {
                        return false;
                    }
                    a = data.get(offset + k) & 0xFF;
                    break;
                case LD_H_ABS:
                    if (!inside(k, 2, length)) {
                        return false;
                    }
                    a = data.getShort(offset + k) & 0xFFFF;
                    break;
                case LD_W_IND:
                case LD_H_IND:
                case LD_B_IND: {
                    final int size = op == LD_W_IND ? 4 : op == LD_H_IND ? 2 : 1;
                    final int where = x + k;
                    if (!inside(where, size, length)) {
                        return false;
                    }
                    a = size == 4 ? data.getInt(offset + where)
                        : size == 2 ? data.getShort(offset + where) & 0xFFFF : data.get(offset + where) & 0xFF;
                    break;
                }
                default:
                    return false;
            }
        }
        return false;
    }

    private static boolean inside(final int at, final int size, final int length) {
        return at >= 0 && at + size <= length;
    }

    /** The kernel's {@code __skb_get_nlattr}: the offset of attribute x in the stream starting at a, or 0. */
    private static int findAttribute(final ByteBuffer b, final int offset, final int length, final int a,
                                     final int x) {
        if (length < NLA_HDRLEN || a < 0 || a > length - NLA_HDRLEN) {
            return 0;
        }
        return scan(b, offset, a, length, x);
    }

    /** The kernel's {@code __skb_get_nlattr_nest}: the offset of attribute x inside the attribute at a, or 0. */
    private static int findNestedAttribute(final ByteBuffer b, final int offset, final int length, final int a,
                                           final int x) {
        if (length < NLA_HDRLEN || a < 0 || a > length - NLA_HDRLEN) {
            return 0;
        }
        final int nlaLen = Wire.u16host(b, offset + a);
        if (nlaLen > length - a || nlaLen < NLA_HDRLEN) {
            return 0;
        }
        return scan(b, offset, a + NLA_HDRLEN, a + nlaLen, x);
    }

    private static int scan(final ByteBuffer b, final int offset, final int from, final int to, final int type) {
        int at = from;
        while (at + NLA_HDRLEN <= to) {
            final int len = Wire.u16host(b, offset + at);
            if (len < NLA_HDRLEN || at + len > to) {
                return 0;
            }
            if ((Wire.u16host(b, offset + at + 2) & NLA_TYPE_MASK) == type) {
                return at;
            }
            at += Wire.align4(len);
        }
        return 0;
    }

    /**
     * @param program packed instructions
     * @return a readable listing, for logs and tests
     */
    public static String disassemble(final byte[] program) {
        final ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        final StringBuilder s = new StringBuilder();
        for (int at = 0; at + INSTRUCTION <= program.length; at += INSTRUCTION) {
            s.append(String.format("%3d: code=0x%02x jt=%d jf=%d k=0x%x%n", at / INSTRUCTION,
                code.getShort(at) & 0xFFFF, code.get(at + 2) & 0xFF, code.get(at + 3) & 0xFF, code.getInt(at + 4)));
        }
        return s.toString();
    }
}
