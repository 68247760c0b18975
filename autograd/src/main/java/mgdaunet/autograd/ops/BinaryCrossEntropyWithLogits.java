package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Losses;
import mgdaunet.tensor.Tensor;

/**
 * Binary cross-entropy from logits x against targets t in [0, 1] (a constant tensor of x's shape):
 * {@code loss_i = max(x, 0) - x t + log(1 + exp(-|x|))}, summed or averaged.
 * x: grad * (sigmoid(x) - t) / n (n = 1 for the sum).
 */
public final class BinaryCrossEntropyWithLogits extends Op {
    private Tensor logits, targets;
    private final double denominator;

    private BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets, double denominator) {
        this.logits = logits;
        this.targets = targets;
        this.denominator = denominator;
    }

    public static Variable apply(Variable logits, Tensor targets, Reduction reduction) {
        double sum = Losses.bceWithLogitsForward(logits.value(), targets);
        double denominator = reduction == Reduction.MEAN ? logits.value().size() : 1.0;
        Tensor loss = Tensor.scalar((float) (sum / denominator));
        return Graph.record(new BinaryCrossEntropyWithLogits(logits.value(), targets, denominator), loss, logits);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        float scale = (float) (g.item() / denominator);
        return new Tensor[] {Losses.bceWithLogitsBackward(logits, targets, scale, Tensor.zerosLike(logits))};
    }

    @Override
    protected void release() {
        logits = targets = null;
    }
}
