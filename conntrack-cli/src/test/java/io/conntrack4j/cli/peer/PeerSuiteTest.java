package io.conntrack4j.cli.peer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The peer-suite parser follows the upstream runner's rules (data README, reference §3.2), proved on small inline
 * suites, and reads the real conntrack-tools 1.4.7 data as 286 cases: 187 OK and 99 BAD.
 */
class PeerSuiteTest {

    private static PeerSuite suite(final String... lines) {
        return PeerSuite.of(List.of(new SuiteFile("00test", String.join("\n", lines) + "\n")));
    }

    private static List<String> commands(final PeerSuite suite) {
        return suite.cases().stream().map(c -> c.command().toString()).toList();
    }

    @Test
    void skipsLinesStartingWithHashOrSpaceButRunsTabIndentedOnes() {
        final PeerSuite suite = suite("# a comment ; OK", " -L ; OK", "  -I ; BAD", "\t-C ; OK", "-L ; BAD");
        assertThat(suite.cases()).extracting(PeerCase::line, c -> c.command().toString(), PeerCase::expectation)
            .containsExactly(tuple(4, "conntrack \t-C ", Expectation.OK), tuple(5, "conntrack -L ", Expectation.BAD));
    }

    @Test
    void theFirstCharacterAfterTheSemicolonAndBlanksDecidesTheExpectation() {
        final PeerSuite suite = suite("-L ;OK", "-L ; \t BAD", "-L --mark 0/0xffffffff; OK", "-L ; Okay ; B");
        assertThat(suite.cases()).extracting(PeerCase::expectation)
            .containsExactly(Expectation.OK, Expectation.BAD, Expectation.OK, Expectation.OK);
        assertThat(commands(suite)).containsExactly("conntrack -L ", "conntrack -L ",
            "conntrack -L --mark 0/0xffffffff", "conntrack -L ");
    }

    @Test
    void strayWordsStayInTheCommand() {
        assertThat(commands(suite("conntrack -L -s 1.1.1.1 ; OK")))
            .containsExactly("conntrack conntrack -L -s 1.1.1.1 ");
    }

    @Test
    void batchLinesAreEchoedIntoTheNextCommand() {
        final PeerSuite suite = suite(
            "-I -s 1.1.1.1 ;",
            "# comments do not end a batch",
            ";",
            "\t\t;",
            "-D -s 2.2.2.2 ;",
            "-R - ; OK",
            "-R - ; BAD");
        assertThat(suite.cases()).extracting(PeerCase::line, PeerCase::expectation)
            .containsExactly(tuple(6, Expectation.OK), tuple(7, Expectation.BAD));
        assertThat(commands(suite)).containsExactly(
            "echo \"-I -s 1.1.1.1 \n\n\t\t\n-D -s 2.2.2.2 \" | conntrack -R - ",
            "conntrack -R - ");
        assertThat(suite.cases().get(0).command().cliCount()).isEqualTo(1);
    }

    @Test
    void aPipeLineRunsTheCliThroughSedIntoTheNextCommand() {
        final PeerSuite suite = suite(
            "-L -w 10 -o save ; |s/-w 10/-w 11/g; s/-D /-I /g",
            "-R - ; OK",
            "-L ; |",
            "-R - ; BAD");
        assertThat(commands(suite)).containsExactly(
            "conntrack -L -w 10 -o save  | sed \"s/-w 10/-w 11/g; s/-D /-I /g\" | conntrack -R - ",
            "conntrack -L  | conntrack -R - ");
        assertThat(suite.cases()).extracting(PeerCase::line).containsExactly(2, 4);
        assertThat(suite.cases().get(0).command().cliCount()).isEqualTo(2);
    }

    @Test
    void aBatchThenAPipeThenACommandMakeOnePipeline() {
        assertThat(commands(suite("-I a ;", "-R - ; |s/x/y/", "-C ; OK")))
            .containsExactly("echo \"-I a \" | conntrack -R -  | sed \"s/x/y/\" | conntrack -C ");
    }

    @Test
    void aLineWithoutASemicolonIsMalformed() {
        assertThatThrownBy(() -> suite("-L ; OK", "# fine", "-L -s 1.1.1.1 OK"))
            .isInstanceOfSatisfying(MalformedSuiteException.class, e -> {
                assertThat(e.file()).isEqualTo("00test");
                assertThat(e.line()).isEqualTo(3);
            })
            .hasMessageContaining("malformed file 00test at line 3");
    }

    @Test
    void anEmptyLineIsMalformedAsUpstream() {
        assertThatThrownBy(() -> suite("-L ; OK", "", "-L ; OK"))
            .isInstanceOfSatisfying(MalformedSuiteException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void aResultOtherThanOkBadPipeOrEmptyIsRejected() {
        assertThatThrownBy(() -> suite("-L ; FAIL"))
            .isInstanceOf(MalformedSuiteException.class).hasMessageContaining("line 1").hasMessageContaining("FAIL");
    }

    @Test
    void aBatchOpenAtTheEndOfAFileContinuesInTheNextLikeUpstream() {
        final PeerSuite suite = PeerSuite.of(List.of(
            new SuiteFile("01b", "-R - ; OK\n"),
            new SuiteFile("00a", "-I a ;\n")));
        assertThat(suite.cases()).extracting(PeerCase::where).containsExactly("01b:1");
        assertThat(commands(suite)).containsExactly("echo \"-I a \" | conntrack -R - ");
    }

    @Test
    void aSuiteEndingInsideABatchOrPipeIsRejected() {
        assertThatThrownBy(() -> suite("-L ; OK", "-I a ;"))
            .isInstanceOfSatisfying(MalformedSuiteException.class, e -> assertThat(e.line()).isEqualTo(2));
        assertThatThrownBy(() -> suite("-L ; |s/a/b/"))
            .isInstanceOfSatisfying(MalformedSuiteException.class, e -> assertThat(e.line()).isEqualTo(1));
    }

    @Test
    void aLastLineWithoutNewlineStillCounts() {
        final PeerSuite suite = PeerSuite.of(List.of(new SuiteFile("00a", "-L ; OK\n-C ; BAD")));
        assertThat(suite.cases()).extracting(PeerCase::where).containsExactly("00a:1", "00a:2");
    }

    @Test
    void filesRunInAlphabeticalOrderAndOnlyDigitNamedFilesAreRead(@TempDir final Path dir) throws Exception {
        Files.writeString(dir.resolve("10last"), "-C ; OK\n");
        Files.writeString(dir.resolve("02second"), "-L ; BAD\n");
        Files.writeString(dir.resolve("00first"), "-I a ; OK\n-D a ; OK\n");
        Files.writeString(dir.resolve("README.md"), "# not a suite file\nno semicolon here\n");
        Files.writeString(dir.resolve(".hidden"), "no semicolon here\n");
        Files.createDirectory(dir.resolve("05dir"));
        final PeerSuite suite = PeerSuite.load(dir);
        assertThat(suite.files()).containsExactly("00first", "02second", "10last");
        assertThat(suite.cases()).extracting(PeerCase::where)
            .containsExactly("00first:1", "00first:2", "02second:1", "10last:1");
        assertThat(suite.count(Expectation.OK)).isEqualTo(3);
        assertThat(suite.count("02second", Expectation.BAD)).isEqualTo(1);
    }

    @Test
    void theCliPathIsQuotedForTheShellWhenItIsNotAPlainWord() {
        final PeerCase peerCase = suite("-L ; |s/a/b/", "-R - ; OK").cases().get(0);
        assertThat(peerCase.shellCommand("/usr/sbin/conntrack"))
            .isEqualTo("/usr/sbin/conntrack -L  | sed \"s/a/b/\" | /usr/sbin/conntrack -R - ");
        assertThat(peerCase.shellCommand("/opt/my ct/it's"))
            .isEqualTo("'/opt/my ct/it'\\''s' -L  | sed \"s/a/b/\" | '/opt/my ct/it'\\''s' -R - ");
    }

    @Test
    void theReferenceTableAddsUpToItsTotals() {
        assertThat(ReferenceCounts.FILES.stream().mapToInt(ReferenceCounts.FileCounts::ok).sum())
            .isEqualTo(ReferenceCounts.OK);
        assertThat(ReferenceCounts.FILES.stream().mapToInt(ReferenceCounts.FileCounts::bad).sum())
            .isEqualTo(ReferenceCounts.BAD);
        assertThat(ReferenceCounts.OK + ReferenceCounts.BAD).isEqualTo(ReferenceCounts.TOTAL);
    }

    @Test
    void theRealSuiteHas286CasesWithThePerFileCountsOfTheReference() throws Exception {
        final PeerSuite suite = PeerSuite.load(PeerPaths.requireDataDir());
        assertThat(suite.files()).containsExactlyElementsOf(
            ReferenceCounts.FILES.stream().map(ReferenceCounts.FileCounts::file).toList());
        assertThat(suite.cases()).hasSize(ReferenceCounts.TOTAL);
        assertThat(suite.count(Expectation.OK)).isEqualTo(ReferenceCounts.OK);
        assertThat(suite.count(Expectation.BAD)).isEqualTo(ReferenceCounts.BAD);
        for (final ReferenceCounts.FileCounts row : ReferenceCounts.FILES) {
            assertThat(suite.count(row.file(), Expectation.OK)).as("%s OK", row.file()).isEqualTo(row.ok());
            assertThat(suite.count(row.file(), Expectation.BAD)).as("%s BAD", row.file()).isEqualTo(row.bad());
        }
    }

    @Test
    void theRealSuiteFoldsBatchesAndPipesIntoTheirCommands() throws Exception {
        final List<PeerCase> cases = PeerSuite.load(PeerPaths.requireDataDir()).cases();
        assertThat(cases).filteredOn(c -> c.command().toString().startsWith("echo \"")).hasSize(17);
        assertThat(cases).filteredOn(c -> c.command().cliCount() == 2).hasSize(11);
        final PeerCase firstCopy = cases.stream().filter(c -> c.where().equals("09dumpopt:14")).findFirst()
            .orElseThrow();
        assertThat(firstCopy.command()).hasToString(
            "conntrack -L -w 10 -o save -f ipv4  | sed \"s/-w 10/-w 11/g\" | conntrack -R - ");
        assertThat(firstCopy.expectation()).isEqualTo(Expectation.OK);
    }
}
