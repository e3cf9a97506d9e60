package io.conntrack4j.cli.internal;

/**
 * The optional argument of {@code -n}, {@code -g} and {@code -j}: {@code IP}, {@code IP:PORT} or
 * {@code [IPv6]:PORT} (brackets only with a port), with conntrack's messages for a bad port.
 *
 * @param address the address text
 * @param port    the port, or null
 */
record NatArgument(String address, Integer port) {
    /**
     * @param text the argument
     * @return its address and port
     * @throws CliFailure for a missing or invalid port or a malformed bracket
     */
    static NatArgument parse(final String text) {
        final int open = text.indexOf('[');
        String address = null;
        String portText = null;
        if (open >= 0) {
            final int close = text.indexOf(']', open + 1);
            if (close == open + 1) {
                throw CliFailure.parameter("No IPv6 address specified");
            } else if (close < 0) {
                throw CliFailure.parameter("No closing ']' around IPv6 address");
            }
            final int colon = text.indexOf(':', close);
            if (colon >= 0) {
                address = text.substring(open + 1, close);
                portText = text.substring(colon + 1);
            }
        } else {
            final int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
                address = text.substring(0, colon);
                portText = text.substring(colon + 1);
            }
        }
        if (portText == null) {
            return new NatArgument(text, null);
        }
        if (portText.isEmpty()) {
            throw CliFailure.parameter("No port specified after `:'");
        }
        if (!portText.chars().allMatch(ch -> ch >= '0' && ch <= '9') || portText.length() > 5
            || Integer.parseInt(portText) > 65535) {
            throw CliFailure.parameter("Invalid port `" + portText + "'");
        }
        return new NatArgument(address, Integer.parseInt(portText));
    }
}
