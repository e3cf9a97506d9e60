package io.conntrack4j.sim;

import io.conntrack4j.error.InvalidValueException;

/**
 * The per-namespace conntrack sysctls the simulated kernel honours, with the kernel's defaults (6.18, HZ=250). Names
 * are the files under {@code /proc/sys/net/netfilter/}; timeouts are seconds.
 */
public enum Sysctl {
    /** TCP SYN_SENT (also SYN_SENT2). */
    TCP_TIMEOUT_SYN_SENT("nf_conntrack_tcp_timeout_syn_sent", 120),
    /** TCP SYN_RECV. */
    TCP_TIMEOUT_SYN_RECV("nf_conntrack_tcp_timeout_syn_recv", 60),
    /** TCP ESTABLISHED (5 days). */
    TCP_TIMEOUT_ESTABLISHED("nf_conntrack_tcp_timeout_established", 432000),
    /** TCP FIN_WAIT. */
    TCP_TIMEOUT_FIN_WAIT("nf_conntrack_tcp_timeout_fin_wait", 120),
    /** TCP CLOSE_WAIT. */
    TCP_TIMEOUT_CLOSE_WAIT("nf_conntrack_tcp_timeout_close_wait", 60),
    /** TCP LAST_ACK. */
    TCP_TIMEOUT_LAST_ACK("nf_conntrack_tcp_timeout_last_ack", 30),
    /** TCP TIME_WAIT. */
    TCP_TIMEOUT_TIME_WAIT("nf_conntrack_tcp_timeout_time_wait", 120),
    /** TCP CLOSE, and after any accepted RST. */
    TCP_TIMEOUT_CLOSE("nf_conntrack_tcp_timeout_close", 10),
    /** Cap after too many retransmissions or a zero window. */
    TCP_TIMEOUT_MAX_RETRANS("nf_conntrack_tcp_timeout_max_retrans", 300),
    /** Cap while data is unacknowledged, and for picked-up flows without a reply. */
    TCP_TIMEOUT_UNACKNOWLEDGED("nf_conntrack_tcp_timeout_unacknowledged", 300),
    /** Identical retransmissions that trigger the max_retrans cap. */
    TCP_MAX_RETRANS("nf_conntrack_tcp_max_retrans", 3),
    /** 1: a mid-stream ACK may create an entry. */
    TCP_LOOSE("nf_conntrack_tcp_loose", 1),
    /** 1: window checks never make a packet invalid. */
    TCP_BE_LIBERAL("nf_conntrack_tcp_be_liberal", 0),
    /** 1: skip the RST sequence check. */
    TCP_IGNORE_INVALID_RST("nf_conntrack_tcp_ignore_invalid_rst", 0),
    /** UDP unreplied, or replied within 2 s of creation. */
    UDP_TIMEOUT("nf_conntrack_udp_timeout", 30),
    /** UDP stream. */
    UDP_TIMEOUT_STREAM("nf_conntrack_udp_timeout_stream", 120),
    /** ICMP. */
    ICMP_TIMEOUT("nf_conntrack_icmp_timeout", 30),
    /** ICMPv6. */
    ICMPV6_TIMEOUT("nf_conntrack_icmpv6_timeout", 30),
    /** Protocols without a tracker. */
    GENERIC_TIMEOUT("nf_conntrack_generic_timeout", 600),
    /** GRE unreplied. */
    GRE_TIMEOUT("nf_conntrack_gre_timeout", 30),
    /** GRE replied. */
    GRE_TIMEOUT_STREAM("nf_conntrack_gre_timeout_stream", 180),
    /** SCTP CLOSED. */
    SCTP_TIMEOUT_CLOSED("nf_conntrack_sctp_timeout_closed", 10),
    /** SCTP COOKIE_WAIT. */
    SCTP_TIMEOUT_COOKIE_WAIT("nf_conntrack_sctp_timeout_cookie_wait", 3),
    /** SCTP COOKIE_ECHOED. */
    SCTP_TIMEOUT_COOKIE_ECHOED("nf_conntrack_sctp_timeout_cookie_echoed", 3),
    /** SCTP ESTABLISHED. */
    SCTP_TIMEOUT_ESTABLISHED("nf_conntrack_sctp_timeout_established", 210),
    /** SCTP SHUTDOWN_SENT. */
    SCTP_TIMEOUT_SHUTDOWN_SENT("nf_conntrack_sctp_timeout_shutdown_sent", 3),
    /** SCTP SHUTDOWN_RECD. */
    SCTP_TIMEOUT_SHUTDOWN_RECD("nf_conntrack_sctp_timeout_shutdown_recd", 3),
    /** SCTP SHUTDOWN_ACK_SENT. */
    SCTP_TIMEOUT_SHUTDOWN_ACK_SENT("nf_conntrack_sctp_timeout_shutdown_ack_sent", 3),
    /** SCTP HEARTBEAT_SENT. */
    SCTP_TIMEOUT_HEARTBEAT_SENT("nf_conntrack_sctp_timeout_heartbeat_sent", 30),
    /** Table capacity (read-only inside a real non-init namespace; settable here). */
    MAX("nf_conntrack_max", 262144),
    /** Events: 0 off, 1 always, 2 only for entries created while a listener existed. */
    EVENTS("nf_conntrack_events", 2),
    /** 1: entries created from now on count packets and bytes. */
    ACCT("nf_conntrack_acct", 0),
    /** 1: entries created from now on get start/stop timestamps. */
    TIMESTAMP("nf_conntrack_timestamp", 0);

    private final String fileName;
    private final long defaultValue;

    Sysctl(final String fileName, final long defaultValue) {
        this.fileName = fileName;
        this.defaultValue = defaultValue;
    }

    /** @return the file name under {@code /proc/sys/net/netfilter/} */
    public String fileName() {
        return fileName;
    }

    /** @return the kernel's default */
    public long defaultValue() {
        return defaultValue;
    }

    /**
     * @param name a file name under {@code /proc/sys/net/netfilter/}
     * @return the sysctl
     * @throws InvalidValueException if the simulator does not model it
     */
    public static Sysctl byFileName(final String name) {
        for (final Sysctl s : values()) {
            if (s.fileName.equals(name)) {
                return s;
            }
        }
        throw new InvalidValueException("sysctl", name, "not a conntrack sysctl the simulator models");
    }

    /**
     * @param value a value to store
     * @return the value
     * @throws InvalidValueException if the kernel would refuse it
     */
    long check(final long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new InvalidValueException(fileName, value, "must be 0.." + Integer.MAX_VALUE);
        }
        if ((this == TCP_LOOSE || this == TCP_BE_LIBERAL || this == TCP_IGNORE_INVALID_RST || this == ACCT
            || this == TIMESTAMP) && value > 1) {
            throw new InvalidValueException(fileName, value, "must be 0 or 1");
        }
        if (this == EVENTS && value > 2) {
            throw new InvalidValueException(fileName, value, "must be 0, 1 or 2");
        }
        if (this == MAX && value == 0) {
            throw new InvalidValueException(fileName, value, "must be at least 1");
        }
        return value;
    }
}
