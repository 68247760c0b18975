package mgdaunet.app.report.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ranges and tick positions at "nice" numbers (1, 2, 2.5, 5 times a power of ten), as
 * matplotlib's {@code MaxNLocator} picks them, and tick labels with just enough decimals.
 */
final class NiceTicks {
    private static final double[] STEPS = {1, 2, 2.5, 5, 10};
    private static final double[] INTEGER_STEPS = {1, 2, 5, 10};

    private NiceTicks() {}

    /** A data range widened by a 5 % margin each side (matplotlib's default), never empty. */
    static double[] viewRange(double min, double max) {
        if (!(min <= max)) return new double[] {0, 1}; // no finite data
        if (min == max) {
            double pad = min == 0 ? 0.5 : Math.abs(min) * 0.05;
            return new double[] {min - pad, max + pad};
        }
        double margin = (max - min) * 0.05;
        return new double[] {min - margin, max + margin};
    }

    /** The step between at most {@code maxTicks} ticks over [lo, hi]; whole numbers only if {@code integer}. */
    static double step(double lo, double hi, int maxTicks, boolean integer) {
        double raw = (hi - lo) / Math.max(1, maxTicks - 1);
        if (integer && raw <= 1) return 1;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : integer && magnitude < 10 ? INTEGER_STEPS : STEPS) {
            if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
        }
        return 10 * magnitude;
    }

    /** Ticks that are multiples of the step and lie inside [lo, hi]. */
    static List<Double> ticks(double lo, double hi, int maxTicks, boolean integer) {
        double step = step(lo, hi, maxTicks, integer);
        List<Double> ticks = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        for (long i = first; i * step <= hi + step * 1e-9; i++) {
            // i * step in decimal, so that ticks are 0.6 and not 0.6000000000000001
            ticks.add(BigDecimal.valueOf(i).multiply(BigDecimal.valueOf(step)).doubleValue());
        }
        return ticks;
    }

    /** The label of tick {@code value} on an axis whose ticks are {@code step} apart: "0.25", "2", "1e-05". */
    static String label(double value, double step) {
        if (Math.abs(value) < step * 1e-6) value = 0; // rounding noise around zero
        double a = Math.abs(value);
        if (a != 0 && (a >= 1e5 || a < 1e-4)) return String.format(java.util.Locale.ROOT, "%.3g", value).replaceAll("\\.?0+e", "e");
        int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
        String s = new BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return s.startsWith("-") && new BigDecimal(s).signum() == 0 ? s.substring(1) : s; // no "-0.0"
    }
}
