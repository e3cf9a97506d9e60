package io.conntrack4j.error;

/**
 * A value given to the model or the DSL is not valid: a port above 65535, an IPv4 and an IPv6 address in one
 * tuple, ICMP fields on a TCP tuple, a negative timeout. Raised at construction, before anything is sent.
 */
public final class InvalidValueException extends ConntrackException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    /**
     * @param field  the name of the offending field, e.g. {@code "sport"}
     * @param value  the rejected value, as text
     * @param reason why it is rejected, e.g. {@code "must be 0..65535"}
     */
    public InvalidValueException(final String field, final Object value, final String reason) {
        super("invalid " + field + ": " + value + " (" + reason + ")", null);
        this.field = field;
        this.value = String.valueOf(value);
    }

    /** @return the name of the offending field */
    public String field() {
        return field;
    }

    /** @return the rejected value, as text */
    public String value() {
        return value;
    }
}
