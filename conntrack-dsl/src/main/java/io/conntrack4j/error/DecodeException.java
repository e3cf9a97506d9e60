package io.conntrack4j.error;

/**
 * Netlink bytes could not be decoded: truncated, a length field pointing past its buffer, an attribute of the
 * wrong size. Carries the byte offset (from the start of the buffer given to the decoder) where decoding stopped.
 */
public final class DecodeException extends ConntrackException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param offset the byte offset of the offending structure
     * @param reason what is wrong there
     */
    public DecodeException(final int offset, final String reason) {
        super("malformed netlink data at offset " + offset + ": " + reason, null);
        this.offset = offset;
    }

    /** @return the byte offset of the offending structure */
    public int offset() {
        return offset;
    }
}
