package mgdaunet.mgda;

import java.util.Arrays;
import java.util.Map;
import mgdaunet.autograd.Variable;

/** {@code equal}: the mean of the task losses, {@code (1/T) sum_t L_t}, one backward through everything. */
public final class EqualWeighting implements Strategy {
    @Override
    public String name() {
        return "equal";
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        double[] w = new double[model.tasks().size()];
        Arrays.fill(w, 1.0 / w.length);
        return WeightedLossStep.run(name(), model, input, targets, w);
    }
}
