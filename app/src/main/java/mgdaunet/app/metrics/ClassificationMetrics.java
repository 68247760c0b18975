package mgdaunet.app.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of a classification task (left, right, count): accuracy over the whole set and the
 * accuracy within each true class (its recall), NaN for a class with no example.
 */
public final class ClassificationMetrics implements TaskMetrics {
    public static final String ACCURACY = "accuracy";
    /** The scalar names, in {@link #scalars()} order. */
    public static final List<String> NAMES = List.of(ACCURACY);

    private final ConfusionMatrix confusion;
    private final double accuracy;
    private final double[] perClassAccuracy;

    private ClassificationMetrics(ConfusionMatrix confusion) {
        this.confusion = confusion.copy();
        this.accuracy = Ratios.of(confusion.correct(), confusion.total());
        this.perClassAccuracy = new double[confusion.classes()];
        for (int c = 0; c < perClassAccuracy.length; c++) {
            perClassAccuracy[c] = Ratios.of(confusion.count(c, c), confusion.truthCount(c));
        }
    }

    public static ClassificationMetrics of(ConfusionMatrix confusion) {
        return new ClassificationMetrics(confusion);
    }

    /** Fraction of examples whose predicted class is the true one. */
    public double accuracy() {
        return accuracy;
    }

    /** Per true class, the fraction predicted right (a copy). */
    public double[] perClassAccuracy() {
        return perClassAccuracy.clone();
    }

    @Override
    public String mainName() {
        return ACCURACY;
    }

    @Override
    public double main() {
        return accuracy;
    }

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(ACCURACY, accuracy);
        return m;
    }

    @Override
    public Map<String, double[]> perClass() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("accuracy", perClassAccuracy.clone());
        return m;
    }

    @Override
    public ConfusionMatrix confusion() {
        return confusion.copy();
    }

    @Override
    public long count() {
        return confusion.total();
    }

    @Override
    public String toString() {
        return "accuracy " + accuracy + " over " + count();
    }
}
