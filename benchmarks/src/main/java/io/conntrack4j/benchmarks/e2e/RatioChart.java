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
 * scenario, green when it met its target and red when it missed, the target as a black tick, and the line where
 * both tools take the same time.
 *
 * <pre>java -cp benchmarks.jar io.conntrack4j.benchmarks.e2e.RatioChart e2e-last.txt e2e-ratios.png</pre>
 */
public final class RatioChart {
    private static final Pattern ROW = Pattern.compile(
        "^(\\S+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+(?:<=\\s*([\\d.]+)x?|(\\S+))\\s+(MET|MISSED)\\b.*");
    private static final Pattern TITLE = Pattern.compile("^# conntrack4j end-to-end.*?\\| ([^|]+Z) \\|.*");
    private static final int WIDTH = 900;
    private static final int ROW_HEIGHT = 34;
    private static final int LEFT = 290;
    private static final int TOP = 60;

    /**
     * One scenario's ratio.
     *
     * @param name   the scenario
     * @param ratio  ours / theirs
     * @param target the target ratio, or NaN if the scenario has none
     * @param met    whether it met its target
     */
    record Bar(String name, double ratio, double target, boolean met) {
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
                bars.add(new Bar(m.group(1), Double.parseDouble(m.group(4)), target, m.group(7).equals("MET")));
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
        double max = 1.5;
        for (final Bar b : bars) {
            max = Math.max(max, Math.max(b.ratio(), Double.isNaN(b.target()) ? 0 : b.target()) * 1.1);
        }
        final int plotWidth = WIDTH - LEFT - 60;
        final double scale = plotWidth / max;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < bars.size(); i++) {
            final Bar b = bars.get(i);
            final int y = TOP + i * ROW_HEIGHT;
            g.setColor(Color.BLACK);
            g.drawString(b.name(), 20, y + 18);
            g.setColor(b.met() ? new Color(0x2e, 0x8b, 0x57) : new Color(0xc0, 0x39, 0x2b));
            final int w = (int) Math.round(b.ratio() * scale);
            g.fillRect(LEFT, y + 5, Math.max(w, 1), ROW_HEIGHT - 12);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2fx%s", b.ratio(), b.met() ? "" : "  (missed)"),
                LEFT + Math.max(w, 1) + 6, y + 18);
            if (!Double.isNaN(b.target())) {
                final int x = LEFT + (int) Math.round(b.target() * scale);
                g.setStroke(new BasicStroke(3));
                g.drawLine(x, y + 2, x, y + ROW_HEIGHT - 4);
            }
        }
        final int bottom = TOP + bars.size() * ROW_HEIGHT;
        final int one = LEFT + (int) Math.round(scale);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
        g.drawLine(one, TOP - 6, one, bottom);
        g.drawString("1.0 = as fast as conntrack", one + 4, TOP - 8);
        g.setColor(Color.BLACK);
        g.drawString("bar: ours / theirs (median of the run); black tick: target; green met, red missed", 20,
            bottom + 30);
        g.dispose();
        return image;
    }
}
