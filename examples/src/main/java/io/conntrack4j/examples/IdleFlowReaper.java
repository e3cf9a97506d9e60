package io.conntrack4j.examples;

import io.conntrack4j.BulkResult;
import io.conntrack4j.Conntrack;
import io.conntrack4j.FlowQuery;
import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.TcpState;
import io.conntrack4j.model.Tuple;

import java.time.Duration;

/**
 * A firewall clean-up job, the kind of tool the simulator lets you test without root: it deletes the established
 * TCP connections to one service port that have been idle for longer than a limit (so that, say, a load balancer's
 * stale entries do not pin traffic to a drained backend for the kernel's five days).
 *
 * <p>Conntrack does not report when a flow last saw a packet, but every packet of an established connection resets
 * its timeout to {@code nf_conntrack_tcp_timeout_established}; so a flow's idle time is that timeout minus the
 * timeout left. The job lists the candidates with one query, picks the idle ones in Java, then deletes each with a
 * query for its exact original tuple, zone and state (the delete re-checks the flow and carries its id, so a
 * connection that was re-created meanwhile under the same tuple, or that left ESTABLISHED, is not hit; one that
 * got a packet between the two is still deleted: queries have no timeout criterion).
 */
public final class IdleFlowReaper {
    /** Linux's default {@code nf_conntrack_tcp_timeout_established}: 5 days. */
    public static final long DEFAULT_ESTABLISHED_TIMEOUT = 432_000;

    private final Conntrack ct;
    private final int port;
    private final long idleLimitSeconds;
    private final long establishedTimeout;

    /**
     * @param ct        the table to clean
     * @param port      the service (destination) port whose connections are reaped
     * @param idleLimit how long a connection may stay idle
     */
    public IdleFlowReaper(final Conntrack ct, final int port, final Duration idleLimit) {
        this(ct, port, idleLimit, DEFAULT_ESTABLISHED_TIMEOUT);
    }

    /**
     * @param ct                 the table to clean
     * @param port               the service (destination) port whose connections are reaped
     * @param idleLimit          how long a connection may stay idle
     * @param establishedTimeout the table's {@code nf_conntrack_tcp_timeout_established}, in seconds
     */
    public IdleFlowReaper(final Conntrack ct, final int port, final Duration idleLimit,
                          final long establishedTimeout) {
        if (idleLimit.isNegative() || idleLimit.getSeconds() >= establishedTimeout) {
            throw new InvalidValueException("idle limit", idleLimit, "must be between 0 and the established timeout ("
                + establishedTimeout + " s)");
        }
        this.ct = ct;
        this.port = port;
        this.idleLimitSeconds = idleLimit.getSeconds();
        this.establishedTimeout = establishedTimeout;
    }

    /**
     * What one pass did.
     *
     * @param examined established connections to the port
     * @param idle     those idle for longer than the limit
     * @param deleted  those deleted
     * @param vanished idle ones that had gone (or left ESTABLISHED) before their delete
     */
    public record Report(long examined, long idle, long deleted, long vanished) {
    }

    /** @return the established TCP connections to the port: the candidates */
    public FlowQuery candidates() {
        return ct.flows().proto(Protocol.TCP).dport(port).state(TcpState.ESTABLISHED);
    }

    /**
     * @param flow a candidate
     * @return seconds since its last packet, as its timeout tells
     */
    public long idleSeconds(final Flow flow) {
        return establishedTimeout - flow.timeout().getOrElse(establishedTimeout);
    }

    /** @return the counts of one clean-up pass */
    public Report run() {
        long examined = 0;
        long idle = 0;
        long deleted = 0;
        long gone = 0;
        final FlowQuery candidates = candidates();
        for (final Flow flow : candidates.list()) {
            examined++;
            if (idleSeconds(flow) > idleLimitSeconds) {
                idle++;
                final BulkResult r = exactly(candidates, flow).delete();
                deleted += r.succeeded();
                gone += r.alreadyGone() + (r.matched() == 0 ? 1 : 0);
            }
        }
        return new Report(examined, idle, deleted, gone);
    }

    private static FlowQuery exactly(final FlowQuery candidates, final Flow flow) {
        final Tuple t = flow.original();
        return candidates.src(t.source()).dst(t.destination()).sport(t.sourcePort().get()).zone(flow.zone());
    }
}
