package io.conntrack4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.conntrack4j.cli.CliHarness.PREFIX;
import static io.conntrack4j.cli.CliHarness.TRY;
import static org.assertj.core.api.Assertions.assertThat;

/** conntrack 1.4.7's command-line rules and error messages, on a simulated kernel. */
class ParsingTest {
    private final CliHarness cli = new CliHarness();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "-L --foo|unknown option `--foo'",
        "-L -X|unknown option `-X'",
        "-L -s|option `-s' requires an argument",
        "-L -D|Invalid commands combination",
        "-L -s 1.2.3.999|Invalid IP address `1.2.3.999'",
        "-L -s 1.1.1.1 -d ::1|mismatched address family",
        "-L -u FOO|Bad parameter `FOO'",
        "-L -u ASSURED,|Bad parameter `'",
        "-L -p foo|`foo' unsupported protocol",
        "-L -p 256|`256' unsupported protocol",
        "-L -p unknown|`unknown' unsupported protocol",
        "-L -r 1.1.1.0/24|CIDR notation unavailable for `--reply-src'",
        "-L -s 1.1.1.0/33|Invalid netmask",
        "-L --dst-nat --any-nat|cannot specify `--src-nat' or `--dst-nat' with `--any-nat'",
        "-L -t 5|Illegal option `--timeout' with this command",
        "-G -s 1.1.1.1 -p tcp|you have to specify `--src' and `--dst'",
        "-I -r 1.1.1.1 -p tcp -t 1|you have to specify `--reply-src' and `--reply-dst'",
        "-I -s 1.1.1.1 -d 2.2.2.2 -t 1|You need to supply the `--protonum' option for this command",
        "-I -s 1.1.1.1 -d 2.2.2.2 -p tcp -t 1 --sport 1|You need to supply the `--state' option for this command",
        "-I -s 1.1.1.1 -d 2.2.2.2 -p tcp -t 1 --sport 1 --state ESTABLISHED|you have to specify `--sport' and `--dport'",
        "-L -p tcp --state established|unknown TCP state `established'",
        "-L --sport 1 -p tcp|unknown option `--sport'",
        "-L -p tcp --s 1|unknown option `--s'",
        "-L -L|Invalid commands combination",
        "-L foo|unknown type `foo'",
        "-L nosuchtable|unknown type `nosuchtable'",
        "-D dying|Can't do that command with tables `dying' and `unconfirmed'",
        "-U expect|Can't do --update on expectations",
        "-L -z -p tcp|Can't use -z with filtering parameters",
        "-L --mask-src 255.0.0.0|Can't use --mask-src without --src",
        "-L -l foo|unknown label 'foo'",
        "-I -s 1.1.1.1 -d 2.2.2.2 -p dccp -t 1 --sport 1 --dport 2 --state OPEN --role x|Unknown DCCP role `x'",
        "-L --dst-nat 1.1.1.1:|No port specified after `:'",
        "-L --dst-nat 1.1.1.1:65536|Invalid port `65536'",
        "-L --dst-nat [::1|No closing ']' around IPv6 address",
    })
    void commandLineErrorsExit2WithConntracksMessage(final String args, final String message) {
        final CliHarness.Result r = cli.run(args.split(" "));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).endsWith(PREFIX + message + "\n" + TRY);
    }

    @Test
    void saveCannotBeCombinedAndThatIsExit1WithoutTheHint() {
        final CliHarness.Result r = cli.run("-L", "-o", "save,id");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(PREFIX + "cannot combine save output with any other output type, use -o save only\n");
    }

    @Test
    void strayWordsAreIgnoredAndTablesMayBeAbbreviated() {
        assertThat(cli.run("conntrack", "-L").status()).isZero();
        assertThat(cli.run("-L", "c").err()).isEqualTo(PREFIX + "0 flow entries have been shown.\n");
        assertThat(cli.run("-L", "e").err()).isEqualTo(PREFIX + "0 expectations have been shown.\n");
    }

    @Test
    void longOptionsMayBeAbbreviatedToAUniquePrefixAndTakeEqualsArguments() {
        cli.run("-I", "-s", "1.1.1.1", "-d", "2.2.2.2", "-p", "udp", "--sport", "1", "--dport", "2", "-t", "30");
        final CliHarness.Result r = cli.run("--dump", "--proto", "udp", "--orig-src=1.1.1.1", "--dp", "2");
        assertThat(r.out()).startsWith("udp      17 30 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2");
        assertThat(r.err()).isEqualTo(PREFIX + "1 flow entries have been shown.\n");
    }

    @Test
    void anOptionalArgumentAttachedToLIsSwallowedAsIn147() {
        cli.run("-I", "-s", "1.1.1.1", "-d", "2.2.2.2", "-p", "udp", "--sport", "1", "--dport", "2", "-t", "30");
        assertThat(cli.run("-Lo", "extended").out()).startsWith("udp      17 ");
    }

    @Test
    void numbersAreReadAsCDoes() {
        cli.run("-I", "-s", "1.1.1.1", "-d", "2.2.2.2", "-p", "udp", "--sport", "70000", "--dport", "0x10", "-t",
            "30", "-m", "0x10", "-w", "010");
        final CliHarness.Result r = cli.run("-L");
        // ports use atoi: 70000 wraps to 4464, 0x10 is 0; marks and zones use strtoul: hex and octal
        assertThat(r.out()).contains("sport=4464 dport=0").contains("mark=16").contains("zone=8");
    }

    @Test
    void legacyIpv4FormsAreAccepted() {
        cli.run("-I", "-s", "10.1", "-d", "0x0a.0.0.2", "-p", "udp", "--sport", "1", "--dport", "2", "-t", "30");
        assertThat(cli.run("-L").out()).contains("src=10.0.0.1 dst=10.0.0.2");
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        final CliHarness.Result r = cli.run();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: conntrack4j [commands] [options]");
        assertThat(cli.run("-h", "-p", "tcp").out()).contains("Proto `tcp' help:").contains("--state");
        assertThat(cli.run("-V").out()).isEqualTo("conntrack4j v0.1.0 (conntrack4j)\n");
    }
}
