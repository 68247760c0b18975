package mgdaunet.app.metrics;

import java.util.Arrays;

/**
 * Counts of (true class, predicted class) pairs, summed over a whole evaluation set batch by batch.
 * Every metric of this package is a function of these counts, so a metric over the set is exact
 * whatever the batch size (averaging per-batch ratios would not be). Rows are true classes,
 * columns predicted classes, as in scikit-learn's {@code confusion_matrix}.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) throw new IllegalArgumentException("confusion matrix: need at least one class, got " + classes);
        this.classes = classes;
        this.counts = new long[Math.multiplyExact(classes, classes)];
    }

    /** A matrix with the given counts ({@code counts[truth][predicted]}), e.g. read back from a report. */
    public static ConfusionMatrix of(long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(counts.length);
        for (int t = 0; t < counts.length; t++) {
            if (counts[t].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix: row " + t + " has " + counts[t].length + " columns, expected " + counts.length);
            }
            for (int p = 0; p < counts.length; p++) {
                if (counts[t][p] < 0) throw new IllegalArgumentException("confusion matrix: negative count at [" + t + "][" + p + "]");
                m.counts[t * m.classes + p] = counts[t][p];
            }
        }
        return m;
    }

    public int classes() {
        return classes;
    }

    /** Adds one pair per index: {@code truth[i]} against {@code predicted[i]}; the arrays have equal length. */
    public void add(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + truth.length + " targets but " + predicted.length + " predictions");
        }
        add(truth, 0, predicted, 0, truth.length);
    }

    /** Adds {@code length} pairs from the given offsets. */
    public void add(int[] truth, int truthOffset, int[] predicted, int predictedOffset, int length) {
        java.util.Objects.checkFromIndexSize(truthOffset, length, truth.length);
        java.util.Objects.checkFromIndexSize(predictedOffset, length, predicted.length);
        // Check the whole batch first, so that a rejected batch leaves the counts as they were.
        for (int i = 0; i < length; i++) {
            int t = truth[truthOffset + i];
            int p = predicted[predictedOffset + i];
            // One unsigned compare per label rejects both negatives and labels >= classes.
            if (Integer.compareUnsigned(t, classes) >= 0 || Integer.compareUnsigned(p, classes) >= 0) {
                throw new IllegalArgumentException("confusion matrix: label out of range 0.." + (classes - 1)
                        + " at index " + i + ": target " + t + ", prediction " + p);
            }
        }
        for (int i = 0; i < length; i++) counts[truth[truthOffset + i] * classes + predicted[predictedOffset + i]]++;
    }

    /** Adds a single pair. */
    public void add(int truth, int predicted) {
        if (Integer.compareUnsigned(truth, classes) >= 0 || Integer.compareUnsigned(predicted, classes) >= 0) {
            throw new IllegalArgumentException("confusion matrix: label out of range 0.." + (classes - 1)
                    + ": target " + truth + ", prediction " + predicted);
        }
        counts[truth * classes + predicted]++;
    }

    /** Adds the counts of another matrix of the same size. */
    public void addAll(ConfusionMatrix other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("confusion matrix: cannot add a " + other.classes + "-class matrix to a " + classes + "-class one");
        }
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    }

    public void reset() {
        Arrays.fill(counts, 0);
    }

    /** Pairs with this true and this predicted class. */
    public long count(int truth, int predicted) {
        return counts[checkClass(truth) * classes + checkClass(predicted)];
    }

    /** All pairs counted. */
    public long total() {
        long sum = 0;
        for (long c : counts) sum += c;
        return sum;
    }

    /** Pairs predicted right: the diagonal's sum. */
    public long correct() {
        long sum = 0;
        for (int c = 0; c < classes; c++) sum += counts[c * classes + c];
        return sum;
    }

    /** Pairs whose true class is {@code c} (a row sum): true positives plus false negatives. */
    public long truthCount(int c) {
        int row = checkClass(c) * classes;
        long sum = 0;
        for (int p = 0; p < classes; p++) sum += counts[row + p];
        return sum;
    }

    /** Pairs predicted as {@code c} (a column sum): true positives plus false positives. */
    public long predictedCount(int c) {
        checkClass(c);
        long sum = 0;
        for (int t = 0; t < classes; t++) sum += counts[t * classes + c];
        return sum;
    }

    /** A copy of the counts, {@code [truth][predicted]}. */
    public long[][] toArray() {
        long[][] out = new long[classes][];
        for (int t = 0; t < classes; t++) out[t] = Arrays.copyOfRange(counts, t * classes, (t + 1) * classes);
        return out;
    }

    public ConfusionMatrix copy() {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        System.arraycopy(counts, 0, m.counts, 0, counts.length);
        return m;
    }

    private int checkClass(int c) {
        if (c < 0 || c >= classes) throw new IndexOutOfBoundsException("class " + c + " out of range 0.." + (classes - 1));
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.classes == classes && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * classes + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.deepToString(toArray());
    }
}
