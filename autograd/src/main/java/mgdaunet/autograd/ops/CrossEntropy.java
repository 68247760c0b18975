package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Losses;
import mgdaunet.tensor.Tensor;

/**
 * Cross-entropy from logits {@code [N, C]} or pixel-wise {@code [N, C, H, W]} (any trailing dims)
 * with one class index per position, fused log-softmax and negative log-likelihood:
 * {@code loss = sum_j -w[t_j] log softmax(x_j)[t_j]}, divided by {@code sum_j w[t_j]} for the mean;
 * positions whose target is the ignore index drop out of both sums.
 * logits: grad * w[t] * (softmax(x) - onehot(t)) / denominator. The log-probabilities are saved.
 */
public final class CrossEntropy extends Op {
    /** PyTorch's default ignore index; class indices are never negative, so it ignores nothing real. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    private final int[] targets;
    private final float[] classWeights;
    private final int ignoreIndex;
    private final double denominator;
    private Tensor logProbs;

    private CrossEntropy(int[] targets, float[] classWeights, int ignoreIndex, double denominator, Tensor logProbs) {
        this.targets = targets;
        this.classWeights = classWeights;
        this.ignoreIndex = ignoreIndex;
        this.denominator = denominator;
        this.logProbs = logProbs;
    }

    /**
     * @param classWeights one weight per class, or null for equal weights
     * @param ignoreIndex  a target value that contributes nothing (e.g. {@link #DEFAULT_IGNORE_INDEX})
     */
    public static Variable apply(Variable logits, int[] targets, float[] classWeights, int ignoreIndex, Reduction reduction) {
        Tensor logProbs = Tensor.zerosLike(logits.value());
        Losses.Sums sums = Losses.crossEntropyForward(logits.value(), targets, classWeights, ignoreIndex, logProbs);
        // Mean over zero counted positions is 0 / 0 = NaN, as in PyTorch.
        double denominator = reduction == Reduction.MEAN ? sums.weight() : 1.0;
        Tensor loss = Tensor.scalar((float) (sums.loss() / denominator));
        return Graph.record(new CrossEntropy(targets, classWeights, ignoreIndex, denominator, logProbs), loss, logits);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        float scale = (float) (g.item() / denominator);
        return new Tensor[] {Losses.crossEntropyBackward(logProbs, targets, classWeights, ignoreIndex, scale, Tensor.scratch(logProbs.shape()))};
    }

    @Override
    protected void release() {
        logProbs = null;
    }
}
