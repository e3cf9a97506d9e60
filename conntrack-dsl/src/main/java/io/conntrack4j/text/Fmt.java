package io.conntrack4j.text;

import io.conntrack4j.model.ProtoInfo;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.SctpState;
import io.conntrack4j.model.TcpState;

/** printf-like helpers and the name tables of libnetfilter_conntrack and conntrack-tools. */
final class Fmt {
    static final long NSEC_PER_SEC = 1_000_000_000L;

    private static final TcpState[] TCP_STATES = TcpState.values();

    private Fmt() {
    }

    /** {@code %-Ns}: the text, then blanks up to {@code width}. */
    static StringBuilder padRight(final StringBuilder sb, final String s, final int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb;
    }

    /** {@code %Ns}: blanks up to {@code width}, then the text. */
    static StringBuilder padLeft(final StringBuilder sb, final String s, final int width) {
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb.append(s);
    }

    /** {@code %.Nld}: at least {@code digits} digits, zero-padded, sign first. */
    static StringBuilder zeroPad(final StringBuilder sb, final long value, final int digits) {
        final String s = Long.toString(Math.abs(value));
        if (value < 0) {
            sb.append('-');
        }
        for (int i = s.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /** {@code %u} of a u64 kept in a long. */
    static StringBuilder unsigned(final StringBuilder sb, final long value) {
        return value >= 0 ? sb.append(value) : sb.append(Long.toUnsignedString(value));
    }

    /** The {@code proto2str} name: {@code tcp udp udplite icmp icmpv6 sctp gre dccp}, else {@code unknown}. */
    static String l4Name(final Protocol protocol) {
        return protocol.kernelName();
    }

    /** @return true for the protocols whose tuples print {@code sport/dport}: TCP, UDP, UDP-Lite, SCTP, DCCP */
    static boolean printsPorts(final int protocol) {
        return protocol == 6 || protocol == 17 || protocol == 136 || protocol == 132 || protocol == 33;
    }

    /** The state name of the one-line format: each protocol's own table (libnetfilter_conntrack 1.0.9). */
    static String stateName(final ProtoInfo info) {
        if (info instanceof ProtoInfo.Tcp) {
            return ((ProtoInfo.Tcp) info).state().name();
        }
        if (info instanceof ProtoInfo.Sctp) {
            return ((ProtoInfo.Sctp) info).state().name();
        }
        return ((ProtoInfo.Dccp) info).state().name();
    }

    /**
     * The state name of the XML format: libnetfilter_conntrack looks every protocol's state up in the TCP table (a
     * bug), so SCTP ESTABLISHED (4) prints {@code FIN_WAIT}.
     */
    static String xmlStateName(final ProtoInfo info) {
        final int value;
        if (info instanceof ProtoInfo.Tcp) {
            value = ((ProtoInfo.Tcp) info).state().value();
        } else if (info instanceof ProtoInfo.Sctp) {
            value = ((ProtoInfo.Sctp) info).state().value();
        } else {
            value = ((ProtoInfo.Dccp) info).state().value();
        }
        return value < TCP_STATES.length ? TCP_STATES[value].name() : TcpState.NONE.name();
    }

    /**
     * The SCTP state name of {@code -o save}: conntrack-tools' table stops at SHUTDOWN_ACK_SENT, and glibc prints
     * {@code (null)} for the missing entries.
     */
    static String saveSctpStateName(final SctpState state) {
        return state.value() <= SctpState.SHUTDOWN_ACK_SENT.value() ? state.name() : "(null)";
    }
}
