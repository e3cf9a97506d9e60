package io.conntrack4j.cli.internal;

import io.conntrack4j.model.EventType;
import io.conntrack4j.model.Expectation;
import io.conntrack4j.model.Flow;
import io.conntrack4j.text.ConntrackFormatter;
import io.conntrack4j.text.FlowContext;

import java.io.PrintStream;

/**
 * Prints flows and expectations the way conntrack does, including its XML framing: the header before the first
 * element of {@code -L} and {@code -G} (never for {@code -D} and {@code -U}, which print bare elements), and the
 * footer at the end of a listing that printed the header.
 */
final class Output {
    private final PrintStream out;
    private final ConntrackFormatter formatter;
    private final boolean xml;
    private final StringBuilder line = new StringBuilder(512);
    private byte[] bytes = new byte[512];
    private long written;
    private boolean headerPrinted;

    /**
     * @param out       standard output
     * @param formatter the formatter built from {@code -o}
     */
    Output(final PrintStream out, final ConntrackFormatter formatter) {
        this.out = out;
        this.formatter = formatter;
        this.xml = formatter.options().contains(io.conntrack4j.text.OutputOption.XML)
            && !formatter.options().contains(io.conntrack4j.text.OutputOption.SAVE);
    }

    /** @return the formatter */
    ConntrackFormatter formatter() {
        return formatter;
    }

    /** @return true if the output is XML */
    boolean xml() {
        return xml;
    }

    /**
     * @param flow          a flow
     * @param context       why it is printed
     * @param withXmlHeader print the XML header before the first flow (listings and get)
     */
    void flow(final Flow flow, final FlowContext context, final boolean withXmlHeader) {
        if (withXmlHeader) {
            header(formatter.xmlHeader());
        }
        line.setLength(0);
        formatter.appendFlow(line, flow, context).append('\n');
        write(line);
    }

    /** Writes ASCII text as bytes (skipping the stream's charset encoder); anything else through the encoder. */
    private void write(final CharSequence text) {
        final int n = text.length();
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c >= 0x80) {
                out.append(text);
                return;
            }
            bytes[i] = (byte) c;
        }
        out.write(bytes, 0, n);
        if (++written % 4096 == 0 && out.checkError()) {
            throw new ClosedOutputException();
        }
    }

    /** Prints the XML header once, before the first event. */
    void eventHeader() {
        header(formatter.xmlHeader());
    }

    /** @param expectation an expectation to print (after the expectation XML header, the first time) */
    void expectation(final Expectation expectation) {
        header(formatter.expectationXmlHeader());
        line(formatter.expectation(expectation));
    }

    /**
     * @param type        an expectation event's type
     * @param expectation the expectation it carries, printed as {@code -E expect} does (after the expectation XML
     *                    header, the first time)
     */
    void expectationEvent(final EventType type, final Expectation expectation) {
        header(formatter.expectationXmlHeader());
        line(formatter.expectationEvent(type, expectation));
    }

    /** Prints an XML document's header, once, if the output is XML. */
    private void header(final String text) {
        if (xml && !headerPrinted) {
            headerPrinted = true;
            out.print(text);
            out.print('\n');
        }
    }

    /** @param text a line to print */
    void line(final String text) {
        out.print(text);
        out.print('\n');
    }

    /** Closes the flow XML document if it was opened. */
    void endDocument() {
        if (headerPrinted) {
            line(formatter.xmlFooter());
        }
    }

    /** Closes the expectation XML document if it was opened. */
    void endExpectDocument() {
        if (headerPrinted) {
            line(formatter.expectationXmlFooter());
        }
    }

    /** Flushes standard output. */
    void flush() {
        out.flush();
    }

    /**
     * Standard output was closed by its reader ({@code conntrack4j -L | head}): conntrack dies of SIGPIPE there, so
     * the command stops instead of dumping on into a closed pipe.
     */
    static final class ClosedOutputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClosedOutputException() {
            super("standard output is closed", null, false, false);
        }
    }
}
