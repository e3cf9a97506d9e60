package io.conntrack4j.cli.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison tolerance: clock fields may differ by one second, nothing else may differ at all. */
class NormalizerTest {
    private static final String TCP =
        "tcp      6 3599 ESTABLISHED src=10.1.1.1 dst=10.2.2.2 sport=1000 dport=80 packets=3 bytes=180 "
            + "src=10.2.2.2 dst=10.1.1.1 sport=80 dport=1000 packets=2 bytes=120 [ASSURED] mark=7 delta-time=12 use=1\n";
    private static final String EXTENDED =
        "ipv4     2 udp      17 29 src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=53 [UNREPLIED] "
            + "src=10.0.0.2 dst=10.0.0.1 sport=53 dport=5000 mark=0 use=1 id=3232542143\n";
    private static final String ICMP =
        "icmp     1 28 src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=1226 src=2.2.2.2 dst=1.1.1.1 type=0 code=0 id=1226 "
            + "mark=0 delta-time=0 use=1\n";
    private static final String XML = "<flow><meta direction=\"independent\"><state>ESTABLISHED</state>"
        + "<timeout>497</timeout><mark>0</mark><use>1</use><id>3232542143</id><assured/><deltatime>9</deltatime>"
        + "</meta></flow>\n";
    private static final String SAVE = "-A -t 496 -u SEEN_REPLY,ASSURED -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 "
        + "-p tcp --sport 10 --dport 20 --reply-port-src 20 --reply-port-dst 10 --state ESTABLISHED\n";
    private static final String EXPECT = "299 proto=6 src=127.0.0.1 dst=127.0.0.1 sport=0 dport=40000 "
        + "mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 master-src=127.0.0.1 "
        + "master-dst=127.0.0.1 sport=40021 dport=21 class=0 helper=ftp\n";

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        "default timeout, ' 3599 ', ' 3598 '",
        "default timeout up, ' 3599 ', ' 3600 '",
        "delta-time, delta-time=12, delta-time=13",
        "delta-time down, delta-time=12, delta-time=11",
        "extended timeout, ' 17 29 ', ' 17 28 '",
        "xml timeout, <timeout>497</timeout>, <timeout>496</timeout>",
        "xml deltatime, <deltatime>9</deltatime>, <deltatime>10</deltatime>",
        "save timeout, -A -t 496, -A -t 495",
        "expect timeout, 299 proto, 298 proto",
        "timeout across a power of ten, ' 17 29 ', ' 17 30 '",
    })
    void acceptsClockFieldsOneApart(final String what, final String from, final String to) {
        final String all = TCP + EXTENDED + ICMP + XML + SAVE + EXPECT;
        final String changed = replaceOnce(all, from, to);

        assertThat(Normalizer.difference(all, changed)).as(what).isEmpty();
        assertThat(Normalizer.difference(changed, all)).as(what).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        "default timeout by 2, ' 3599 ', ' 3597 '",
        "delta-time by 2, delta-time=12, delta-time=14",
        "xml timeout by 2, <timeout>497</timeout>, <timeout>499</timeout>",
        "save timeout by 5, -A -t 496, -A -t 491",
        "expect timeout by 2, 299 proto, 297 proto",
        "leading zero, delta-time=12, delta-time=012",
        "sport, sport=1000, sport=1001",
        "protocol number, 'tcp      6 ', 'tcp      7 '",
        "mark, mark=7, mark=8",
        "packets, packets=3, packets=4",
        "bytes, bytes=180, bytes=181",
        "use, 'delta-time=12 use=1', 'delta-time=12 use=2'",
        "flow id, id=3232542143, id=3232542144",
        "icmp id, id=1226 src, id=1227 src",
        "icmp type, type=8, type=9",
        "xml id, <id>3232542143</id>, <id>3232542142</id>",
        "xml mark, <mark>0</mark>, <mark>1</mark>",
        "save status, 'SEEN_REPLY,ASSURED', ASSURED",
        "expect class, class=0, class=1",
        "padding, 'tcp      6', 'tcp     6'",
        "extra space, 'mark=7 ', 'mark=7  '",
        "timeout turned into state, ' 3599 ESTABLISHED', ' ESTABLISHED'",
    })
    void rejectsEverythingElse(final String what, final String from, final String to) {
        final String all = TCP + EXTENDED + ICMP + XML + SAVE + EXPECT;
        final String changed = replaceOnce(all, from, to);

        assertThat(Normalizer.difference(all, changed)).as(what).isPresent();
        assertThat(Normalizer.difference(changed, all)).as(what).isPresent();
    }

    @Test
    void rejectsMissingAndReorderedLines() {
        assertThat(Normalizer.matches(TCP + ICMP, TCP)).isFalse();
        assertThat(Normalizer.matches(TCP + ICMP, ICMP + TCP)).isFalse();
        assertThat(Normalizer.matches(TCP, TCP + "\n")).isFalse();
        assertThat(Normalizer.matches("", TCP)).isFalse();
        assertThat(Normalizer.matches(TCP + ICMP, TCP + ICMP)).isTrue();
    }

    @Test
    void rejectsWhitespaceDifferences() {
        assertThat(Normalizer.matches(TCP, TCP.replace("use=1\n", "use=1 \n"))).isFalse();
        assertThat(Normalizer.matches(TCP, TCP.replace("mark=7 ", "mark=7\t"))).isFalse();
        assertThat(Normalizer.matches(TCP, TCP.replace("\n", "\r\n"))).isFalse();
    }

    @Test
    void toleratesEachFieldSeparately() {
        final String expected = TCP + ICMP;
        final String actual = TCP.replace(" 3599 ", " 3598 ").replace("delta-time=12", "delta-time=13")
            + ICMP.replace(" 28 ", " 29 ").replace("delta-time=0", "delta-time=1");

        assertThat(Normalizer.difference(expected, actual)).isEmpty();
    }

    @Test
    void leavesOtherNumbersInTheSkeleton() {
        assertThat(Normalizer.skeleton(TCP)).isEqualTo(
            "tcp      6 <T> ESTABLISHED src=10.1.1.1 dst=10.2.2.2 sport=1000 dport=80 packets=3 bytes=180 "
                + "src=10.2.2.2 dst=10.1.1.1 sport=80 dport=1000 packets=2 bytes=120 [ASSURED] mark=7 "
                + "delta-time=<T> use=1\n");
        assertThat(Normalizer.skeleton(EXTENDED)).startsWith("ipv4     2 udp      17 <T> src=");
        assertThat(Normalizer.skeleton("unknown  2 9 src=0.0.0.0 dst=224.0.0.22 mark=0 use=1"))
            .isEqualTo("unknown  2 <T> src=0.0.0.0 dst=224.0.0.22 mark=0 use=1");
        assertThat(Normalizer.skeleton("cpu=0   \tfound=0 invalid=0 insert=11 \n")).doesNotContain(Normalizer.TIME_MARK);
        assertThat(Normalizer.skeleton("12\n")).isEqualTo("12\n");
    }

    @Test
    void replacesTheProgramPrefixOfEachStderrLine() {
        final String reference = "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.\n";
        final String ours = "conntrack4j v0.1.0-SNAPSHOT (conntrack4j): 3 flow entries have been shown.\n";
        final String twoLines = "conntrack v1.4.7 (conntrack-tools): unknown option `-X'\n"
            + "Try `conntrack -h' or 'conntrack --help' for more information.\n";

        assertThat(Normalizer.stderr(reference)).isEqualTo(Normalizer.stderr(ours))
            .isEqualTo("<program>: 3 flow entries have been shown.\n");
        assertThat(Normalizer.stderr(twoLines)).isEqualTo(
            "<program>: unknown option `-X'\nTry `conntrack -h' or 'conntrack --help' for more information.\n");
        assertThat(Normalizer.stderr("Operation failed: invalid parameters\n"))
            .isEqualTo("Operation failed: invalid parameters\n");
        assertThat(Normalizer.stderr(reference))
            .isNotEqualTo(Normalizer.stderr("conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown.\n"));
        assertThat(Normalizer.stderr("conntrack: 3 flow entries have been shown.\n"))
            .isNotEqualTo(Normalizer.stderr(reference));
    }

    @Test
    void hidesFlowIdsButNotIcmpIds() {
        assertThat(Normalizer.withoutIds(EXTENDED)).endsWith("use=1 id=<id>\n");
        assertThat(Normalizer.withoutIds(ICMP)).isEqualTo(ICMP);
        assertThat(Normalizer.withoutIds(XML)).contains("<id><id></id>").doesNotContain("3232542143");
    }

    private static String replaceOnce(final String text, final String from, final String to) {
        final int at = text.indexOf(from);
        assertThat(at).as("fixture contains %s", from).isNotNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
