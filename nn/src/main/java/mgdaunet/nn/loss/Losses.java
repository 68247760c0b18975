package mgdaunet.nn.loss;

import java.util.Arrays;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * The losses as functions; the {@link Loss} classes hold their options and call these. Cross-entropy
 * and BCE with logits are fused autograd ops; soft Dice and MSE are composed of autograd ops.
 */
public final class Losses {
    private Losses() {}

    /** Mean cross-entropy of logits {@code [N, C]} or pixel-wise {@code [N, C, H, W]} against class indices. */
    public static Variable crossEntropy(Variable logits, int[] targets) {
        return F.crossEntropy(logits, targets);
    }

    /** Cross-entropy with class weights (or null), an ignore index and a reduction, PyTorch's {@code cross_entropy}. */
    public static Variable crossEntropy(Variable logits, int[] targets, float[] classWeights, int ignoreIndex, Reduction reduction) {
        return F.crossEntropy(logits, targets, classWeights, ignoreIndex, reduction);
    }

    /** Binary cross-entropy of logits against targets in [0, 1] of the same shape. */
    public static Variable bceWithLogits(Variable logits, Tensor targets, Reduction reduction) {
        requireSameShape("binary_cross_entropy_with_logits", logits, targets);
        return F.binaryCrossEntropyWithLogits(logits, targets, reduction);
    }

    /** Squared error, averaged ({@code MEAN}) or summed; prediction and target of the same shape. */
    public static Variable mse(Variable prediction, Tensor target, Reduction reduction) {
        requireSameShape("mse_loss", prediction, target);
        Variable d = F.sub(prediction, Variable.constant(target));
        Variable sq = F.mul(d, d);
        return reduction == Reduction.MEAN ? F.mean(sq) : F.sum(sq);
    }

    /**
     * Soft Dice loss over classes: with p = softmax(logits) over dim 1 and t the one-hot targets, per
     * class c (sums over the batch and every position, ignored positions left out)
     * {@code dice_c = (2 sum p_c t_c + smooth) / (sum p_c + sum t_c + smooth)}, and the loss is
     * {@code 1 - mean of dice_c} over the classes counted (all, or all but {@code backgroundClass}).
     * A class absent from both prediction and target scores 1 thanks to {@code smooth} (> 0).
     *
     * @param logits          {@code [N, C, ...]}
     * @param targets         one class index per position, N * (product of the trailing dims)
     * @param backgroundClass the class left out when {@code includeBackground} is false (M2NIST: 10)
     * @param ignoreIndex     a target value whose positions count for nothing
     */
    public static Variable dice(Variable logits, int[] targets, boolean includeBackground, int backgroundClass, float smooth,
                                int ignoreIndex) {
        int[] s = logits.shape();
        if (s.length < 2) throw new IllegalArgumentException("dice_loss: logits must be N x C x ..., got " + Arrays.toString(s));
        int n = s[0], c = s[1], positions = 1;
        for (int i = 2; i < s.length; i++) positions *= s[i];
        if (targets.length != n * positions) {
            throw new IllegalArgumentException("dice_loss: " + targets.length + " targets for logits " + Arrays.toString(s) + " (need "
                    + n * positions + ")");
        }
        if (!includeBackground && (backgroundClass < 0 || backgroundClass >= c)) {
            throw new IllegalArgumentException("dice_loss: background class " + backgroundClass + " is not one of the " + c + " classes");
        }
        if (!(smooth >= 0f)) throw new IllegalArgumentException("dice_loss: smooth must be >= 0, got " + smooth);
        Tensor onehot = Tensor.zeros(s);
        int[] maskShape = s.clone();
        maskShape[1] = 1;
        Tensor valid = Tensor.ones(maskShape);
        float[] t = onehot.data(), m = valid.data(), counts = new float[c];
        boolean anyIgnored = false;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < positions; p++) {
                int k = targets[i * positions + p];
                if (k == ignoreIndex) {
                    m[i * positions + p] = 0f;
                    anyIgnored = true;
                    continue;
                }
                if (k < 0 || k >= c) throw new IllegalArgumentException("dice_loss: target " + k + " at position " + (i * positions + p)
                        + " is not a class in [0, " + c + ")");
                t[(i * c + k) * positions + p] = 1f;
                counts[k]++;
            }
        }
        int[] overAllButClasses = new int[s.length - 1];
        overAllButClasses[0] = 0;
        for (int i = 2; i < s.length; i++) overAllButClasses[i - 1] = i;

        Variable probs = F.softmax(logits, 1);
        if (anyIgnored) probs = F.mul(probs, Variable.constant(valid));
        Variable intersection = F.sum(F.mul(probs, Variable.constant(onehot)), overAllButClasses, false);   // [C]
        Variable predicted = F.sum(probs, overAllButClasses, false);                                          // [C]
        Variable numerator = F.add(F.mul(intersection, 2f), smooth);
        Variable denominator = F.add(F.add(predicted, Variable.constant(Tensor.of(counts, c))), smooth);
        Variable perClass = F.div(numerator, denominator);
        float[] include = new float[c];
        Arrays.fill(include, 1f);
        if (!includeBackground) include[backgroundClass] = 0f;
        int counted = includeBackground ? c : c - 1;
        if (counted == 0) throw new IllegalArgumentException("dice_loss: no class left to score");
        Variable meanDice = F.div(F.sum(F.mul(perClass, Variable.constant(Tensor.of(include, c)))), counted);
        return F.neg(F.sub(meanDice, 1f));
    }

    private static void requireSameShape(String op, Variable output, Tensor target) {
        if (!Arrays.equals(output.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": output " + Arrays.toString(output.shape()) + " and target "
                    + Arrays.toString(target.shape()) + " differ in shape");
        }
    }
}
