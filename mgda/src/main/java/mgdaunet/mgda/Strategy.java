package mgdaunet.mgda;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * One way of turning the task losses of a batch into parameter gradients: equal weights, MGDA-UB,
 * full MGDA, the published baselines. {@link Strategies#parse} builds one from its CLI name.
 */
public interface Strategy {
    /** The CLI name: {@code "mgda-ub"}, {@code "equal"}, {@code "single:seg"}, ... */
    String name();

    /**
     * Computes the gradients of one training step and adds them into every trainable parameter's
     * gradient (the model's and {@link #extraParameters()}'s), as {@code backward} does: the caller
     * zeroes the gradients first and steps its optimizer afterwards. The model's train/eval mode is
     * the caller's. Every map of the result holds every task, in task order.
     *
     * @param targets each task's targets by task name
     */
    StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets);

    /** Parameters the strategy itself learns (uncertainty weighting's log-variances): the caller adds them to its optimizer. */
    default List<Variable> extraParameters() {
        return List.of();
    }

    /** Called once per epoch with the epoch's mean training loss per task (DWA uses it). */
    default void endEpoch(int epoch, Map<String, Double> meanTrainLosses) {}

    /** What is needed to resume exactly (learned weights, loss history, random-stream positions). */
    default Map<String, Tensor> stateDict() {
        return Map.of();
    }

    /** Restores {@link #stateDict()}; refuses entries it does not know or of the wrong shape. */
    default void loadStateDict(Map<String, Tensor> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("strategy " + name() + " keeps no state but got " + state.keySet());
        }
    }
}
