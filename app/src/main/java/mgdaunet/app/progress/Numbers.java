package mgdaunet.app.progress;

import java.util.Locale;

/** Fixed-width number formats shared by the progress line and the epoch table; NaN shows as "-". */
final class Numbers {
    private Numbers() {}

    /** A loss: four decimals below 10, fewer above, so the width stays about the same. */
    static String loss(double v) {
        if (!Double.isFinite(v)) return nonFinite(v);
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a < 10 ? "%.4f" : a < 1000 ? "%.2f" : "%.3g", v);
    }

    /** "-" for NaN (no value), "inf" or "-inf". */
    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "-" : (v > 0 ? "inf" : "-inf");
    }

    /** A loss in a narrow place (the redrawn progress line): three decimals below 10. */
    static String shortLoss(double v) {
        if (!Double.isFinite(v)) return nonFinite(v);
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a < 10 ? "%.3f" : a < 1000 ? "%.1f" : "%.2g", v);
    }

    /** A metric or ratio in [0, 1]: four decimals. */
    static String metric(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A weight or cosine: three decimals, the sign kept. */
    static String fixed3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
