package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.autograd.Variable;

/** {@code fixed}: {@code sum_t w_t L_t} with the user's weights, as given (not normalized). */
public final class FixedWeighting implements Strategy {
    private final double[] weights;

    /** {@code weights} in task order (Strategies.parse checks them against the task names). */
    public FixedWeighting(double[] weights) {
        this.weights = weights.clone();
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        if (weights.length != model.tasks().size()) {
            throw new IllegalArgumentException("fixed: " + weights.length + " weights for " + model.tasks().size() + " tasks");
        }
        return WeightedLossStep.run(name(), model, input, targets, weights);
    }
}
