package io.conntrack4j.text;

import static io.conntrack4j.text.Golden.formatter;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrack4j.model.CpuCounter;
import io.conntrack4j.model.CpuStats;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.ExpectationFlag;
import io.conntrack4j.model.ExpectationStats;
import io.conntrack4j.model.GlobalStats;
import io.conntrack4j.model.IpAddress;
import io.conntrack4j.model.Layer4;
import io.conntrack4j.model.Protocol;
import io.conntrack4j.model.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** {@code -S}, {@code -S expect}, {@code -C} and expectation lines: the captures of §2.6. */
class StatsAndExpectationGoldenTest {
    private final ConntrackFormatter plain = formatter().build();

    /** The ten counters a 6.18 kernel reports (attribute types 2, 4, 8..15), deliberately given out of order. */
    private static CpuStats cpu(final int cpu, final long insert) {
        final Map<CpuCounter, Long> counters = LinkedHashMap.of(
            CpuCounter.CHAIN_TOOLONG, 0L, CpuCounter.FOUND, 0L, CpuCounter.INVALID, 0L, CpuCounter.INSERT, insert,
            CpuCounter.INSERT_FAILED, 0L, CpuCounter.DROP, 0L, CpuCounter.EARLY_DROP, 0L, CpuCounter.ERROR, 0L,
            CpuCounter.SEARCH_RESTART, 0L, CpuCounter.CLASH_RESOLVE, 0L);
        return new CpuStats(cpu, counters);
    }

    /** The FTP expectation of §2.6, created with {@code --tuple-port-src} (quirk Q11 gives proto=40). */
    private static Expectation ftp(final int flags) {
        final Protocol proto40 = Protocol.of(40);
        return new Expectation(
            Tuple.of(IpAddress.parse("50.0.0.1"), IpAddress.parse("50.0.0.2"), proto40, Layer4.none()),
            Tuple.of(IpAddress.parse("255.255.255.255"), IpAddress.parse("255.255.255.255"), proto40, Layer4.none()),
            Tuple.tcp("50.0.0.1", "50.0.0.2", 2005, 21),
            Option.some(299L), 0, flags, Option.some(0L), Option.some("ftp"), Option.none(), Option.none(),
            Option.none());
    }

    @Test
    void cpuStatsLinesKeepTheirTrailingBlank() {
        assertThat(plain.cpuStats(cpu(0, 11))).isEqualTo("cpu=0   \tfound=0 invalid=0 insert=11 insert_failed=0 drop=0 "
            + "early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 ");
        assertThat(plain.cpuStats(cpu(1, 7))).isEqualTo("cpu=1   \tfound=0 invalid=0 insert=7 insert_failed=0 drop=0 "
            + "early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 ");
    }

    @Test
    void cpuNumberIsLeftJustifiedInFourColumns() {
        assertThat(plain.cpuStats(new CpuStats(12345, LinkedHashMap.of(CpuCounter.SEARCHED, 4294967295L))))
            .isEqualTo("cpu=12345\tsearched=4294967295 ");
        assertThat(plain.cpuStats(new CpuStats(17, LinkedHashMap.empty()))).isEqualTo("cpu=17  \t");
    }

    @Test
    void expectationStats() {
        assertThat(plain.expectationStats(new ExpectationStats(0, Option.some(0L), Option.some(0L), Option.some(0L))))
            .isEqualTo("cpu=0   \texpect_new=0 expect_create=0 expect_delete=0 ");
        assertThat(plain.expectationStats(new ExpectationStats(3, Option.none(), Option.some(5L), Option.none())))
            .isEqualTo("cpu=3   \texpect_create=5 ");
    }

    @Test
    void count() {
        assertThat(plain.count(new GlobalStats(12, 262144))).isEqualTo("12");
        assertThat(plain.count(0)).isEqualTo("0");
        // %d of a u32
        assertThat(plain.count(new GlobalStats(4294967295L, 1))).isEqualTo("-1");
    }

    @Test
    void expectationLine() {
        assertThat(plain.expectation(ftp(0))).isEqualTo("299 proto=40 src=50.0.0.1 dst=50.0.0.2 "
            + "mask-src=255.255.255.255 mask-dst=255.255.255.255 master-src=50.0.0.1 master-dst=50.0.0.2 sport=2005 "
            + "dport=21 class=0 helper=ftp");
        assertThat(ftp(0).toString()).isEqualTo(plain.expectation(ftp(0)));
    }

    /** Constructed from the §2.6 expectation with the flag, zone and event rules of the expectation format. */
    @Test
    void expectationEventWithFlagsAndZone() {
        final Expectation exp = new Expectation(Tuple.tcp("50.0.0.2", "50.0.0.1", 0, 41739),
            Tuple.tcp("255.255.255.255", "255.255.255.255", 0, 65535), Tuple.tcp("50.0.0.1", "50.0.0.2", 2005, 21),
            Option.some(300L), 7, ExpectationFlag.PERMANENT.value() | ExpectationFlag.USERSPACE.value(),
            Option.some(0L), Option.some("ftp"), Option.none(), Option.none(), Option.none());
        assertThat(plain.expectationEvent(EventType.NEW, exp)).isEqualTo("    [NEW] 300 proto=6 src=50.0.0.2 "
            + "dst=50.0.0.1 sport=0 dport=41739 mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 "
            + "master-src=50.0.0.1 master-dst=50.0.0.2 sport=2005 dport=21 zone=7 PERMANENT,USERSPACE class=0 "
            + "helper=ftp");
        assertThat(plain.expectationEvent(EventType.DESTROY, ftp(ExpectationFlag.INACTIVE.value())))
            .startsWith("[DESTROY] 299 proto=40 ").endsWith(" dport=21 INACTIVE class=0 helper=ftp");
    }

    @Test
    void expectationWithoutHelperHasNoTrailingBlank() {
        final Expectation exp = new Expectation(ftp(0).expected(), ftp(0).mask(), ftp(0).master(), Option.none(), 0,
            0, Option.some(1L), Option.none(), Option.none(), Option.none(), Option.none());
        assertThat(plain.expectation(exp)).startsWith("proto=40 src=50.0.0.1 ").endsWith("dport=21 class=1");
    }

    /** Built from the §2.6 expectation with the element order of libnetfilter_conntrack's expectation XML. */
    @Test
    void expectationXml() {
        final ConntrackFormatter xml = formatter(OutputOption.XML).build();
        assertThat(xml.expectationXmlHeader() + "\n" + xml.expectation(ftp(0)) + "\n" + xml.expectationXmlFooter())
            .isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<expect>\n"
                + "<flow><layer3 protonum=\"2\" protoname=\"ipv4\"><expected><src>50.0.0.1</src><dst>50.0.0.2</dst>"
                + "</expected><mask><src>255.255.255.255</src><dst>255.255.255.255</dst></mask><master>"
                + "<src>50.0.0.1</src><dst>50.0.0.2</dst></master></layer3>"
                + "<layer4 protonum=\"40\" protoname=\"unknown\"><expected></expected><mask></mask>"
                + "<master><sport>2005</sport><dport>21</dport></master></layer4>"
                + "<meta><helper-name>ftp</helper-name><timeout>299</timeout><class>0</class></meta></flow>\n"
                + "</expect>");
    }

    @Test
    void expectationXmlEventWithWhenAndFlags() {
        final ConntrackFormatter xml = formatter(OutputOption.XML, OutputOption.TIMESTAMP)
            .clock(Golden.clockAt(Instant.parse("2026-11-29T13:00:59Z"))).build();
        assertThat(xml.expectationEvent(EventType.UPDATE, ftp(ExpectationFlag.PERMANENT.value())))
            .startsWith("<flow type=\"update\"><layer3 ")
            .endsWith("<meta><helper-name>ftp</helper-name><timeout>299</timeout><class>0</class>"
                + "<when><hour>13</hour><min>00</min><sec>59</sec><wday>1</wday><day>29</day><month>11</month>"
                + "<year>2026</year></when><permanent/></meta></flow>");
    }

    /** Expectations use their own prefix format, {@code [%-8ld.%-6ld]}: blank-padded on the right. */
    @Test
    void expectationTimestampPrefix() {
        final ConntrackFormatter f = formatter(OutputOption.TIMESTAMP)
            .clock(Golden.clockAt(Instant.ofEpochSecond(1_795_742_393L, 42_000))).build();
        assertThat(f.expectation(ftp(0))).startsWith("[1795742393.42    ]\t299 proto=40 ");
    }

    @Test
    void saveDoesNotApplyToExpectations() {
        assertThat(formatter(OutputOption.SAVE).build().expectation(ftp(0))).isEqualTo(plain.expectation(ftp(0)));
    }
}
