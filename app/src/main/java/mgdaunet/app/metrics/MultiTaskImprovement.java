package mgdaunet.app.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-task improvement Δm of LibMTL ({@code count_improvement}; Maninis et al. 2019): the
 * mean over tasks of the relative gain of the multi-task run over each task's single-task
 * baseline, in percent. For a task t with metrics m = 1..M_t:
 *
 * <pre>
 *   Δm = 100% * 1/T * Σ_t 1/M_t * Σ_m (-1)^{l_{t,m}} (M_mt - M_single) / M_single
 * </pre>
 *
 * where l = 1 when lower is better (a loss or an error), 0 when higher is better. A task's
 * metrics are averaged first, so a task with three metrics weighs as much as one with one.
 * Positive Δm: the multi-task model beats the single-task ones on average.
 */
public final class MultiTaskImprovement {
    /** One metric of one task: the multi-task run's value and the single-task baseline's. */
    public record Comparison(String task, String metric, double multiTask, double singleTask, boolean higherIsBetter) {
        public Comparison {
            if (!Double.isFinite(multiTask) || !Double.isFinite(singleTask)) {
                throw new IllegalArgumentException("multi-task improvement: " + task + " " + metric + " is not a finite number (multi-task "
                        + multiTask + ", single-task " + singleTask + ")");
            }
            if (singleTask == 0) {
                throw new IllegalArgumentException("multi-task improvement: the single-task baseline of " + task + " " + metric
                        + " is 0, the relative gain is undefined");
            }
        }

        /** The main metric of a task: {@code multiTask.main()} against a baseline value of the same metric. */
        public static Comparison main(String task, TaskMetrics multiTask, double singleTask) {
            return new Comparison(task, multiTask.mainName(), multiTask.main(), singleTask, multiTask.higherIsBetter());
        }

        /** The signed relative gain of this metric, as a fraction. */
        public double relativeGain() {
            double gain = (multiTask - singleTask) / singleTask;
            return higherIsBetter ? gain : -gain;
        }
    }

    private MultiTaskImprovement() {}

    /** Δm in percent over the given comparisons (grouped by task, in order of first appearance). */
    public static double percent(List<Comparison> comparisons) {
        if (comparisons.isEmpty()) throw new IllegalArgumentException("multi-task improvement: no task to compare");
        Map<String, double[]> perTask = new LinkedHashMap<>(); // task -> {sum of gains, metric count}
        for (Comparison c : comparisons) {
            double[] acc = perTask.computeIfAbsent(c.task(), t -> new double[2]);
            acc[0] += c.relativeGain();
            acc[1]++;
        }
        double sum = 0;
        for (double[] acc : perTask.values()) sum += acc[0] / acc[1];
        return 100 * sum / perTask.size();
    }
}
