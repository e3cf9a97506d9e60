package io.conntrack4j.cli;

import io.conntrack4j.model.Flow;
import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conntrack4j -L | head}: a closed standard output ends the command as SIGPIPE ends conntrack. */
class ClosedOutputTest {
    @Test
    void aClosedPipeStopsTheListingWithStatus141() {
        final CliHarness cli = new CliHarness();
        final List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            flows.add(Flow.builder(Tuple.udp("10.0." + (i / 250) + "." + (i % 250), "10.9.9.9", 1000 + i % 50_000, 53))
                .timeout(600L).build());
        }
        cli.kernel.conntrack().createAll(flows);
        final CountingClosedPipe pipe = new CountingClosedPipe(1000);
        final int status = ConntrackCli.using(cli.kernel::backend).run(List.of("-L"),
            new ByteArrayInputStream(new byte[0]), new PrintStream(pipe, false), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(status).isEqualTo(141);
        assertThat(pipe.refused).as("writes after the pipe closed").isLessThan(10_000);
    }

    /** A pipe whose reader goes away after some bytes. */
    private static final class CountingClosedPipe extends OutputStream {
        private final int open;
        private int accepted;
        private int refused;

        CountingClosedPipe(final int open) {
            this.open = open;
        }

        @Override
        public void write(final int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            if (accepted >= open) {
                refused++;
                throw new IOException("Broken pipe");
            }
            accepted += len;
        }
    }
}
