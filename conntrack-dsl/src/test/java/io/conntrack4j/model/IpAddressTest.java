package io.conntrack4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

/** Parsing and printing addresses: strict input, {@code inet_ntop(3)} output. */
class IpAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:db8::1, 2001:db8::1",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::ffff:0102:0304, ::ffff:1.2.3.4",
        "::1.2.3.4, ::1.2.3.4",
        "2001:DB8::1.1.1.1, 2001:db8::101:101",
        "1:0:0:1:0:0:0:1, 1:0:0:1::1",
        "1:0:0:1:0:0:1:1, 1::1:0:0:1:1",
        "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
        "0:1:0:1:0:1:0:1, 0:1:0:1:0:1:0:1",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "1::2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
        "fe80::1:0:0:0, fe80::1:0:0:0",
        "fe80:0:0:1::, fe80:0:0:1::",
        "::ffff:0:0, ::ffff:0.0.0.0",
        "::fffe:1.2.3.4, ::fffe:102:304",
        "0:0:0:0:0:1:0:0, ::1:0:0",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
    })
    void parsesAndPrintsLikeInetNtop(final String input, final String printed) {
        final IpAddress a = IpAddress.parse(input);
        assertThat(a.toString()).isEqualTo(printed);
        assertThat(IpAddress.parse(printed)).isEqualTo(a);
        assertThat(IpAddress.of(a.toBytes())).isEqualTo(a);
    }

    @Test
    void familiesAndBits() {
        final IpAddress v4 = IpAddress.parse("10.0.0.1");
        assertThat(v4.family()).isEqualTo(Family.IPV4);
        assertThat(v4.isV4()).isTrue();
        assertThat(v4.v4Bits()).isEqualTo(0x0a000001);
        assertThat(v4.toBytes()).containsExactly(10, 0, 0, 1);
        assertThat(IpAddress.v4(0x0a000001)).isEqualTo(v4);
        assertThat(IpAddress.parse("255.0.0.1").v4Bits()).isEqualTo(0xff000001);
        final IpAddress v6 = IpAddress.parse("2001:db8::1");
        assertThat(v6.family()).isEqualTo(Family.IPV6);
        assertThat(v6.high()).isEqualTo(0x20010db800000000L);
        assertThat(v6.low()).isEqualTo(1L);
        assertThat(v6.toBytes()).hasSize(16).startsWith(0x20, 0x01, 0x0d, (byte) 0xb8);
        // same bits, different families: never equal
        assertThat(IpAddress.v6(0, 0x0a000001L)).isNotEqualTo(v4);
        assertThat(IpAddress.parse("::10.0.0.1")).isNotEqualTo(v4);
    }

    @Test
    void ordering() {
        assertThat(IpAddress.parse("10.0.0.1")).isLessThan(IpAddress.parse("10.0.0.2"));
        assertThat(IpAddress.parse("128.0.0.1")).isGreaterThan(IpAddress.parse("127.255.255.255"));
        assertThat(IpAddress.parse("ffff::")).isGreaterThan(IpAddress.parse("7fff::"));
        assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("::"));
    }

    @Test
    void masking() {
        assertThat(IpAddress.parse("10.1.2.3").masked(8)).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(IpAddress.parse("10.1.2.3").masked(0)).isEqualTo(IpAddress.parse("0.0.0.0"));
        assertThat(IpAddress.parse("10.1.2.3").masked(32)).isEqualTo(IpAddress.parse("10.1.2.3"));
        assertThat(IpAddress.parse("255.255.255.255").masked(31)).isEqualTo(IpAddress.parse("255.255.255.254"));
        assertThat(IpAddress.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").masked(32))
            .isEqualTo(IpAddress.parse("2001:db8::"));
        assertThat(IpAddress.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").masked(64))
            .isEqualTo(IpAddress.parse("2001:db8:ffff:ffff::"));
        assertThat(IpAddress.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").masked(65))
            .isEqualTo(IpAddress.parse("2001:db8:ffff:ffff:8000::"));
        assertThat(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").masked(127))
            .isEqualTo(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"));
        assertThat(IpAddress.parse("ffff::1").masked(0)).isEqualTo(IpAddress.parse("::"));
    }

    @Test
    void ipv4RoundTripsAndMatchesTheJdk() {
        qt().withExamples(2000).forAll(Generate.range(Integer.MIN_VALUE, Integer.MAX_VALUE)).checkAssert(bits -> {
            final IpAddress a = IpAddress.v4(bits);
            final String text = a.toString();
            assertThat(IpAddress.parse(text)).isEqualTo(a);
            assertThat(text).isEqualTo(jdkText(a.toBytes()));
        });
    }

    /** Addresses made of words that are mostly 0, so that runs of zeros of every length occur. */
    private static Gen<IpAddress> v6Addresses() {
        final Gen<Integer> word = Generate.pick(List.of(0, 0, 0, 1, 0xffff, 0x0db8, 0x2001, 0xabcd, 0x10));
        return rs -> {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 4; i++) {
                hi = hi << 16 | word.generate(rs);
            }
            for (int i = 0; i < 4; i++) {
                lo = lo << 16 | word.generate(rs);
            }
            return IpAddress.v6(hi, lo);
        };
    }

    @Test
    void ipv6RoundTripsAndPrintsLikeGlibc() {
        qt().withExamples(3000).forAll(v6Addresses()).checkAssert(a -> {
            final String text = a.toString();
            assertThat(IpAddress.parse(text)).as(text).isEqualTo(a);
            assertThat(IpAddress.parse(text.toUpperCase(java.util.Locale.ROOT))).as(text).isEqualTo(a);
            assertThat(text).as("as glibc's inet_ntop prints %s", a).isEqualTo(glibcNtop6(a.toBytes()));
            assertThat(jdkBytes(text)).as(text).isEqualTo(a.toBytes());
        });
    }

    /** An independent transcription of glibc's inet_ntop6 (resolv/inet_ntop.c). */
    static String glibcNtop6(final byte[] src) {
        final int[] words = new int[8];
        for (int i = 0; i < 16; i++) {
            words[i / 2] |= (src[i] & 0xff) << ((1 - i % 2) << 3);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        final StringBuilder tp = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    tp.append(':');
                }
                continue;
            }
            if (i != 0) {
                tp.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                tp.append(src[12] & 0xff).append('.').append(src[13] & 0xff).append('.').append(src[14] & 0xff)
                    .append('.').append(src[15] & 0xff);
                break;
            }
            tp.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            tp.append(':');
        }
        return tp.toString();
    }

    private static String jdkText(final byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (final java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The JDK parses literals without DNS; IPv4-mapped literals come back as 4 bytes. */
    private static byte[] jdkBytes(final String literal) {
        try {
            final byte[] b = InetAddress.getByName(literal).getAddress();
            if (b.length == 4) {
                final byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (final java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
