package io.conntrack4j.cli.internal;

import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Labels;
import io.conntrack4j.text.LabelMap;

import java.util.ArrayList;
import java.util.List;

/**
 * What one conntrack command line says, field by field, as its parser fills it in (conntrack's {@code ct_tmpl} and
 * {@code ct_cmd}). Filled by {@link Parser} only and read-only afterwards; every field is null (or 0) when the
 * command line did not give it.
 */
final class Template {
    /** AF_INET. */
    static final int AF_INET = 2;
    /** AF_INET6. */
    static final int AF_INET6 = 10;

    Cmd command;
    int options;
    int family;
    String table = "conntrack";

    IpAddress origSrc;
    IpAddress origDst;
    IpAddress replySrc;
    IpAddress replyDst;
    IpAddress maskSrc;
    IpAddress maskDst;
    IpAddress tupleSrc;
    IpAddress tupleDst;

    ProtoHandler proto;
    int protonum;
    int protoOptions;
    Integer origSport;
    Integer origDport;
    Integer replySport;
    Integer replyDport;
    Integer maskSport;
    Integer maskDport;
    Integer tupleSport;
    Integer tupleDport;
    Integer icmpType;
    Integer icmpReplyType;
    Integer icmpCode;
    Integer icmpId;
    Integer protoState;
    Long origVtag;
    Long replyVtag;
    Integer dccpRole;

    Long timeout;
    int statusValue;
    int statusKernelMask;
    long markValue;
    long markMask;
    Long secmark;
    Long id;
    Integer zone;
    Integer origZone;
    Integer replyZone;
    final List<String> labels = new ArrayList<>();
    final List<String> labelChanges = new ArrayList<>();
    Labels labelFilter = Labels.NONE;
    Labels labelChange = Labels.NONE;
    LabelMap labelMap;
    IpAddress snatAddress;
    Integer snatPort;
    IpAddress dnatAddress;
    Integer dnatPort;
    int eventMask;
    int outputMask;
    long bufferSize;

    /**
     * @param option an option
     * @return true if the command line gave it
     */
    boolean has(final Opt option) {
        return (options & option.bit()) != 0;
    }

    /** @return true if any option that makes the userspace compare run was given */
    boolean compares() {
        return (options & Opt.COMPARISON) != 0;
    }
}
