package io.conntrack4j.netlink.codec;

import io.conntrack4j.error.DecodeException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Capture files: netlink messages exactly as received from the kernel, for tests, benchmarks and the simulator.
 *
 * <h2>Format (version 1)</h2>
 * <pre>
 * offset  size  field
 * 0       8     magic, ASCII "ct4jcap1"
 * 8       4     byte-order mark 0x01020304 written in the capturing host's order
 *               (bytes 04 03 02 01 on x86_64: the messages' host-order fields are little-endian)
 * 12      4     reserved, 0
 * 16      ...   the received datagrams' bytes concatenated: whole netlink messages, each nlmsg_len long and
 *               4-byte aligned, exactly as recv() returned them (padding bytes included)
 * </pre>
 * A message never spans datagrams, so the messages can be walked with {@link MessageReader} from offset 16.
 */
public final class CaptureFile {
    /** The file's magic bytes. */
    public static final byte[] MAGIC = "ct4jcap1".getBytes(StandardCharsets.US_ASCII);
    /** Size of the header. */
    public static final int HEADER_SIZE = 16;
    private static final int BYTE_ORDER_MARK = 0x01020304;

    private CaptureFile() {
    }

    /**
     * Reads a capture file into a direct buffer in the capturing host's byte order.
     *
     * @param file the capture
     * @return a buffer whose position is the first message and limit the end of the last
     * @throws IOException on a read failure
     * @throws DecodeException if the header is not a capture header of this host's byte order
     */
    public static ByteBuffer read(final Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new DecodeException(0, "capture of " + size + " bytes exceeds 2 GiB");
            }
            final ByteBuffer buf = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // fill
            }
            buf.flip();
            return parse(buf);
        }
    }

    /**
     * @param capture a capture's bytes, header included (position 0)
     * @return the buffer positioned after the header, in native order
     */
    public static ByteBuffer parse(final ByteBuffer capture) {
        final ByteBuffer buf = capture.order() == ByteOrder.nativeOrder() ? capture
            : capture.duplicate().order(ByteOrder.nativeOrder());
        if (buf.limit() < HEADER_SIZE) {
            throw new DecodeException(0, "not a capture file: " + buf.limit() + " bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(i) != MAGIC[i]) {
                throw new DecodeException(i, "not a capture file: bad magic");
            }
        }
        if (buf.getInt(8) != BYTE_ORDER_MARK) {
            throw new DecodeException(8, "capture made on a host of the other byte order");
        }
        buf.position(HEADER_SIZE);
        return buf;
    }

    /** Appends received datagrams to a new capture file. */
    public static final class Writer implements AutoCloseable {
        private final WritableByteChannel channel;
        private long bytes;

        /**
         * @param out the stream to write to; the header is written at once
         * @throws IOException on a write failure
         */
        public Writer(final OutputStream out) throws IOException {
            this.channel = java.nio.channels.Channels.newChannel(out);
            final ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.nativeOrder());
            header.put(MAGIC).putInt(BYTE_ORDER_MARK).putInt(0).flip();
            write(header);
        }

        /**
         * @param file the file to create or replace
         * @return a writer
         * @throws IOException on a failure
         */
        public static Writer create(final Path file) throws IOException {
            return new Writer(Files.newOutputStream(file));
        }

        /**
         * @param datagram the bytes recv() returned, from position to limit (not changed)
         * @throws IOException on a write failure
         */
        public void append(final ByteBuffer datagram) throws IOException {
            write(datagram.duplicate());
        }

        private void write(final ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                bytes += channel.write(b);
            }
        }

        /** @return bytes written so far, header included */
        public long size() {
            return bytes;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
