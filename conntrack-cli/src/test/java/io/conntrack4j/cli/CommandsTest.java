package io.conntrack4j.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.conntrack4j.cli.CliHarness.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

/** Every conntrack command on a simulated kernel: what it prints, what it changes, and its exit status. */
class CommandsTest {
    private final CliHarness cli = new CliHarness();

    @BeforeEach
    void table() {
        create("-s", "1.1.1.1", "-d", "2.2.2.2", "-p", "tcp", "--sport", "10", "--dport", "20", "--state",
            "ESTABLISHED", "-u", "SEEN_REPLY,ASSURED", "-t", "100", "-m", "7");
        create("-s", "1.1.1.2", "-d", "2.2.2.2", "-p", "udp", "--sport", "11", "--dport", "53", "-t", "50");
        create("-s", "2001:db8::1", "-d", "2001:db8::2", "-p", "udp", "--sport", "12", "--dport", "53", "-t", "50",
            "-u", "SEEN_REPLY");
    }

    private void create(final String... args) {
        final String[] all = new String[args.length + 1];
        all[0] = "-I";
        System.arraycopy(args, 0, all, 1, args.length);
        final CliHarness.Result r = cli.run(all);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo(PREFIX + "1 flow entries have been created.\n");
    }

    @Test
    void listPrintsConntracksLinesAndTheSummary() {
        final CliHarness.Result r = cli.run("-L", "-f", "ipv4");
        assertThat(r.status()).isZero();
        assertThat(r.out().lines()).containsExactlyInAnyOrder(
            "tcp      6 100 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 dport=20 src=2.2.2.2 dst=1.1.1.1 sport=20"
                + " dport=10 [ASSURED] mark=7 use=1",
            "udp      17 50 src=1.1.1.2 dst=2.2.2.2 sport=11 dport=53 [UNREPLIED] src=2.2.2.2 dst=1.1.1.2 sport=53"
                + " dport=11 mark=0 use=1");
        assertThat(r.err()).isEqualTo(PREFIX + "2 flow entries have been shown.\n");
    }

    @Test
    void filtersCombineAndAnEmptyListIsStillSuccess() {
        assertThat(cli.run("-L", "-p", "udp", "--dport", "53").out().lines()).hasSize(2);
        assertThat(cli.run("-L", "-s", "1.1.1.0/24").out().lines()).hasSize(2);
        assertThat(cli.run("-L", "-m", "7").out().lines()).hasSize(1);
        assertThat(cli.run("-L", "-u", "UNREPLIED").out().lines()).hasSize(1);
        assertThat(cli.run("-L", "-u", "SEEN_REPLY").out().lines()).hasSize(2);
        assertThat(cli.run("-L", "-s", "2001:db8::1").out()).contains("src=2001:db8::1");
        final CliHarness.Result none = cli.run("-L", "-m", "8");
        assertThat(none.status()).isZero();
        assertThat(none.err()).isEqualTo(PREFIX + "0 flow entries have been shown.\n");
    }

    @Test
    void xmlHasItsHeaderAndFooterOnlyAroundEntries() {
        final String xml = cli.run("-L", "-p", "tcp", "-o", "xml").out();
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<conntrack>\n<flow>")
            .endsWith("</flow>\n</conntrack>\n");
        assertThat(cli.run("-L", "-m", "99", "-o", "xml").out()).isEmpty();
    }

    @Test
    void saveOutputCreatesTheSameTableAgain() {
        final String save = cli.run("-L", "-o", "save").out();
        assertThat(save).contains("-A -t 100 -u SEEN_REPLY,ASSURED -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p tcp"
            + " --sport 10 --dport 20 --reply-port-src 20 --reply-port-dst 10 --state ESTABLISHED");
        final String before = cli.run("-L").out();
        assertThat(cli.run("-F").status()).isZero();
        final CliHarness.Result load = cli.runWithInput(save, "-R", "-");
        assertThat(load.status()).as(load.err()).isZero();
        assertThat(load.err()).isEmpty();
        assertThat(cli.run("-L").out().lines().map(l -> l.replace("mark=7", "mark=0")))
            .containsExactlyInAnyOrderElementsOf(before.lines().map(l -> l.replace("mark=7", "mark=0")).toList());
    }

    @Test
    void getPrintsTheEntryOrFailsWithConntracksWords() {
        final CliHarness.Result r = cli.run("-G", "-s", "1.1.1.1", "-d", "2.2.2.2", "-p", "tcp", "--sport", "10",
            "--dport", "20");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("tcp      6 100 ESTABLISHED src=1.1.1.1");
        assertThat(r.err()).isEqualTo(PREFIX + "1 flow entries have been shown.\n");
        final CliHarness.Result missing = cli.run("-G", "-s", "1.1.1.1", "-d", "2.2.2.2", "-p", "tcp", "--sport",
            "10", "--dport", "21");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo(PREFIX + "Operation failed: such conntrack doesn't exist\n");
    }

    @Test
    void createTwiceFailsButAddIsIdempotent() {
        final String[] again = {"-I", "-s", "1.1.1.2", "-d", "2.2.2.2", "-p", "udp", "--sport", "11", "--dport",
            "53", "-t", "50"};
        final CliHarness.Result r = cli.run(again);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(PREFIX + "Operation failed: Such conntrack exists, try -U to update\n");
        again[0] = "-A";
        final CliHarness.Result add = cli.run(again);
        assertThat(add.status()).isZero();
        assertThat(add.err()).isEqualTo(PREFIX + "0 flow entries have been added.\n");
    }

    @Test
    void updateAppliesTheMarkRuleAndFailsWhenNothingChanges() {
        final CliHarness.Result r = cli.run("-U", "-s", "1.1.1.1", "-m", "0x30/0xf0");
        assertThat(r.status()).isZero();
        // (7 & ~0xf0) ^ 0x30 = 0x37
        assertThat(r.out()).contains("mark=55");
        assertThat(r.err()).isEqualTo(PREFIX + "1 flow entries have been updated.\n");
        final CliHarness.Result same = cli.run("-U", "-s", "1.1.1.1", "-m", "55");
        assertThat(same.status()).isEqualTo(1);
        assertThat(same.err()).isEqualTo(PREFIX + "0 flow entries have been updated.\n");
    }

    @Test
    void deletePrintsWhatItDeletedAndFailsWhenNothingMatched() {
        final CliHarness.Result r = cli.run("-D", "-p", "udp", "-f", "ipv4");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("udp      17 50 src=1.1.1.2");
        assertThat(r.err()).isEqualTo(PREFIX + "1 flow entries have been deleted.\n");
        final CliHarness.Result again = cli.run("-D", "-p", "udp", "-f", "ipv4");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo(PREFIX + "0 flow entries have been deleted.\n");
    }

    @Test
    void deleteUnrepliedDeletesOnlyTheUnrepliedEntry() {
        // 1.4.7 deletes every entry here (Q2)
        assertThat(cli.run("-D", "-u", "UNREPLIED").err()).isEqualTo(PREFIX + "1 flow entries have been deleted.\n");
        assertThat(cli.run("-L").out().lines()).hasSize(2).noneMatch(l -> l.contains("[UNREPLIED]"));
    }

    @Test
    void deleteByTimeoutAloneDeletesOnlyThatTimeout() {
        // 1.4.7 deletes every entry here (Q13)
        assertThat(cli.run("-D", "-t", "100").err()).isEqualTo(PREFIX + "1 flow entries have been deleted.\n");
        assertThat(cli.run("-L").out().lines()).hasSize(2);
    }

    @Test
    void flushByFamilyKeepsTheOtherFamily() {
        // 1.4.7 flushes IPv4 too (Q1)
        final CliHarness.Result r = cli.run("-F", "-f", "ipv6");
        assertThat(r.err()).isEqualTo(PREFIX + "connection tracking table has been emptied.\n");
        assertThat(cli.run("-L").out().lines()).hasSize(2).allMatch(l -> !l.contains("2001:db8"));
    }

    @Test
    void countAndStats() {
        final CliHarness.Result count = cli.run("-C");
        assertThat(count.status()).isZero();
        assertThat(count.err()).isEmpty();
        assertThat(count.out()).matches("\\d+\n");
        assertThat(cli.run("-S").out()).startsWith("cpu=0   \t").contains(" insert=");
    }

    @Test
    void aLoadFileRunsItsCommandsWithoutSummaries() {
        final String file = "# a comment\n\t\n  -I -s 3.3.3.3 -d 4.4.4.4 -p udp --sport 1 --dport 2 -t 30\n"
            + "-D -s 1.1.1.2\n-U -s 3.3.3.3 -m 5\n";
        final CliHarness.Result r = cli.runWithInput(file, "-R", "-");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(cli.run("-L", "-s", "3.3.3.3").out()).contains("mark=5");
        assertThat(cli.run("-L", "-s", "1.1.1.2").out()).isEmpty();
    }

    @Test
    void aLoadFileRefusesListingCommandsBeforeRunningAnything() {
        final CliHarness.Result r = cli.runWithInput("-D -p udp\n-L\n", "-R", "-");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith(PREFIX + "Cannot use command `-L' with --load-file\n");
        assertThat(cli.run("-L", "-p", "udp").out().lines()).hasSize(2);
        assertThat(cli.run("-R", "/nonexistent").err()).startsWith(PREFIX
            + "Failed to open file /nonexistent for reading\n");
    }
}
