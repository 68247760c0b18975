package mgdaunet.mgda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * {@code dwa}: Dynamic Weight Average (Liu, Johns and Davison, CVPR 2019). The weights of epoch k are
 * {@code w_t = T exp(r_t / tau) / sum_i exp(r_i / tau)} with {@code r_t = L_t(k-1) / L_t(k-2)}, the ratio
 * of task t's mean training loss over the last two epochs, and temperature tau (2 by default); they sum
 * to T. Until two epochs have ended every weight is 1. The step is {@code sum_t w_t L_t}.
 */
public final class DynamicWeightAverage implements Strategy {
    private final List<String> tasks;
    private final double temperature;
    private double[] previous, last; // mean losses of epochs k-2 and k-1, null until recorded

    public DynamicWeightAverage(List<String> tasks, double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("dwa: temperature " + temperature + " must be finite and > 0");
        }
        this.tasks = List.copyOf(tasks);
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "dwa";
    }

    /** The weights the next step uses. */
    public double[] weights() {
        int n = tasks.size();
        double[] w = new double[n];
        if (previous == null || last == null) {
            Arrays.fill(w, 1);
            return w;
        }
        double max = Double.NEGATIVE_INFINITY;
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = last[t] / previous[t] / temperature;
            max = Math.max(max, r[t]);
        }
        double sum = 0;
        for (int t = 0; t < n; t++) sum += w[t] = Math.exp(r[t] - max); // shifted: the ratio is unchanged
        for (int t = 0; t < n; t++) w[t] *= n / sum;
        return w;
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        StateEntries.requireTasks(name(), tasks, model);
        return WeightedLossStep.run(name(), model, input, targets, weights());
    }

    @Override
    public void endEpoch(int epoch, Map<String, Double> meanTrainLosses) {
        double[] means = new double[tasks.size()];
        for (int t = 0; t < means.length; t++) {
            Double v = meanTrainLosses.get(tasks.get(t));
            if (v == null || !(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("dwa: epoch " + epoch + " mean loss of task '" + tasks.get(t) + "' is " + v
                        + "; each task needs a finite mean loss > 0");
            }
            means[t] = (float) (double) v; // kept at float precision, so that a saved state resumes exactly
        }
        previous = last;
        last = means;
    }

    /** {@code dwa.previous}, {@code dwa.last}: the last two epochs' mean losses, where recorded. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (previous != null) m.put("dwa.previous", StateEntries.vector(previous));
        if (last != null) m.put("dwa.last", StateEntries.vector(last));
        return m;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateEntries.requireKnown(name(), state, Set.of("dwa.previous", "dwa.last"));
        Tensor p = StateEntries.get(name(), state, "dwa.previous", tasks.size(), false);
        Tensor l = StateEntries.get(name(), state, "dwa.last", tasks.size(), false);
        if (p != null && l == null) throw new IllegalArgumentException("strategy dwa state: 'dwa.previous' without 'dwa.last'");
        previous = p == null ? null : StateEntries.doubles(p);
        last = l == null ? null : StateEntries.doubles(l);
    }
}
