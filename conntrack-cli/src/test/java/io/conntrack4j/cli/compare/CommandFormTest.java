package io.conntrack4j.cli.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting form lines and deciding which forms need the labels file. */
class CommandFormTest {

    @Test
    void splitsOnSpaces() {
        assertThat(CommandForm.of(" -L  -p tcp ").args()).containsExactly("-L", "-p", "tcp");
    }

    @Test
    void onlyLabelFormsGetTheLabelsFile() {
        assertThat(CommandForm.of("-L -l web").labelFile()).isTrue();
        assertThat(CommandForm.of("-U -s 1.1.1.1 --label-add web").labelFile()).isTrue();
        assertThat(CommandForm.of("-L -o xml,labels").labelFile()).isTrue();
        assertThat(CommandForm.of("-L --output LABELS").labelFile()).isTrue();
        assertThat(CommandForm.of("-L -o xml").labelFile()).isFalse();
        assertThat(CommandForm.of("-L -p tcp").labelFile()).isFalse();
        assertThat(CommandForm.of("-L -o labels").withoutLabelFile().labelFile()).isFalse();
        assertThat(CommandForm.of("-R -").withStdin("-I -s 1.1.1.1 --label-add web\n").labelFile()).isTrue();
    }

    @Test
    void aDeviationIsKeptAndShown() {
        final Deviation q1 = Deviations.q1();
        final CommandForm form = CommandForm.of("-R -").deviatingAs(q1).withStdin("-F -f ipv6\n").withoutLabelFile();

        assertThat(form.deviation()).isSameAs(q1);
        assertThat(form.display()).isEqualTo("conntrack -R - <<< '-F -f ipv6'   [documented deviation Q1]");
        assertThat(CommandForm.of("-L").deviation()).isNull();
    }

    @Test
    void displaysInputAndEnvironment() {
        assertThat(CommandForm.of("-R -").withStdin("-F\n-D -p gre\n").display())
            .isEqualTo("conntrack -R - <<< '-F\\n-D -p gre'");
        assertThat(CommandForm.of("-L -l web").display()).isEqualTo("conntrack -L -l web   [with connlabel.conf]");
        assertThat(CommandForm.dealsWithLabels(List.of("-L", "-o"))).isFalse();
    }
}
