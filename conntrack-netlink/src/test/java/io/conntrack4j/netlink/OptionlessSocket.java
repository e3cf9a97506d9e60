package io.conntrack4j.netlink;

/**
 * A base for the unit tests' netlink sockets: group membership and socket options are accepted and ignored, since
 * the sockets they make up deliver datagrams from a script rather than from the kernel.
 */
abstract class OptionlessSocket implements NetlinkSocket {
    @Override
    public void joinGroup(final int group) {
    }

    @Override
    public void leaveGroup(final int group) {
    }

    @Override
    public void setReceiveBufferSize(final int bytes, final boolean force) {
    }

    @Override
    public void attachFilter(final byte[] program) {
    }

    @Override
    public void reportOverruns(final boolean enabled) {
    }
}
