package io.conntrack4j.netlink;

import io.conntrack4j.error.Operation;
import io.conntrack4j.netlink.codec.CaptureFile;
import io.conntrack4j.netlink.codec.MessageReader;
import io.conntrack4j.netlink.jna.JnaNetlinkSocket;
import io.conntrack4j.spi.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Records what the kernel answers to a dump request, datagram by datagram, into a {@link CaptureFile}. */
public final class Captures {
    private Captures() {
    }

    /**
     * Dumps with a socket of the caller's network namespace and records every datagram up to NLMSG_DONE.
     *
     * @param request a dump request (flows, statistics, expectations)
     * @param file    the capture to write
     * @return the number of datagrams recorded
     */
    public static int record(final Request request, final Path file) {
        try (NetlinkSocket socket = JnaNetlinkSocket.open()) {
            return record(socket, request, file);
        }
    }

    /**
     * @param socket  the socket to dump with (closed afterwards)
     * @param request a dump request
     * @param file    the capture to write
     * @return the number of datagrams recorded
     */
    public static int record(final NetlinkSocket socket, final Request request, final Path file) {
        try (Exchange exchange = new Exchange(socket); CaptureFile.Writer out = CaptureFile.Writer.create(file)) {
            final int seq = exchange.send(request);
            int datagrams = 0;
            while (true) {
                final MessageReader r = exchange.receive();
                out.append(exchange.lastDatagram());
                datagrams++;
                while (r.next()) {
                    if (exchange.ours(r, seq) && Exchange.endsDump(r, Operation.DUMP, request)) {
                        return datagrams;
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
