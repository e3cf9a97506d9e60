package io.conntrack4j.sim;

import io.conntrack4j.error.InvalidValueException;

/**
 * Whole exchanges sent through a {@link SimulatedNamespace} as a pair of hosts would send them: TCP sessions with
 * consistent sequence numbers, UDP request and response, ICMP echo. Every packet goes through
 * {@link SimulatedNamespace#inject(Packet)}, so states, timeouts, counters and events follow.
 */
public final class Traffic {
    private final SimulatedNamespace ns;

    Traffic(final SimulatedNamespace ns) {
        this.ns = ns;
    }

    /**
     * Opens a TCP connection with the three-way handshake (SYN, SYN/ACK, ACK): the entry ends ESTABLISHED and
     * ASSURED.
     *
     * @param client     the client address
     * @param clientPort the client port
     * @param server     the server address
     * @param serverPort the server port
     * @return the session, to send data, close or reset it
     */
    public TcpSession tcpHandshake(final String client, final int clientPort, final String server,
                                   final int serverPort) {
        final TcpSession s = new TcpSession(ns, Packet.tcp(client, clientPort, server, serverPort, 0));
        s.send(true, Packet.SYN, 0);
        s.send(false, Packet.SYN | Packet.ACK, 0);
        s.send(true, Packet.ACK, 0);
        return s;
    }

    /**
     * Sends only a SYN: the entry is SYN_SENT and unreplied.
     *
     * @param client     the client address
     * @param clientPort the client port
     * @param server     the server address
     * @param serverPort the server port
     * @return the session
     */
    public TcpSession tcpSyn(final String client, final int clientPort, final String server, final int serverPort) {
        final TcpSession s = new TcpSession(ns, Packet.tcp(client, clientPort, server, serverPort, 0));
        s.send(true, Packet.SYN, 0);
        return s;
    }

    /**
     * A UDP request and its response (the entry is then SEEN_REPLY; ASSURED only for traffic more than 2 s after
     * creation).
     *
     * @param client     the client address
     * @param clientPort the client port
     * @param server     the server address
     * @param serverPort the server port
     * @return the verdict of the response
     */
    public PacketVerdict udpExchange(final String client, final int clientPort, final String server,
                                     final int serverPort) {
        final Packet request = Packet.udp(client, clientPort, server, serverPort, 10);
        ns.inject(request);
        return ns.inject(request.reversed());
    }

    /**
     * An ICMP (or ICMPv6) echo request and reply.
     *
     * @param source      the pinging host
     * @param destination the pinged host
     * @param id          the echo identifier
     * @return the verdict of the reply
     */
    public PacketVerdict ping(final String source, final String destination, final int id) {
        final boolean v4 = io.conntrack4j.model.IpAddress.parse(source).isV4();
        ns.inject(Packet.icmp(source, destination, v4 ? 8 : 128, 0, id));
        return ns.inject(Packet.icmp(destination, source, v4 ? 0 : 129, 0, id));
    }

    /**
     * One TCP connection's two ends, keeping sequence numbers consistent so that every packet is in window.
     * Client ISN 1000, server ISN 5000, windows 65535, no options.
     */
    public static final class TcpSession {
        private final SimulatedNamespace ns;
        private final Packet clientToServer;
        private long clientNext = 1000;
        private long serverNext = 5000;
        private boolean serverSynSeen;

        TcpSession(final SimulatedNamespace ns, final Packet clientToServer) {
            this.ns = ns;
            this.clientToServer = clientToServer;
        }

        /**
         * Sends one segment and advances that side's sequence number.
         *
         * @param fromClient true for the client's direction
         * @param flags      TCP flags
         * @param payload    payload bytes
         * @return the verdict
         */
        public PacketVerdict send(final boolean fromClient, final int flags, final int payload) {
            if (payload < 0) {
                throw new InvalidValueException("payload", payload, "must not be negative");
            }
            final long seq = fromClient ? clientNext : serverNext;
            final boolean acks = (flags & Packet.ACK) != 0;
            final long ack = acks ? (fromClient ? serverNext : clientNext) : 0;
            final Packet base = fromClient ? clientToServer : clientToServer.reversed();
            final Packet p = base.withFlags(flags).withSeq(seq & 0xFFFF_FFFFL).withAck(ack & 0xFFFF_FFFFL)
                .withPayload(payload);
            final long used = payload + ((flags & Packet.SYN) != 0 ? 1 : 0) + ((flags & Packet.FIN) != 0 ? 1 : 0);
            if (fromClient) {
                clientNext += used;
            } else {
                serverNext += used;
                serverSynSeen |= (flags & Packet.SYN) != 0;
            }
            return ns.inject(p);
        }

        /**
         * @param fromClient the sending side
         * @param bytes      payload bytes, acknowledged at once by the other side
         */
        public void data(final boolean fromClient, final int bytes) {
            send(fromClient, Packet.ACK | Packet.PSH, bytes);
            send(!fromClient, Packet.ACK, 0);
        }

        /** Closes from the client: FIN/ACK, ACK, FIN/ACK, ACK. The entry ends in TIME_WAIT. */
        public void close() {
            send(true, Packet.FIN | Packet.ACK, 0);
            send(false, Packet.ACK, 0);
            send(false, Packet.FIN | Packet.ACK, 0);
            send(true, Packet.ACK, 0);
        }

        /**
         * @param fromClient the side that resets
         * @return the verdict of the RST
         */
        public PacketVerdict reset(final boolean fromClient) {
            return send(fromClient, Packet.RST | Packet.ACK, 0);
        }

        /** @return true once the server has sent its SYN/ACK */
        public boolean established() {
            return serverSynSeen;
        }
    }
}
