package mgdaunet.app.report.plot;

import java.awt.Color;

/**
 * One line of a chart: points (x[i], y[i]) in order; a NaN y leaves a gap.
 *
 * @param label the legend entry, or null to leave the series out of the legend
 * @param width stroke width in pixels
 * @param alpha opacity from 0 to 1
 * @param markers draw a dot at every point (so that a one-epoch curve still shows)
 */
public record Series(String label, double[] x, double[] y, Color color, boolean dashed, float width, float alpha, boolean markers) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + label + ": " + x.length + " x values but " + y.length + " y values");
        }
    }

    /** A solid line of the usual width (1.5 px). */
    public static Series line(String label, double[] x, double[] y, Color color) {
        return new Series(label, x, y, color, false, 1.5f, 1f, false);
    }

    public Series asDashed() {
        return new Series(label, x, y, color, true, width, alpha, markers);
    }

    public Series withMarkers() {
        return new Series(label, x, y, color, dashed, width, alpha, true);
    }

    public Series withWidth(float newWidth) {
        return new Series(label, x, y, color, dashed, newWidth, alpha, markers);
    }

    public Series withAlpha(float newAlpha) {
        return new Series(label, x, y, color, dashed, width, newAlpha, markers);
    }
}
