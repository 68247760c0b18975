package mgdaunet.app.metrics;

import java.util.Map;

/**
 * The metrics of one task over a whole evaluation set, all derived from one {@link ConfusionMatrix}.
 * Reports read them generically: a main metric (what "best epoch" and the multi-task improvement
 * compare), named scalars for tables and CSV columns, and per-class arrays for the JSON summary.
 * An undefined value (a ratio over nothing, e.g. the accuracy of an empty set) is NaN.
 */
public sealed interface TaskMetrics permits ClassificationMetrics, SegmentationMetrics {
    /** Name of the metric that ranks epochs and runs: "accuracy" or "miou". */
    String mainName();

    /** The value of {@link #mainName()}. */
    double main();

    /** Whether a larger {@link #main()} is better (true for every metric here). */
    default boolean higherIsBetter() {
        return true;
    }

    /** Named scalar metrics in a stable order, {@link #mainName()} among them. */
    Map<String, Double> scalars();

    /** Named per-class arrays (index = class), NaN where a class makes the ratio undefined. */
    Map<String, double[]> perClass();

    /** The counts everything was computed from (a copy). */
    ConfusionMatrix confusion();

    /** Number of predictions counted: images for classification, pixels for segmentation. */
    long count();
}
