package mgdaunet.nn.loss;

import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** Binary cross-entropy of logits against targets in [0, 1], PyTorch's {@code nn.BCEWithLogitsLoss}. */
public final class BceWithLogitsLoss implements Loss<Tensor> {
    private final Reduction reduction;

    public BceWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public BceWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Variable forward(Variable logits, Tensor targets) {
        return Losses.bceWithLogits(logits, targets, reduction);
    }
}
