package io.conntrack4j.cli.internal;

import java.util.List;
import java.util.Map;

/** GRE: the keys of both directions (kept where ports are kept), read as C numbers (hex and octal work). */
final class GreProtocol {
    /** GRE. */
    static final TableProtocol GRE = new TableProtocol("gre", 47, List.of(
        new ProtoColumn("srckey", List.of("orig-key-src", "srckey"), (t, a) -> t.origSport = key(a)),
        new ProtoColumn("dstkey", List.of("orig-key-dst", "dstkey"), (t, a) -> t.origDport = key(a)),
        new ProtoColumn("reply-key-src", List.of("reply-key-src"), (t, a) -> t.replySport = key(a)),
        new ProtoColumn("reply-key-dst", List.of("reply-key-dst"), (t, a) -> t.replyDport = key(a)),
        new ProtoColumn("mask-key-src", List.of("mask-key-src"), (t, a) -> t.maskSport = key(a)),
        new ProtoColumn("mask-key-dst", List.of("mask-key-dst"), (t, a) -> t.maskDport = key(a)),
        new ProtoColumn("tuple-key-src", List.of("tuple-key-src"), (t, a) -> t.tupleSport = key(a)),
        new ProtoColumn("tuple-key-dst", List.of("tuple-key-dst"), (t, a) -> t.tupleDport = key(a))),
        Map.of(Cmd.CT_LIST, "22220000", Cmd.CT_CREATE, "33330000", Cmd.CT_UPDATE, "22220000",
            Cmd.CT_DELETE, "22220000", Cmd.CT_GET, "33330000", Cmd.CT_EVENT, "22220000",
            Cmd.EXP_CREATE, "11111111", Cmd.EXP_DELETE, "11110000", Cmd.EXP_GET, "11110000",
            Cmd.CT_ADD, "33330000"),
        "you have to specify `--srckey' and `--dstkey'", "you have to specify `--reply-src-key' and `--reply-dst-key'",
        "  --srckey, --orig-key-src\toriginal source key\n  --dstkey, --orig-key-dst\toriginal destination key\n"
            + "  --reply-key-src\t\treply source key\n  --reply-key-dst\t\treply destination key\n"
            + "  --mask-key-src\t\texpectation mask, source key\n  --mask-key-dst\t\texpectation mask, destination key\n"
            + "  --tuple-key-src\t\texpected tuple, source key\n  --tuple-key-dst\t\texpected tuple, destination key\n");

    private GreProtocol() {
    }

    private static int key(final String text) {
        return (int) CNumbers.strtoul(text) & 0xFFFF;
    }
}
