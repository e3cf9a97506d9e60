package io.conntrack4j.netlink.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Hex dumps as in the reference (offset columns allowed) to buffers and back. */
final class Hex {
    private Hex() {
    }

    /**
     * @param dump lines like {@code 0000  14 00 00 00 01 01 ...}; a leading 4-hex-digit offset column is ignored
     * @return the bytes
     */
    static byte[] bytes(final String dump) {
        final StringBuilder hex = new StringBuilder();
        for (final String line : dump.strip().split("\n")) {
            String l = line.strip();
            if (l.matches("^[0-9a-f]{4}\\s{2}.*")) {
                l = l.substring(4);
            }
            hex.append(l.replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(hex.toString());
    }

    /** @return a native-order direct buffer holding the bytes, position 0 */
    static ByteBuffer buffer(final String dump) {
        final byte[] b = bytes(dump);
        return ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder()).put(b).flip();
    }

    /** @return the bytes from position to limit as space-separated hex */
    static String of(final ByteBuffer buffer) {
        final byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    /** @return the bytes as space-separated hex */
    static String of(final byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
