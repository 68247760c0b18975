package mgdaunet.mgda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * The step of the loss-weighting strategies, as a PyTorch user writes it: the trunk once, every head
 * on Z, one backward of {@code sum_t term_t} through everything. Tasks left out of the objective (the
 * other tasks of {@code single:<task>}) are evaluated without a graph, for their losses and outputs.
 */
final class WeightedLossStep {
    /** Task t's contribution to the objective, from its loss: {@code w_t L_t} for most strategies. */
    @FunctionalInterface
    interface Term {
        Variable of(int t, Variable loss);
    }

    private WeightedLossStep() {}

    /** Every task in the objective with the term {@code weights[t] * L_t}. */
    static StepResult run(String who, MultiTaskModel model, Variable input, Map<String, int[]> targets, double[] weights) {
        return run(who, model, input, targets, weights, null, (t, loss) -> F.mul(loss, (float) weights[t]));
    }

    /**
     * Runs the step. {@code weights} go into the result as reported weights; {@code trained[t]} false
     * (null: all true) keeps task t out of the objective and its graph.
     */
    static StepResult run(String who, MultiTaskModel model, Variable input, Map<String, int[]> targets, double[] weights,
                          boolean[] trained, Term termOf) {
        StepInputs.requireRecording(who);
        int[][] y = StepInputs.targets(who, model, targets);
        List<Task> tasks = model.tasks();
        if (trained == null) {
            trained = new boolean[tasks.size()];
            Arrays.fill(trained, true);
        }
        Variable z = model.trunk().forward(input);
        Variable total = null;
        Map<String, Double> losses = new LinkedHashMap<>();
        Map<String, Double> weightMap = new LinkedHashMap<>();
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            Variable out, loss;
            if (trained[t]) {
                out = task.head().forward(z);
                loss = task.loss().apply(out, y[t]);
                Variable term = termOf.of(t, loss);
                total = total == null ? term : F.add(total, term);
            } else {
                try (var g = Graph.noGrad()) {
                    out = task.head().forward(z.detach());
                    loss = task.loss().apply(out, y[t]);
                }
            }
            losses.put(task.name(), StepInputs.lossValue(who, task, loss));
            outputs.put(task.name(), out.value());
            weightMap.put(task.name(), weights[t]);
        }
        if (total != null && total.requiresGrad()) total.backward();
        return new StepResult(losses, weightMap, outputs, null);
    }
}
