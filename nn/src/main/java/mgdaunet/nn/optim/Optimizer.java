package mgdaunet.nn.optim;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/**
 * Updates parameters from their gradients, PyTorch's way: {@link #step()} visits the parameters in
 * order and skips those whose gradient is {@code null} (never computed, or cleared by
 * {@link #zeroGrad()}); the update rules are PyTorch 1.13's single-tensor ones, in float32.
 *
 * <p>State (step counts, moment buffers) is kept per parameter index and exported as named tensors
 * with PyTorch's names, {@code state.<index>.<name>}, for checkpoints.
 */
public abstract sealed class Optimizer permits Sgd, Adam {
    private final String name;
    private final List<Variable> params;
    private double learningRate;

    Optimizer(String name, List<Variable> params, double learningRate) {
        this.name = name;
        if (params.isEmpty()) throw new IllegalArgumentException(name + ": empty parameter list");
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (p == null) throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            if (!p.isLeaf()) throw new IllegalArgumentException(name + ": parameter " + i + " (" + p + ") is not a leaf; only leaves can be optimized");
            if (!seen.add(p)) throw new IllegalArgumentException(name + ": parameter " + i + " (" + p + ") appears twice");
        }
        this.params = List.copyOf(params);
        setLearningRate(learningRate);
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            Tensor g = p.grad();
            if (g == null) continue;
            if (g.size() != p.value().size()) {
                throw new IllegalStateException(name + " step: gradient " + Shape.str(g.shape()) + " does not match parameter " + i
                        + " " + Shape.str(p.value().shape()));
            }
            update(i, p.value().data(), g.data());
        }
    }

    /** Updates parameter {@code index} in place from its gradient. */
    abstract void update(int index, float[] param, float[] grad);

    /** Clears every parameter's gradient (to {@code null}, PyTorch's {@code set_to_none=True}). */
    public final void zeroGrad() {
        for (Variable p : params) p.zeroGrad();
    }

    /** The parameters, in the order their state is indexed. */
    public final List<Variable> parameters() {
        return params;
    }

    public final double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate for the next steps (schedules call this once per epoch). */
    public final void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException(name + ": invalid learning rate " + lr);
        this.learningRate = lr;
    }

    /** A copy of the state as named tensors ({@code state.<index>.<name>}); parameters never stepped have none. */
    public abstract Map<String, Tensor> stateDict();

    /**
     * Replaces the state with {@code state} (as {@link #stateDict()} gives it, or PyTorch's flattened);
     * parameters absent from it start afresh. Each parameter's entries must be complete and
     * shaped like the parameter; unknown names fail.
     *
     * @throws mgdaunet.nn.checkpoint.StateDictMismatchException naming what does not fit
     */
    public abstract void loadStateDict(Map<String, Tensor> state);

    final String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "(" + params.size() + " parameters, lr=" + learningRate + ")";
    }
}
