package mgdaunet.app.report.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import mgdaunet.app.io.PngFiles;

/**
 * One set of axes with line series, drawn with Java2D in matplotlib's default look: a box of thin
 * black spines, outward ticks at nice numbers, a faint grid, the tab10 colours, a legend in the
 * corner that hides the fewest points. Build with {@link #builder(String)}.
 */
public final class LineChart {
    static {
        PngFiles.headless();
    }

    static final String FONT_FAMILY = "DejaVu Sans"; // matplotlib's default face; Java falls back to its sans-serif
    private static final Color SPINE = new Color(0x222222);
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color TEXT = new Color(0x1a1a1a);
    private static final Color LEGEND_EDGE = new Color(0xcccccc);
    private static final int TICK = 4;
    private static final int PAD = 4;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean integerX;
    private final double[] yLimits;
    private final List<Series> series;

    private LineChart(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.integerX = b.integerX;
        this.yLimits = b.yLimits;
        this.series = List.copyOf(b.series);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() {
        return title;
    }

    public List<Series> series() {
        return series;
    }

    /** Collects a chart's labels, options and series. */
    public static final class Builder {
        private final String title;
        private String xLabel = "";
        private String yLabel = "";
        private boolean integerX;
        private double[] yLimits;
        private final List<Series> series = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        public Builder xLabel(String label) {
            this.xLabel = label;
            return this;
        }

        public Builder yLabel(String label) {
            this.yLabel = label;
            return this;
        }

        /** Ticks on whole numbers only (epochs). */
        public Builder integerX() {
            this.integerX = true;
            return this;
        }

        /** A fixed y range instead of the data's (e.g. 0 to 1 for accuracies). */
        public Builder yRange(double lo, double hi) {
            if (!(lo < hi)) throw new IllegalArgumentException("chart " + title + ": empty y range " + lo + " to " + hi);
            this.yLimits = new double[] {lo, hi};
            return this;
        }

        public Builder add(Series s) {
            series.add(s);
            return this;
        }

        public LineChart build() {
            return new LineChart(this);
        }
    }

    /** Draws the chart into {@code area} of {@code g}. */
    void draw(Graphics2D g, Rectangle area) {
        Font tickFont = new Font(FONT_FAMILY, Font.PLAIN, 12);
        Font labelFont = new Font(FONT_FAMILY, Font.PLAIN, 13);
        Font titleFont = new Font(FONT_FAMILY, Font.PLAIN, 15);

        double[] xr = range(true);
        double[] yr = yLimits != null ? yLimits.clone() : range(false);
        double[] xv = NiceTicks.viewRange(xr[0], xr[1]);
        double[] yv = yLimits != null ? yr : NiceTicks.viewRange(yr[0], yr[1]);

        FontMetrics tickFm = g.getFontMetrics(tickFont);
        FontMetrics labelFm = g.getFontMetrics(labelFont);
        FontMetrics titleFm = g.getFontMetrics(titleFont);

        int top = area.y + (title.isEmpty() ? PAD * 3 : titleFm.getHeight() + PAD * 3);
        int bottom = area.y + area.height - (TICK + PAD + tickFm.getHeight() + (xLabel.isEmpty() ? PAD : labelFm.getHeight() + PAD * 2));
        int maxYTicks = Math.clamp((bottom - top) / 45, 3, 9);
        List<Double> yTicks = NiceTicks.ticks(yv[0], yv[1], maxYTicks, false);
        double yStep = NiceTicks.step(yv[0], yv[1], maxYTicks, false);
        int yLabelWidth = 0;
        for (double t : yTicks) yLabelWidth = Math.max(yLabelWidth, tickFm.stringWidth(NiceTicks.label(t, yStep)));
        int left = area.x + PAD * 2 + (yLabel.isEmpty() ? 0 : labelFm.getHeight() + PAD) + yLabelWidth + PAD + TICK;
        int right = area.x + area.width - PAD * 4;
        Rectangle plot = new Rectangle(left, top, Math.max(1, right - left), Math.max(1, bottom - top));

        int maxXTicks = Math.clamp(plot.width / 60, 3, 11);
        List<Double> xTicks = NiceTicks.ticks(xv[0], xv[1], maxXTicks, integerX);
        double xStep = NiceTicks.step(xv[0], xv[1], maxXTicks, integerX);
        Mapping map = new Mapping(plot, xv, yv);

        // grid below everything
        g.setStroke(new BasicStroke(0.8f));
        g.setColor(GRID);
        for (double t : yTicks) g.draw(new Line2D.Double(plot.x, map.py(t), plot.x + plot.width, map.py(t)));
        for (double t : xTicks) g.draw(new Line2D.Double(map.px(t), plot.y, map.px(t), plot.y + plot.height));

        Shape oldClip = g.getClip();
        g.clip(new Rectangle(plot.x - 4, plot.y - 4, plot.width + 8, plot.height + 8));
        for (Series s : series) drawSeries(g, s, map);
        g.setClip(oldClip);

        // spines and ticks
        g.setColor(SPINE);
        g.setStroke(new BasicStroke(0.8f));
        g.draw(new Rectangle(plot.x, plot.y, plot.width, plot.height));
        g.setFont(tickFont);
        g.setColor(TEXT);
        for (double t : yTicks) {
            double py = map.py(t);
            g.draw(new Line2D.Double(plot.x - TICK, py, plot.x, py));
            String s = NiceTicks.label(t, yStep);
            g.drawString(s, plot.x - TICK - PAD - tickFm.stringWidth(s), (float) (py + tickFm.getAscent() / 2.0 - 1));
        }
        for (double t : xTicks) {
            double px = map.px(t);
            g.draw(new Line2D.Double(px, plot.y + plot.height, px, plot.y + plot.height + TICK));
            String s = NiceTicks.label(t, xStep);
            g.drawString(s, (float) (px - tickFm.stringWidth(s) / 2.0), plot.y + plot.height + TICK + PAD + tickFm.getAscent());
        }

        g.setFont(labelFont);
        if (!xLabel.isEmpty()) {
            g.drawString(xLabel, plot.x + (plot.width - labelFm.stringWidth(xLabel)) / 2f,
                    plot.y + plot.height + TICK + PAD + tickFm.getHeight() + PAD + labelFm.getAscent());
        }
        if (!yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            g.translate(area.x + PAD * 2 + labelFm.getAscent(), plot.y + (plot.height + labelFm.stringWidth(yLabel)) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, 0, 0);
            g.setTransform(saved);
        }
        if (!title.isEmpty()) {
            g.setFont(titleFont);
            g.drawString(title, plot.x + (plot.width - titleFm.stringWidth(title)) / 2f, plot.y - PAD * 2 - titleFm.getDescent());
        }
        drawLegend(g, plot, map);
    }

    /** The finite data range along x or y, {+inf, -inf} when there is none. */
    private double[] range(boolean alongX) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                double v = alongX ? s.x()[i] : s.y()[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    private record Mapping(Rectangle plot, double[] xv, double[] yv) {
        double px(double x) {
            return plot.x + (x - xv[0]) / (xv[1] - xv[0]) * plot.width;
        }

        double py(double y) {
            return plot.y + plot.height - (y - yv[0]) / (yv[1] - yv[0]) * plot.height;
        }
    }

    private static BasicStroke stroke(Series s) {
        // matplotlib's "--" pattern: 3.7 on, 1.6 off, in units of the line width
        float[] dash = s.dashed() ? new float[] {3.7f * s.width(), 1.6f * s.width()} : null;
        return new BasicStroke(s.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    private static Color withAlpha(Color c, float alpha) {
        return alpha >= 1f ? c : new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(alpha * 255));
    }

    private static void drawSeries(Graphics2D g, Series s, Mapping map) {
        Path2D.Double path = new Path2D.Double();
        boolean penDown = false;
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i], y = s.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                penDown = false;
                continue;
            }
            if (penDown) path.lineTo(map.px(x), map.py(y));
            else path.moveTo(map.px(x), map.py(y));
            penDown = true;
        }
        g.setColor(withAlpha(s.color(), s.alpha()));
        g.setStroke(stroke(s));
        g.draw(path);
        if (s.markers()) {
            double r = 2.2 + s.width() / 2;
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                g.fill(new Ellipse2D.Double(map.px(s.x()[i]) - r, map.py(s.y()[i]) - r, 2 * r, 2 * r));
            }
        }
    }

    private void drawLegend(Graphics2D g, Rectangle plot, Mapping map) {
        List<Series> entries = series.stream().filter(s -> s.label() != null && !s.label().isEmpty()).toList();
        if (entries.isEmpty()) return;
        Font font = new Font(FONT_FAMILY, Font.PLAIN, 11);
        FontMetrics fm = g.getFontMetrics(font);
        int sample = 22;
        int rowHeight = fm.getHeight();
        int textWidth = 0;
        for (Series s : entries) textWidth = Math.max(textWidth, fm.stringWidth(s.label()));
        int w = PAD * 2 + sample + PAD * 2 + textWidth + PAD * 2;
        int h = PAD * 2 + rowHeight * entries.size();
        Rectangle box = bestLegendBox(plot, map, w, h);

        g.setColor(new Color(255, 255, 255, 210));
        RoundRectangle2D frame = new RoundRectangle2D.Double(box.x, box.y, box.width, box.height, 6, 6);
        g.fill(frame);
        g.setColor(LEGEND_EDGE);
        g.setStroke(new BasicStroke(0.8f));
        g.draw(frame);
        g.setFont(font);
        for (int i = 0; i < entries.size(); i++) {
            Series s = entries.get(i);
            double cy = box.y + PAD + rowHeight * i + rowHeight / 2.0;
            g.setColor(s.color());
            g.setStroke(stroke(s.withWidth(Math.max(1.5f, Math.min(s.width(), 2.5f)))));
            g.draw(new Line2D.Double(box.x + PAD * 2, cy, box.x + PAD * 2 + sample, cy));
            if (s.markers()) g.fill(new Ellipse2D.Double(box.x + PAD * 2 + sample / 2.0 - 3, cy - 3, 6, 6));
            g.setColor(TEXT);
            g.drawString(s.label(), box.x + PAD * 4 + sample, (float) (cy + fm.getAscent() / 2.0 - 1));
        }
    }

    /** matplotlib's loc="best": of the candidate spots, the first that covers the fewest data points. */
    private Rectangle bestLegendBox(Rectangle plot, Mapping map, int w, int h) {
        int m = 6;
        int l = plot.x + m, r = plot.x + plot.width - m - w, t = plot.y + m, b = plot.y + plot.height - m - h;
        int cy = plot.y + (plot.height - h) / 2;
        int[][] spots = {{r, t}, {l, t}, {l, b}, {r, b}, {r, cy}, {l, cy}};
        Rectangle best = null;
        long bestCount = Long.MAX_VALUE;
        for (int[] spot : spots) {
            Rectangle box = new Rectangle(spot[0], spot[1], w, h);
            long count = 0;
            for (Series s : series) {
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.y()[i]) && box.contains(map.px(s.x()[i]), map.py(s.y()[i]))) count++;
                    // also the middle of each segment, so a line crossing the box counts
                    if (i > 0 && Double.isFinite(s.y()[i]) && Double.isFinite(s.y()[i - 1])
                            && box.contains(map.px((s.x()[i] + s.x()[i - 1]) / 2), map.py((s.y()[i] + s.y()[i - 1]) / 2))) count++;
                }
            }
            if (count < bestCount) {
                bestCount = count;
                best = box;
            }
        }
        return best;
    }
}
