package mgdaunet.nn.loss;

import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** Squared error, PyTorch's {@code nn.MSELoss}: mean (default) or sum of {@code (output - target)^2}. */
public final class MseLoss implements Loss<Tensor> {
    private final Reduction reduction;

    public MseLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public MseLoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Variable forward(Variable prediction, Tensor target) {
        return Losses.mse(prediction, target, reduction);
    }
}
