package io.conntrack4j.cli.compare;

import java.util.Arrays;
import java.util.List;

/**
 * One command line to run through both tools: its arguments, what it reads on standard input, and whether the
 * labels file {@code /etc/xtables/connlabel.conf} exists while it runs ({@link LabelsFile}; putting it in place costs
 * time, so only forms that deal with labels get it), and the documented {@link Deviation} from 1.4.7 it exercises,
 * if any.
 *
 * @param args      the arguments, without the program name
 * @param stdin     the standard input ({@code null}: /dev/null)
 * @param labelFile true to run with the comparison's labels file in place
 * @param deviation how the program under test deliberately differs from 1.4.7 on this form, or {@code null} if it
 *                  must match
 */
record CommandForm(List<String> args, String stdin, boolean labelFile, Deviation deviation) {

    CommandForm {
        args = List.copyOf(args);
    }

    /**
     * @param line the arguments, separated by spaces (no argument of a form contains a space)
     * @return the form, with no input, and with the labels file if it deals with labels ({@link #dealsWithLabels})
     */
    static CommandForm of(final String line) {
        final List<String> args = Arrays.asList(line.trim().split(" +"));
        return new CommandForm(args, null, dealsWithLabels(args), null);
    }

    /**
     * @param args command-line arguments
     * @return true if they filter on, set or print labels ({@code -l}, {@code --label*}, an {@code -o} list with
     *     {@code labels})
     */
    static boolean dealsWithLabels(final List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            final String a = args.get(i);
            if (a.equals("-l") || a.startsWith("--label")) {
                return true;
            }
            if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.size()
                && args.get(i + 1).toLowerCase(java.util.Locale.ROOT).contains("labels")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param input the standard input
     * @return this form reading the input (with the labels file if the input deals with labels)
     */
    CommandForm withStdin(final String input) {
        return new CommandForm(args, input, labelFile || input.contains("--label"), deviation);
    }

    /** @return this form run while no labels file exists */
    CommandForm withoutLabelFile() {
        return new CommandForm(args, stdin, false, deviation);
    }

    /**
     * @param documented the deviation docs/cli.md documents for this form, or {@code null}
     * @return this form, judged by that deviation's relation instead of by matching 1.4.7
     */
    CommandForm deviatingAs(final Deviation documented) {
        return new CommandForm(args, stdin, labelFile, documented);
    }

    /**
     * @return the command as a shell line, e.g. {@code conntrack -L -p tcp}, with its input, environment and
     *     documented deviation
     */
    String display() {
        final StringBuilder s = new StringBuilder("conntrack ").append(String.join(" ", args));
        if (stdin != null) {
            s.append(" <<< '").append(stdin.strip().replace("\n", "\\n").replace("\t", "\\t")).append('\'');
        }
        if (labelFile) {
            s.append("   [with connlabel.conf]");
        }
        if (deviation != null) {
            s.append("   [documented deviation ").append(deviation.row()).append(']');
        }
        return s.toString();
    }
}
