package io.conntrack4j.cli.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict of every form of one comparison IT, printed at its end as a Markdown table (form, verdict), followed
 * by the number of forms per verdict: it shows which forms matched 1.4.7, which deviated exactly as documented (and
 * so which documented deviations were exercised), and which did not.
 */
final class VerdictTable {
    /** The verdict label of each form, by its {@link CommandForm#display()} (the relations compare by identity). */
    private final Map<String, String> verdicts = new LinkedHashMap<>();

    /**
     * Judges one form: runs both tools, once more if the first verdict is worth a retry, records the verdict and
     * fails unless it matches.
     *
     * @param form    a form
     * @param runBoth runs the form through both tools and judges the outcomes
     */
    void judge(final CommandForm form, final Function<CommandForm, Verdict> runBoth) {
        Verdict verdict = runBoth.apply(form);
        if (Judge.worthRetry(verdict)) {
            System.out.println("once more: " + form.display() + " " + verdict.problems());
            verdict = runBoth.apply(form);
        }
        record(form, verdict);
        assertThat(verdict.matches()).withFailMessage(verdict.report()).isTrue();
    }

    /**
     * Prints the table and fails if a form got no verdict.
     *
     * @param it    the comparison IT
     * @param forms the forms it was to judge
     */
    void printAndCheckAllJudged(final Class<?> it, final List<CommandForm> forms) {
        System.out.println(render(it.getSimpleName()
            + (Judge.selfComparison() ? " (self-comparison: deviations expected to match)" : "")));
        assertThat(unjudged(forms)).extracting(CommandForm::display).isEmpty();
    }

    /**
     * @param form    a form
     * @param verdict its final verdict (after any retry)
     */
    synchronized void record(final CommandForm form, final Verdict verdict) {
        verdicts.put(form.display(), verdict.label());
    }

    /**
     * @param forms the forms that were to be judged
     * @return those without a verdict (a form that threw before it was judged)
     */
    synchronized List<CommandForm> unjudged(final List<CommandForm> forms) {
        return forms.stream().filter(f -> !verdicts.containsKey(f.display())).toList();
    }

    /**
     * @param title what was compared
     * @return the table and the counts
     */
    synchronized String render(final String title) {
        final StringBuilder s = new StringBuilder("\n## ").append(title).append("\n\n| form | verdict |\n|---|---|\n");
        final Map<String, Integer> counts = new LinkedHashMap<>();
        verdicts.forEach((form, label) -> {
            s.append("| `").append(form.replace("|", "\\|").replace("`", "'")).append("` | ")
                .append(label).append(" |\n");
            counts.merge(label.startsWith("DEVIATES") ? "DEVIATES-AS-DOCUMENTED" : label, 1, Integer::sum);
        });
        final List<String> totals = new ArrayList<>();
        counts.forEach((label, n) -> totals.add(n + " " + label));
        return s.append('\n').append(verdicts.size()).append(" forms: ").append(String.join(", ", totals))
            .append('\n').toString();
    }
}
