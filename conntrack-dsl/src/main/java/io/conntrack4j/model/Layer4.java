package io.conntrack4j.model;

import io.conntrack4j.internal.Check;

/**
 * The layer-4 part of a tuple: a port pair (TCP, UDP, UDP-Lite, SCTP, DCCP; GRE keys), ICMP type/code/id, or
 * nothing (other protocols).
 */
public sealed interface Layer4 permits Layer4.Ports, Layer4.Icmp, Layer4.None {

    /** @return the absent layer-4 part */
    static Layer4 none() {
        return None.INSTANCE;
    }

    /**
     * A source and destination port (for GRE, the source and destination key).
     *
     * @param source      the source port, 0..65535
     * @param destination the destination port, 0..65535
     */
    record Ports(int source, int destination) implements Layer4 {
        /** Checks both ports. */
        public Ports {
            Check.port("sport", source);
            Check.port("dport", destination);
        }

        /** @return the ports swapped, as seen in the other direction */
        public Ports swapped() {
            return new Ports(destination, source);
        }
    }

    /**
     * ICMP or ICMPv6 fields.
     *
     * @param type the ICMP type, 0..255
     * @param code the ICMP code, 0..255
     * @param id   the echo identifier, 0..65535
     */
    record Icmp(int type, int code, int id) implements Layer4 {
        /** Checks the ranges. */
        public Icmp {
            Check.u8("icmp type", type);
            Check.u8("icmp code", code);
            Check.u16("icmp id", id);
        }
    }

    /** No layer-4 fields. */
    final class None implements Layer4 {
        static final None INSTANCE = new None();

        private None() {
        }

        @Override
        public String toString() {
            return "None";
        }
    }
}
