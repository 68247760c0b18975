package mgdaunet.mgda;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public interface Strategy {
    String name();

    StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets);

    default List<Variable> extraParameters() {
        return List.of();
    }

    default void endEpoch(int epoch, Map<String, Double> meanTrainLosses) {}

    default Map<String, Tensor> stateDict() {
        return Map.of();
    }

    default void loadStateDict(Map<String, Tensor> state) {
        if (!state.isEmpty()) throw new IllegalArgumentException("strategy " + name() + " keeps no state but got " + state.keySet());
    }
}
