package mgdaunet.mgda;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * {@code uncertainty}: Kendall, Gal and Cipolla (CVPR 2018), homoscedastic-uncertainty weighting. Each
 * task has a learned log-variance {@code s_t = log sigma_t^2} (starting at 0) and the objective is their
 * classification form {@code sum_t exp(-s_t) L_t + s_t / 2} (the 1/sigma^2 L + log sigma of the
 * paper). The {@code s_t} are {@link #extraParameters()}: the caller's optimizer trains them with the
 * network. Their gradient is {@code -exp(-s_t) L_t + 1/2}, zero where {@code exp(-s_t) = 1 / (2 L_t)}.
 * Reported weights are the precisions {@code exp(-s_t)} used in the step.
 */
public final class UncertaintyWeighting implements Strategy {
    private final List<String> tasks;
    private final List<Variable> logVariances = new ArrayList<>();

    public UncertaintyWeighting(List<String> tasks) {
        this.tasks = List.copyOf(tasks);
        for (String t : tasks) logVariances.add(Variable.parameter(Tensor.scalar(0f)).named("log_variance." + t));
    }

    @Override
    public String name() {
        return "uncertainty";
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        StateEntries.requireTasks(name(), tasks, model);
        double[] precision = new double[tasks.size()];
        for (int t = 0; t < precision.length; t++) precision[t] = Math.exp(-logVariances.get(t).item());
        return WeightedLossStep.run(name(), model, input, targets, precision, null, (t, loss) -> {
            Variable s = logVariances.get(t);
            return F.add(F.mul(F.exp(F.neg(s)), loss), F.mul(s, 0.5f));
        });
    }

    @Override
    public List<Variable> extraParameters() {
        return List.copyOf(logVariances);
    }

    /** {@code log_variance.<task>}: copies. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Variable s : logVariances) m.put(s.name(), s.value().copy());
        return m;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Set<String> known = new HashSet<>();
        for (Variable s : logVariances) known.add(s.name());
        StateEntries.requireKnown(name(), state, known);
        for (Variable s : logVariances) {
            Tensor v = StateEntries.get(name(), state, s.name(), 1, true);
            s.value().data()[0] = v.data()[0];
        }
    }
}
