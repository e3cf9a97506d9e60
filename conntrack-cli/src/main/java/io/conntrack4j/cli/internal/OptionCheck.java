package io.conntrack4j.cli.internal;

import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * conntrack's {@code generic_opt_check}: walks the options in bit order and fails on the first compulsory option
 * missing or illegal option given; then, if the command needs one of several option pairs (legality 3), says whether
 * a pair is complete and, if not, which pair was started.
 */
final class OptionCheck {
    private OptionCheck() {
    }

    /**
     * @param given    the bits of the options given
     * @param count    how many options there are
     * @param legality per option index: 0 illegal, 1 compulsory, 2 optional, 3 part of a pair
     * @param name     per option index, the name messages use
     * @param pairs    the option pairs, one of which must be complete when some option has legality 3
     * @return -2 if fine, else the index of the first started pair, or -1 if none was started
     * @throws CliFailure (exit 2) for a missing compulsory or an illegal option
     */
    static int check(final int given, final int count, final IntUnaryOperator legality, final IntFunction<String> name,
                     final int[] pairs) {
        boolean needsPair = false;
        for (int i = 0; i < count; i++) {
            final int legal = legality.applyAsInt(i);
            if ((given & (1 << i)) == 0) {
                if (legal == 1) {
                    throw CliFailure.parameter("You need to supply the `--" + name.apply(i) + "' option for this command");
                }
            } else if (legal == 0) {
                throw CliFailure.parameter("Illegal option `--" + name.apply(i) + "' with this command");
            }
            if (legal == 3) {
                needsPair = true;
            }
        }
        if (!needsPair || pairs.length == 0) {
            return -2;
        }
        int partial = -1;
        for (int i = 0; i < pairs.length; i++) {
            if ((given & pairs[i]) == pairs[i]) {
                return -2;
            }
            if ((given & pairs[i]) != 0 && partial < 0) {
                partial = i;
            }
        }
        return partial;
    }
}
