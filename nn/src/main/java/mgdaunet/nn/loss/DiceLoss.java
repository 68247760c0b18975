package mgdaunet.nn.loss;

import mgdaunet.autograd.Variable;
import mgdaunet.autograd.ops.CrossEntropy;

/**
 * Soft multi-class Dice loss on logits against class indices: 1 - the mean over classes of
 * {@code (2 sum p t + smooth) / (sum p + sum t + smooth)}, p the softmax probabilities, t one-hot,
 * the sums over the whole batch; see {@link Losses#dice}. The background class can be left out of
 * the mean (it dominates segmentation masks).
 */
public final class DiceLoss implements Loss<int[]> {
    public static final float DEFAULT_SMOOTH = 1f;

    private final boolean includeBackground;
    private final int backgroundClass;
    private final float smooth;
    private final int ignoreIndex;

    public DiceLoss(boolean includeBackground, int backgroundClass, float smooth, int ignoreIndex) {
        this.includeBackground = includeBackground;
        this.backgroundClass = backgroundClass;
        this.smooth = smooth;
        this.ignoreIndex = ignoreIndex;
    }

    /** Every class counted, smooth 1. */
    public DiceLoss() {
        this(true, -1, DEFAULT_SMOOTH, CrossEntropy.DEFAULT_IGNORE_INDEX);
    }

    /** The background class left out (M2NIST's is 10), smooth 1. */
    public static DiceLoss excludingBackground(int backgroundClass) {
        return new DiceLoss(false, backgroundClass, DEFAULT_SMOOTH, CrossEntropy.DEFAULT_IGNORE_INDEX);
    }

    @Override
    public Variable forward(Variable logits, int[] targets) {
        return Losses.dice(logits, targets, includeBackground, backgroundClass, smooth, ignoreIndex);
    }
}
