package io.conntrack4j.cli.internal;

/** The text of {@code -h} (and of a command line without a command), with a protocol's options after {@code -p}. */
final class Usage {
    private Usage() {
    }

    /**
     * @param proto the protocol of {@code -p}, or null
     * @param name  the protocol's name as given
     * @return the usage text
     */
    static String text(final ProtoHandler proto, final String name) {
        final StringBuilder sb = new StringBuilder();
        sb.append("conntrack4j ").append(Messages.VERSION)
            .append(": the conntrack(8) 1.4.7 command line, built on conntrack4j\n")
            .append("Usage: ").append(Messages.PROGRAM).append(" [commands] [options]\n\n")
            .append("Commands:\n")
            .append("  -L [table] [options]\t\tList the conntrack, expect, dying or unconfirmed table\n")
            .append("  -G [table] parameters\t\tGet one conntrack entry or expectation\n")
            .append("  -D [table] parameters\t\tDelete matching entries, or an expectation\n")
            .append("  -I [table] parameters\t\tCreate an entry or an expectation\n")
            .append("  -A parameters\t\t\tAdd an entry; an existing entry is not an error\n")
            .append("  -U parameters\t\t\tUpdate matching entries\n")
            .append("  -E [table] [options]\t\tShow events\n")
            .append("  -F [table]\t\t\tFlush a table\n")
            .append("  -C [table]\t\t\tCount the entries\n")
            .append("  -S [table]\t\t\tShow per-CPU statistics\n")
            .append("  -R file\t\t\tRun the -I/-A/-U/-D/-F commands of a file (- for stdin); must come first\n\n")
            .append("Tables: conntrack, expect, dying, unconfirmed\n\n")
            .append("Filters and values:\n")
            .append("  -s, --src, --orig-src ip[/len]\toriginal source address\n")
            .append("  -d, --dst, --orig-dst ip[/len]\toriginal destination address\n")
            .append("  -r, --reply-src ip\t\treply source address\n")
            .append("  -q, --reply-dst ip\t\treply destination address\n")
            .append("  -p, --protonum proto\t\tlayer-4 protocol, e.g. tcp (-h -p proto shows its options)\n")
            .append("  -f, --family ipv4|ipv6\tlayer-3 protocol\n")
            .append("  -t, --timeout seconds\t\ttimeout (a filter for -D)\n")
            .append("  -u, --status list\t\tstatus bits, e.g. ASSURED,!SEEN_REPLY or UNREPLIED\n")
            .append("  -m, --mark mark[/mask]\tmark\n")
            .append("  -c, --secmark secmark\t\tSELinux secmark\n")
            .append("  -w, --zone zone\t\tzone of both directions\n")
            .append("  --orig-zone zone\t\tzone of the original direction\n")
            .append("  --reply-zone zone\t\tzone of the reply direction\n")
            .append("  -n, --src-nat [ip[:port]]\tsource NAT\n")
            .append("  -g, --dst-nat [ip[:port]]\tdestination NAT\n")
            .append("  -j, --any-nat [ip[:port]]\tsource or destination NAT\n")
            .append("  -l, --label name[,name]\tlabels that must be set\n")
            .append("  --label-add name[,name]\tlabels to set\n")
            .append("  --label-del [name[,name]]\tlabels to clear (all without names)\n")
            .append("  --mask-src ip, --mask-dst ip\tnetwork masks of -s and -d\n")
            .append("  -i, --id id\t\t\tentry id\n")
            .append("  --tuple-src ip, --tuple-dst ip\texpected tuple of an expectation\n\n")
            .append("Output and events:\n")
            .append("  -o, --output list\t\textended, xml, timestamp, id, ktimestamp, labels, userspace, save\n")
            .append("  -e, --event-mask list\t\tALL, NEW, UPDATES, DESTROY\n")
            .append("  -b, --buffer-size bytes\tevent socket receive buffer\n")
            .append("  -z, --zero\t\t\tzero the counters while listing\n\n");
        if (proto != null) {
            sb.append("Proto `").append(name).append("' help:\n").append(proto.help());
        }
        return sb.toString();
    }
}
