package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A line diff (longest common subsequence) for failure messages: {@code -} reference line, {@code +} line under
 * test, two lines of context around each change. Lines end in {@code $} and tabs show as {@code \t}, so whitespace
 * differences are visible.
 */
final class LineDiff {
    private static final int CONTEXT = 2;

    private LineDiff() {
    }

    /**
     * @param expected the reference text
     * @param actual   the text under test
     * @param same     when two lines count as equal
     * @return the diff, or an empty string if every line is equal
     */
    static String diff(final String expected, final String actual, final BiPredicate<String, String> same) {
        final String[] a = lines(expected);
        final String[] b = lines(actual);
        final int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = same.test(a[i], b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        final List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && same.test(a[i], b[j])) {
                ops.add("  " + visible(a[i++]));
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add("+ " + visible(b[j++]));
            } else {
                ops.add("- " + visible(a[i++]));
            }
        }
        return withContext(ops);
    }

    private static String withContext(final List<String> ops) {
        final boolean[] shown = new boolean[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            if (!ops.get(k).startsWith("  ")) {
                for (int m = Math.max(0, k - CONTEXT); m <= Math.min(ops.size() - 1, k + CONTEXT); m++) {
                    shown[m] = true;
                }
            }
        }
        final StringBuilder out = new StringBuilder();
        for (int k = 0; k < ops.size(); k++) {
            if (shown[k]) {
                if (k > 0 && !shown[k - 1] && out.length() > 0) {
                    out.append("  ...\n");
                }
                out.append(ops.get(k)).append('\n');
            }
        }
        return out.toString();
    }

    private static String[] lines(final String text) {
        return text.isEmpty() ? new String[0] : text.split("\n", -1);
    }

    private static String visible(final String line) {
        return line.replace("\t", "\\t").replace("\r", "\\r") + "$";
    }
}
