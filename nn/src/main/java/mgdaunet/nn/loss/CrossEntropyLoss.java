package mgdaunet.nn.loss;

import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.autograd.ops.CrossEntropy;

/**
 * Cross-entropy from logits, PyTorch's {@code nn.CrossEntropyLoss}: {@code [N, C]} or pixel-wise
 * {@code [N, C, H, W]} logits against one class index per position, with optional class weights
 * (the weighted mean divides by the counted targets' weights), an ignore index and a reduction.
 */
public final class CrossEntropyLoss implements Loss<int[]> {
    private final float[] classWeights;
    private final int ignoreIndex;
    private final Reduction reduction;

    /** @param classWeights one weight per class, or null */
    public CrossEntropyLoss(float[] classWeights, int ignoreIndex, Reduction reduction) {
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
    }

    /** Unweighted mean, PyTorch's default ignore index (-100). */
    public CrossEntropyLoss() {
        this(null, CrossEntropy.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    @Override
    public Variable forward(Variable logits, int[] targets) {
        return Losses.crossEntropy(logits, targets, classWeights, ignoreIndex, reduction);
    }
}
