package io.conntrack4j.cli.compare;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Real traffic over {@code lo} that the kernel tracks (given {@link NftRuleset}): packet-created flows with counters
 * and timestamps. Every socket uses a fixed port, so a rebuilt table holds the same tuples again:
 * <ul>
 *   <li>TCP ESTABLISHED over IPv4 (127.0.0.1:40001 → :8080, labelled {@code trusted}) and IPv6 ([::1]:40001 → :8080),
 *       DNAT'ed (40002 → 8082, rewritten to 8080), TIME_WAIT (40003 → 8081, the server closes first), CLOSE (40004 →
 *       8080, reset by the client), SYN_SENT (40005 → 9, dropped at input);</li>
 *   <li>UDP answered (40010 ↔ 5353, marked 0x2a; also over IPv6), answered in zone 7 (40011 ↔ 5354), unanswered
 *       (40012 → 9);</li>
 *   <li>ICMP and ICMPv6 echo ({@link InetAddress#isReachable}, id = this JVM's pid);</li>
 *   <li>FTP control connections (40021 → 21, IPv4 PORT and IPv6 EPRT) whose helper creates one expectation each.</li>
 * </ul>
 * The connections stay open until {@link #close()}, which resets them (a reset never creates a flow).
 */
final class PacketTraffic implements Closeable {
    private static final int TIMEOUT_MS = 2000;
    private static final InetAddress V4 = address("127.0.0.1");
    private static final InetAddress V6 = address("::1");

    /** jdk.net's TCP_QUICKACK, found by name: the test sources are compiled in a module that does not read jdk.net. */
    private static final SocketOption<Boolean> QUICKACK = quickAck();

    private final Deque<Closeable> open = new ArrayDeque<>();

    /** Makes the connections and exchanges, each packet acknowledged at once so that the counters never vary. */
    void run() {
        try {
            ftp(V4, "PORT 127,0,0,1,156,64");
            ftp(V6, "EPRT |2|::1|40000|");
            final ServerSocket web4 = server(V4, 8080);
            final ServerSocket web6 = server(V6, 8080);
            established(web4, V4, 40001, 8080);
            established(web6, V6, 40001, 8080);
            established(web4, V4, 40002, 8082);
            timeWait();
            reset(web4);
            synSent();
            udpExchange(V4, 40010, 5353);
            udpExchange(V6, 40010, 5353);
            udpExchange(V4, 40011, 5354);
            udpUnanswered();
            ping(V4);
            ping(V6);
        } catch (final IOException e) {
            throw new UncheckedIOException("packet traffic failed", e);
        }
    }

    private void ftp(final InetAddress ip, final String dataCommand) throws IOException {
        final ServerSocket server = server(ip, 21);
        final Socket client = client(ip, 40021);
        client.connect(new InetSocketAddress(ip, 21), TIMEOUT_MS);
        final Socket served = keep(server.accept());
        say(served, "220 ct4j");
        hear(client);
        say(client, "USER ct4j");
        hear(served);
        say(served, "331 ok");
        hear(client);
        say(client, dataCommand);
        hear(served);
        say(served, "200 ok");
        hear(client);
    }

    private void established(final ServerSocket server, final InetAddress ip, final int port, final int to)
        throws IOException {
        final Socket client = client(ip, port);
        client.connect(new InetSocketAddress(ip, to), TIMEOUT_MS);
        keep(server.accept());
    }

    private void timeWait() throws IOException {
        try (ServerSocket server = server(V4, 8081); Socket client = new Socket()) {
            client.setReuseAddress(true);
            client.setSoTimeout(TIMEOUT_MS);
            client.bind(new InetSocketAddress(V4, 40003));
            client.connect(new InetSocketAddress(V4, 8081), TIMEOUT_MS);
            try (Socket served = server.accept()) {
                served.shutdownOutput();
                if (client.getInputStream().read() != -1) {
                    throw new IOException("expected the server's FIN");
                }
                // the FIN's ACK goes out now, not merged into the client's FIN by chance: the counters are stable
                client.setOption(QUICKACK, true);
            }
            // the client's FIN now ends it: the server side's socket and the flow are in TIME_WAIT
        }
    }

    private static void reset(final ServerSocket server) throws IOException {
        final Socket client = new Socket();
        client.setReuseAddress(true);
        client.bind(new InetSocketAddress(V4, 40004));
        client.connect(new InetSocketAddress(V4, 8080), TIMEOUT_MS);
        try (Socket served = server.accept(); client) {
            served.setSoLinger(true, 0);
            client.setSoLinger(true, 0);
            // closing the client first sends its RST: the flow goes to CLOSE
        }
    }

    private static void synSent() throws IOException {
        try (SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            client.bind(new InetSocketAddress(V4, 40005));
            client.configureBlocking(false);
            if (client.connect(new InetSocketAddress(V4, 9))) {
                throw new IOException("port 9 answered although nft drops it");
            }
            // the SYN went out inside connect(), was tracked and dropped at input: SYN_SENT, [UNREPLIED];
            // closing a connection that is still in SYN_SENT sends nothing
        }
    }

    private static void udpExchange(final InetAddress ip, final int from, final int to) throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(ip, to));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(ip, from))) {
            server.setSoTimeout(TIMEOUT_MS);
            client.setSoTimeout(TIMEOUT_MS);
            final byte[] query = "query".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(query, query.length, ip, to));
            final DatagramPacket got = new DatagramPacket(new byte[64], 64);
            server.receive(got);
            final byte[] answer = "answer!".getBytes(StandardCharsets.US_ASCII);
            server.send(new DatagramPacket(answer, answer.length, got.getSocketAddress()));
            client.receive(new DatagramPacket(new byte[64], 64));
        }
    }

    private static void udpUnanswered() throws IOException {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(V4, 40012))) {
            final byte[] query = "lost".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(query, query.length, V4, 9));
        }
    }

    private static void ping(final InetAddress ip) throws IOException {
        if (!ip.isReachable(TIMEOUT_MS)) {
            throw new IOException(ip + " did not answer an ICMP echo");
        }
    }

    private ServerSocket server(final InetAddress ip, final int port) throws IOException {
        final ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(ip, port));
        open.push(server);
        return server;
    }

    private Socket client(final InetAddress ip, final int port) throws IOException {
        final Socket client = new Socket();
        client.setReuseAddress(true);
        client.bind(new InetSocketAddress(ip, port));
        return keep(client);
    }

    private Socket keep(final Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.setSoTimeout(TIMEOUT_MS);
        open.push(socket);
        return socket;
    }

    private static void say(final Socket socket, final String line) throws IOException {
        socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String hear(final Socket socket) throws IOException {
        final InputStream in = socket.getInputStream();
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before a line ended: " + line);
            }
            line.write(b);
        }
        // acknowledge now, not delayed or merged into the answer depending on timing: the counters are stable
        socket.setOption(QUICKACK, true);
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Resets every connection and closes every socket. */
    @Override
    public void close() {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (final IOException e) {
                // already reset
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> quickAck() {
        try (Socket probe = new Socket()) {
            return (SocketOption<Boolean>) probe.supportedOptions().stream()
                .filter(o -> o.name().equals("TCP_QUICKACK")).findFirst()
                .orElseThrow(() -> new IllegalStateException("this JDK has no TCP_QUICKACK socket option"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress address(final String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
