package io.conntrack4j.text;

import static io.conntrack4j.text.Golden.formatter;
import static io.conntrack4j.text.Golden.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrack4j.model.Counters;
import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Labels;
import io.conntrack4j.model.TcpState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** {@code -o xml}: the captured document of §2.3 and the element rules listed there. */
class XmlFormatGoldenTest {
    private final ConntrackFormatter xml = formatter(OutputOption.XML).build();

    @Test
    void capturedDocument() {
        final Flow flow = Golden.assuredTcp(497).toBuilder().id(id(3232542143L)).build();
        final String document = xml.xmlHeader() + "\n" + xml.flow(flow) + "\n" + xml.xmlFooter() + "\n";
        assertThat(document).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<conntrack>\n"
            + "<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>1.1.1.1</src>"
            + "<dst>2.2.2.2</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>10</sport><dport>20</dport>"
            + "</layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>2.2.2.2</src>"
            + "<dst>1.1.1.1</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>20</sport><dport>10</dport>"
            + "</layer4></meta><meta direction=\"independent\"><state>ESTABLISHED</state><timeout>497</timeout>"
            + "<mark>0</mark><use>1</use><id>3232542143</id><assured/></meta></flow>\n"
            + "</conntrack>\n");
    }

    @Test
    void idIsPrintedWithoutTheIdOptionAndExtendedChangesNothing() {
        final Flow flow = Golden.assuredTcp(497).toBuilder().id(id(7)).build();
        assertThat(xml.flow(flow)).contains("<use>1</use><id>7</id><assured/>");
        assertThat(formatter(OutputOption.XML, OutputOption.EXTENDED, OutputOption.ID).build().flow(flow))
            .isEqualTo(xml.flow(flow));
    }

    /** Built from §2.1's ICMP line with the rules of §2.3: ICMP has an empty layer4; counters in both metas. */
    @Test
    void icmpHasAnEmptyLayer4AndCountersAndDeltaTime() {
        assertThat(xml.flow(Golden.icmpFlow(28))).isEqualTo("<flow><meta direction=\"original\">"
            + "<layer3 protonum=\"2\" protoname=\"ipv4\"><src>1.1.1.1</src><dst>2.2.2.2</dst></layer3>"
            + "<layer4 protonum=\"1\" protoname=\"icmp\"></layer4>"
            + "<counters><packets>0</packets><bytes>0</bytes></counters></meta>"
            + "<meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>2.2.2.2</src>"
            + "<dst>1.1.1.1</dst></layer3><layer4 protonum=\"1\" protoname=\"icmp\"></layer4>"
            + "<counters><packets>0</packets><bytes>0</bytes></counters></meta>"
            + "<meta direction=\"independent\"><timeout>28</timeout><mark>0</mark><use>1</use>"
            + "<deltatime>0</deltatime></meta></flow>");
    }

    @Test
    void ipv6AndUnreplied() {
        assertThat(xml.flow(Golden.icmpv6Flow(28))).startsWith("<flow><meta direction=\"original\">"
            + "<layer3 protonum=\"10\" protoname=\"ipv6\"><src>2001:db8::1</src><dst>2001:db8::2</dst></layer3>"
            + "<layer4 protonum=\"58\" protoname=\"icmpv6\"></layer4>")
            .endsWith("<use>1</use><unreplied/><deltatime>0</deltatime></meta></flow>");
    }

    /** libnetfilter_conntrack looks the SCTP state up in the TCP table: ESTABLISHED (4) prints FIN_WAIT. */
    @Test
    void sctpStateUsesTheTcpTable() {
        assertThat(xml.flow(Golden.sctpFlow(49)))
            .contains("<layer4 protonum=\"132\" protoname=\"sctp\"><sport>1</sport><dport>2</dport></layer4>")
            .contains("<meta direction=\"independent\"><state>FIN_WAIT</state><timeout>49</timeout>");
    }

    @Test
    void greKeysUnknownProtocolAndZones() {
        assertThat(xml.flow(Golden.greFlow(49)))
            .contains("<layer4 protonum=\"47\" protoname=\"gre\"><srckey>0x10</srckey><dstkey>0x20</dstkey></layer4>");
        assertThat(xml.flow(Golden.igmpFlow(9))).contains("<layer4 protonum=\"2\" protoname=\"unknown\"></layer4>");
        assertThat(xml.flow(Golden.origZoned(49))).contains("<dport>2</dport></layer4><zone>4</zone><counters>");
        assertThat(xml.flow(Golden.zoned(49))).contains("<mark>0</mark><zone>3</zone><use>1</use><unreplied/>");
    }

    @Test
    void helperIsOutsideTheIndependentMeta() {
        final Flow flow = Golden.assuredTcp(299).toBuilder().helper("ftp").build();
        assertThat(xml.flow(flow)).endsWith("<use>1</use><assured/></meta><helper>ftp</helper></flow>");
    }

    @Test
    void replyCountersPrintAsZeroWhenOnlyTheOriginalOnesExist() {
        final Flow flow = Golden.assuredTcp(5).toBuilder().countersOriginal(new Counters(2, 120)).build();
        assertThat(xml.flow(flow))
            .contains("<dport>20</dport></layer4><counters><packets>2</packets><bytes>120</bytes></counters></meta>")
            .contains("<dport>10</dport></layer4><counters><packets>0</packets><bytes>0</bytes></counters></meta>");
    }

    @Test
    void labelsAndKtimestamp() {
        final Flow flow = Golden.synSent().toBuilder().labels(Labels.of(1, 2)).build();
        final ConntrackFormatter f = formatter(OutputOption.XML, OutputOption.LABELS, OutputOption.KTIMESTAMP)
            .labelMap(LabelMap.parse("1 a\n2 b\n")).build();
        assertThat(f.flow(flow)).endsWith("<state>SYN_SENT</state><timeout>99</timeout><mark>0</mark>"
            + "<labels><label>a</label><label>b</label></labels><use>1</use><unreplied/>"
            + "<timestamp><start>" + Golden.START_NS + "</start></timestamp><deltatime>0</deltatime></meta></flow>");
        // delete: no ktimestamp, no labels
        assertThat(f.flow(flow, FlowContext.DELETE)).endsWith(
            "<mark>0</mark><use>1</use><unreplied/><deltatime>0</deltatime></meta></flow>");
    }

    @Test
    void eventElementWithWhenAndTheUserspaceSuffix() {
        final Flow flow = Golden.assuredTcp(120).toBuilder().use(null).mark(null).build();
        final ConntrackFormatter f = formatter(OutputOption.XML, OutputOption.TIMESTAMP)
            .clock(Golden.clockAt(Instant.parse("2026-11-27T01:09:05Z"))).build();
        assertThat(f.event(Golden.event(EventType.UPDATE, flow, 0)))
            .startsWith("<flow type=\"update\"><meta direction=\"original\">")
            .endsWith("<state>ESTABLISHED</state><timeout>120</timeout><assured/></meta>"
                + "<when><hour>1</hour><min>09</min><sec>05</sec><wday>6</wday><day>27</day><month>11</month>"
                + "<year>2026</year></when></flow>");
        // 1.4.7 appends the suffix after the element (fixed in 1.4.8)
        assertThat(f.event(Golden.event(EventType.DESTROY, flow, 77), "conntrack"))
            .startsWith("<flow type=\"destroy\">").endsWith("</flow> [USERSPACE] portid=77 progname=conntrack");
        assertThat(f.event(Golden.event(EventType.NEW, flow, 0))).startsWith("<flow type=\"new\">");
    }

    @Test
    void stateOfATcpFlowInXml() {
        final Flow flow = Golden.assuredTcp(1).toBuilder()
            .protoInfo(Golden.tcpState(TcpState.SYN_SENT2)).build();
        assertThat(xml.flow(flow)).contains("<state>SYN_SENT2</state>");
    }
}
