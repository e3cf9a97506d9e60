package io.conntrack4j.model;

/** The kind of a conntrack event, and the multicast group that carries it. */
public enum EventType {
    /** A flow was created ({@code IPCTNL_MSG_CT_NEW} with {@code NLM_F_CREATE}); group 1. */
    NEW(1, "[NEW]"),
    /** A flow changed ({@code IPCTNL_MSG_CT_NEW} without {@code NLM_F_CREATE}); group 2. */
    UPDATE(2, "[UPDATE]"),
    /** A flow was destroyed ({@code IPCTNL_MSG_CT_DELETE}); group 3. */
    DESTROY(3, "[DESTROY]");

    private final int group;
    private final String tag;

    EventType(final int group, final String tag) {
        this.group = group;
        this.tag = tag;
    }

    /** @return the {@code NFNLGRP_CONNTRACK_*} multicast group number */
    public int group() {
        return group;
    }

    /**
     * @return the {@code NFNLGRP_CONNTRACK_EXP_*} multicast group of the same kind of expectation event (4, 5, 6);
     *         the kernel sends no expectation UPDATE, so group 5 stays silent
     */
    public int expectationGroup() {
        return group + 3;
    }

    /** @return the tag conntrack prints, e.g. {@code [NEW]} */
    public String tag() {
        return tag;
    }
}
