package io.conntrack4j.benchmarks.e2e;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the end-to-end ratios (ours / conntrack-tools) of an {@code e2e.sh} output as a PNG bar chart: one bar per
 * scenario, green when it met its target and red when it missed (or FAILED a correctness check), the target as a
 * black tick, and the line where both tools take the same time. The axis is linear while every ratio and target is
 * at most {@value #LINEAR_UP_TO}x, logarithmic beyond (the {@code cli-*} rows, whole JVM processes, reach 5-30x and
 * would flatten the others).
 *
 * <pre>java -cp benchmarks.jar io.conntrack4j.benchmarks.e2e.RatioChart e2e-last.txt e2e-ratios.png</pre>
 */
public final class RatioChart {
    private static final Pattern ROW = Pattern.compile(
        "^(\\S+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+(?:<=\\s*([\\d.]+)x?|(\\S+))\\s+(MET|MISSED|FAILED)\\b.*");
    private static final Pattern TITLE = Pattern.compile("^# conntrack4j end-to-end.*?\\| ([^|]+Z) \\|.*");
    private static final int WIDTH = 900;
    private static final int ROW_HEIGHT = 34;
    private static final int LEFT = 290;
    private static final int TOP = 60;
    private static final double LINEAR_UP_TO = 4;
    private static final double[] LOG_TICKS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500};

    /**
     * One scenario's ratio.
     *
     * @param name   the scenario
     * @param ratio  ours / theirs
     * @param target the target ratio, or NaN if the scenario has none
     * @param met    whether it met its target
     * @param failed whether it failed a correctness check (the cli-* scenarios go on and say FAILED)
     */
    record Bar(String name, double ratio, double target, boolean met, boolean failed) {
        Bar(final String name, final double ratio, final double target, final boolean met) {
            this(name, ratio, target, met, false);
        }
    }

    /**
     * Where a ratio goes on the plot, {@code width} pixels wide.
     *
     * @param log   whether the axis is logarithmic
     * @param min   the ratio at x = 0 (log axis; 0 for a linear one)
     * @param max   the ratio at x = width
     * @param width the plot's width in pixels
     */
    record Axis(boolean log, double min, double max, int width) {
        /**
         * @param bars  the bars
         * @param width the plot's width in pixels
         * @return linear from 0 if every ratio and target is at most {@value #LINEAR_UP_TO}, else logarithmic
         */
        static Axis of(final List<Bar> bars, final int width) {
            double max = 1.5;
            double min = 0.5;
            for (final Bar b : bars) {
                max = Math.max(max, Math.max(b.ratio(), Double.isNaN(b.target()) ? 0 : b.target()) * 1.1);
                if (b.ratio() > 0) {
                    min = Math.min(min, b.ratio() / 1.5);
                }
            }
            if (max <= LINEAR_UP_TO * 1.1) {
                return new Axis(false, 0, max, width);
            }
            return new Axis(true, Math.max(min, 0.005), max * 3, width); // room for the longest bar's label
        }

        /**
         * @param ratio a ratio
         * @return its x offset from the plot's left edge
         */
        int x(final double ratio) {
            if (!log) {
                return (int) Math.round(ratio / max * width);
            }
            final double r = Math.max(ratio, min);
            return (int) Math.round(Math.log(r / min) / Math.log(max / min) * width);
        }

        /** @return the ratios to mark on a log axis (none on a linear one) */
        List<Double> ticks() {
            final List<Double> ticks = new ArrayList<>();
            if (log) {
                for (final double t : LOG_TICKS) {
                    if (t >= min && t <= max) {
                        ticks.add(t);
                    }
                }
            }
            return ticks;
        }
    }

    private RatioChart() {
    }

    /**
     * @param args the e2e output file and the PNG to write
     * @throws IOException if either file cannot be read or written
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RatioChart E2E_OUTPUT.txt CHART.png");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        final List<String> lines = Files.readAllLines(Path.of(args[0]));
        final List<Bar> bars = parse(lines);
        if (bars.isEmpty()) {
            throw new IOException("no result rows in " + args[0]);
        }
        ImageIO.write(draw(bars, title(lines)), "png", Path.of(args[1]).toFile());
        System.out.println("chart of " + bars.size() + " scenarios written to " + args[1]);
    }

    /**
     * @param lines the e2e output
     * @return the result rows, in order
     */
    static List<Bar> parse(final List<String> lines) {
        final List<Bar> bars = new ArrayList<>();
        for (final String line : lines) {
            final Matcher m = ROW.matcher(line);
            if (m.matches()) {
                final double target = m.group(5) == null ? Double.NaN : Double.parseDouble(m.group(5));
                bars.add(new Bar(m.group(1), Double.parseDouble(m.group(4)), target, m.group(7).equals("MET"),
                    m.group(7).equals("FAILED")));
            }
        }
        return bars;
    }

    private static String title(final List<String> lines) {
        for (final String line : lines) {
            final Matcher m = TITLE.matcher(line);
            if (m.matches()) {
                return "conntrack4j / conntrack 1.4.7, end to end, " + m.group(1).trim() + " (lower is faster)";
            }
        }
        return "conntrack4j / conntrack 1.4.7, end to end (lower is faster)";
    }

    private static BufferedImage draw(final List<Bar> bars, final String title) {
        final int height = TOP + bars.size() * ROW_HEIGHT + 60;
        final BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 20, 28);
        final Axis axis = Axis.of(bars, WIDTH - LEFT - 60);
        final int bottom = TOP + bars.size() * ROW_HEIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (final double t : axis.ticks()) {
            final int x = LEFT + axis.x(t);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(x, TOP - 2, x, bottom);
            g.setColor(Color.GRAY);
            g.drawString(t < 1 ? Double.toString(t) : Long.toString(Math.round(t)), x - 8, bottom + 14);
        }
        for (int i = 0; i < bars.size(); i++) {
            final Bar b = bars.get(i);
            final int y = TOP + i * ROW_HEIGHT;
            g.setColor(Color.BLACK);
            g.drawString(b.name(), 20, y + 18);
            g.setColor(b.met() ? new Color(0x2e, 0x8b, 0x57) : new Color(0xc0, 0x39, 0x2b));
            final int w = axis.x(b.ratio());
            g.fillRect(LEFT, y + 5, Math.max(w, 1), ROW_HEIGHT - 12);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2fx%s", b.ratio(), b.failed() ? "  (FAILED)"
                : b.met() ? "" : "  (missed)"), LEFT + Math.max(w, 1) + 6, y + 18);
            if (!Double.isNaN(b.target())) {
                final int x = LEFT + axis.x(b.target());
                g.setStroke(new BasicStroke(3));
                g.drawLine(x, y + 2, x, y + ROW_HEIGHT - 4);
            }
        }
        final int one = LEFT + axis.x(1);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
        g.drawLine(one, TOP - 6, one, bottom);
        g.drawString("1.0 = as fast as conntrack", one + 4, TOP - 8);
        g.setColor(Color.BLACK);
        g.drawString("bar: ours / theirs (median of the run); black tick: target; green met, red missed"
            + (axis.log() ? "; logarithmic scale" : ""), 20, bottom + 30);
        g.dispose();
        return image;
    }
}
