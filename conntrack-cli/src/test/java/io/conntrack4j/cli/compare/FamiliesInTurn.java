package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A protocol filter without a family (FAMILY-ORDER): the program under test dumps once per family with the kernel's
 * tuple filter, so it prints 1.4.7's IPv4 lines, in 1.4.7's order, and then 1.4.7's IPv6 lines, in 1.4.7's order
 * (the kernel walks the same hash table for each family). Exit codes and standard error are equal. If 1.4.7's
 * hash order happens to list IPv4 first, the outputs are identical, which satisfies the relation.
 */
record FamiliesInTurn() implements OutputRelation {
    /** An IPv6 line in the default, extended, XML or save format. */
    private static final Pattern IPV6 = Pattern.compile("^ipv6 |protoname=\"ipv6\"|src=[0-9a-f]*:|-s [0-9a-f]*:");

    @Override
    public List<String> problems(final Runs runs) {
        final List<String> problems = new ArrayList<>();
        final List<String> reference = Lines.of(runs.reference().stdout());
        final List<String> expected = new ArrayList<>(reference.stream().filter(l -> !ipv6(l)).toList());
        expected.addAll(reference.stream().filter(FamiliesInTurn::ipv6).toList());
        final String want = Lines.text(expected);
        Normalizer.difference(want, runs.underTest().stdout()).ifPresent(d -> problems.add(
            "stdout should be 1.4.7's IPv4 lines, then its IPv6 lines (" + d + "):\n"
                + LineDiff.diff(want, runs.underTest().stdout(), Normalizer::matches)));
        Streams.sameExitCode(runs, problems);
        Streams.stderrIs(Streams.referenceStderr(runs), runs, problems);
        return problems;
    }

    /** @return true if the line shows an IPv6 flow */
    static boolean ipv6(final String line) {
        return IPV6.matcher(line).find();
    }

    @Override
    public boolean allowsIdentical() {
        return true;
    }

    @Override
    public String toString() {
        return "prints 1.4.7's IPv4 lines, then its IPv6 lines, each in 1.4.7's order";
    }
}
