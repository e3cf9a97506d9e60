package io.conntrack4j.docs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a documentation snippet and returns what it printed on {@code System.out}, so that a test can compare it
 * with the output the guide shows in the snippet's comments.
 */
final class Printed {
    /** A snippet: any code, checked exceptions allowed. */
    @FunctionalInterface
    interface Snippet {
        void run() throws Exception;
    }

    private Printed() {
    }

    /**
     * @param snippet the code to run
     * @return what it printed, with {@code \n} line ends
     * @throws Exception whatever the snippet throws
     */
    static synchronized String by(final Snippet snippet) throws Exception {
        final PrintStream previous = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            snippet.run();
        } finally {
            System.setOut(previous);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
