package io.conntrack4j.model;

import io.conntrack4j.internal.Check;
import io.vavr.control.Option;

/** Protocol state carried in {@code CTA_PROTOINFO}: TCP, SCTP or DCCP. */
public sealed interface ProtoInfo permits ProtoInfo.Tcp, ProtoInfo.Sctp, ProtoInfo.Dccp {

    /** @return the protocol this information belongs to */
    Protocol protocol();

    /**
     * TCP state, window scales and per-direction flags.
     *
     * @param state          the TCP conntrack state
     * @param wscaleOriginal the original direction's window scale
     * @param wscaleReply    the reply direction's window scale
     * @param flagsOriginal  the original direction's flags
     * @param flagsReply     the reply direction's flags
     */
    record Tcp(TcpState state, Option<Integer> wscaleOriginal, Option<Integer> wscaleReply,
               Option<TcpFlags> flagsOriginal, Option<TcpFlags> flagsReply) implements ProtoInfo {
        /** Validates the fields. */
        public Tcp {
            Check.notNull("tcp state", state);
            wscaleOriginal.forEach(w -> Check.u8("wscale original", w));
            wscaleReply.forEach(w -> Check.u8("wscale reply", w));
            Check.notNull("flags original", flagsOriginal);
            Check.notNull("flags reply", flagsReply);
        }

        /**
         * @param state a TCP state
         * @return TCP information with only the state
         */
        public static Tcp of(final TcpState state) {
            return new Tcp(state, Option.none(), Option.none(), Option.none(), Option.none());
        }

        @Override
        public Protocol protocol() {
            return Protocol.TCP;
        }
    }

    /**
     * SCTP state and verification tags.
     *
     * @param state        the SCTP conntrack state
     * @param vtagOriginal the original direction's verification tag
     * @param vtagReply    the reply direction's verification tag
     */
    record Sctp(SctpState state, Option<Long> vtagOriginal, Option<Long> vtagReply) implements ProtoInfo {
        /** Validates the fields. */
        public Sctp {
            Check.notNull("sctp state", state);
            vtagOriginal.forEach(v -> Check.u32("vtag original", v));
            vtagReply.forEach(v -> Check.u32("vtag reply", v));
        }

        @Override
        public Protocol protocol() {
            return Protocol.SCTP;
        }
    }

    /**
     * DCCP state, role and handshake sequence.
     *
     * @param state        the DCCP conntrack state
     * @param role         the role (0 client, 1 server)
     * @param handshakeSeq the handshake sequence number
     */
    record Dccp(DccpState state, Option<Integer> role, Option<Long> handshakeSeq) implements ProtoInfo {
        /** Validates the fields. */
        public Dccp {
            Check.notNull("dccp state", state);
            role.forEach(r -> Check.u8("dccp role", r));
            Check.notNull("handshake seq", handshakeSeq);
        }

        @Override
        public Protocol protocol() {
            return Protocol.DCCP;
        }
    }
}
