package mgdaunet.app.metrics;

/** Division that yields NaN for 0/0: a metric over nothing is undefined, not zero. */
final class Ratios {
    private Ratios() {}

    static double of(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** Mean of the values that are not NaN; NaN when there are none. */
    static double meanDefined(double[] values, int skip) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == skip || Double.isNaN(values[i])) continue;
            sum += values[i];
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
