package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loss kernels, forward and input gradient: cross-entropy from logits with class-index targets
 * (fused log-softmax and negative log-likelihood), and binary cross-entropy from logits.
 *
 * <p>Cross-entropy takes logits {@code [N, C]} or {@code [N, C, d1, d2, ...]} (pixel-wise:
 * {@code [N, C, H, W]}) and one target per position, {@code targets[n * D + j]} with D = d1 * d2 * ...
 * A target equal to {@code ignoreIndex} contributes nothing. With class weights w, position j adds
 * {@code -w[t] * log p[t]} to the loss and {@code w[t]} to the weight sum (PyTorch's weighted mean
 * divides the first by the second). Both kernels run in parallel over the batch.
 */
public final class Losses {
    private Losses() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Sum of the (weighted) losses and of the weights of the positions that count. */
    public record Sums(double loss, double weight) {}

    /**
     * Cross-entropy forward: writes log-softmax over dimension 1 into {@code logProbs} (kept for the
     * backward pass) and returns the loss and weight sums.
     */
    public static Sums crossEntropyForward(Tensor logits, int[] targets, float[] classWeights, int ignoreIndex, Tensor logProbs) {
        int[] s = logits.shape();
        checkCrossEntropy(s, targets, classWeights);
        Shape.requireSame("crossEntropy (logits, log-probabilities)", s, logProbs.shape());
        Softmax.logSoftmax(logits, 1, logProbs);
        int batch = s[0], classes = s[1], inner = s.length == 2 ? 1 : ShapeOps.innerSize(s, 1);
        float[] lp = logProbs.data();
        double[] loss = new double[batch], weight = new double[batch];
        Parallel.forEach(batch, n -> {
            double ls = 0, ws = 0;
            for (int j = 0; j < inner; j++) {
                int t = targets[n * inner + j];
                if (t == ignoreIndex) continue;
                checkTarget(t, classes, n * inner + j);
                double w = classWeights == null ? 1.0 : classWeights[t];
                ls -= w * lp[(n * classes + t) * inner + j];
                ws += w;
            }
            loss[n] = ls;
            weight[n] = ws;
        });
        double l = 0, w = 0;
        for (int n = 0; n < batch; n++) {
            l += loss[n];
            w += weight[n];
        }
        return new Sums(l, w);
    }

    /**
     * Cross-entropy input gradient: {@code out = scale * w[t] * (softmax - onehot(t))} at every
     * position that counts, 0 at ignored ones; {@code scale} is the upstream gradient divided by the
     * mean's denominator (or not, for a sum).
     */
    public static Tensor crossEntropyBackward(Tensor logProbs, int[] targets, float[] classWeights, int ignoreIndex, float scale, Tensor out) {
        return crossEntropyBackward(logProbs, targets, classWeights, ignoreIndex, scale, out, Simd.ENABLED);
    }

    static Tensor crossEntropyBackward(Tensor logProbs, int[] targets, float[] classWeights, int ignoreIndex, float scale, Tensor out, boolean simd) {
        int[] s = logProbs.shape();
        checkCrossEntropy(s, targets, classWeights);
        Shape.requireSame("crossEntropyBackward (log-probabilities, gradient)", s, out.shape());
        int batch = s[0], classes = s[1], inner = s.length == 2 ? 1 : ShapeOps.innerSize(s, 1);
        float[] lp = logProbs.data(), o = out.data();
        // Images in contiguous ranges, one factor array per range (not per image: it is a whole plane).
        Parallel.forRange(batch, (n0, n1) -> {
            float[] factor = new float[inner];
            for (int n = n0; n < n1; n++) {
                int base = n * classes * inner;
                // factor[j] = scale * w[t_j], 0 where ignored: softmax times it, minus it at the target.
                for (int j = 0; j < inner; j++) {
                    int t = targets[n * inner + j];
                    if (t == ignoreIndex) {
                        factor[j] = 0f;
                        continue;
                    }
                    checkTarget(t, classes, n * inner + j);
                    factor[j] = scale * (classWeights == null ? 1f : classWeights[t]);
                }
                if (inner == 1) expScaled(lp, o, base, classes, factor[0], simd);
                else for (int c = 0; c < classes; c++) expTimes(lp, o, base + c * inner, factor, inner, simd);
                for (int j = 0; j < inner; j++) {
                    int t = targets[n * inner + j];
                    if (t != ignoreIndex) o[base + t * inner + j] -= factor[j];
                }
            }
        });
        return out;
    }

    /** o = exp(lp) * f over a run (f may be 0: an ignored row). */
    private static void expScaled(float[] lp, float[] o, int p, int n, float f, boolean simd) {
        int i = 0;
        if (simd) {
            for (int bound = S.loopBound(n); i < bound; i += L) {
                FloatVector.fromArray(S, lp, p + i).lanewise(VectorOperators.EXP).mul(f).intoArray(o, p + i);
            }
        }
        for (; i < n; i++) o[p + i] = (float) Math.exp(lp[p + i]) * f;
    }

    /** o[p + j] = exp(lp[p + j]) * f[j] over one plane. */
    private static void expTimes(float[] lp, float[] o, int p, float[] f, int n, boolean simd) {
        int j = 0;
        if (simd) {
            for (int bound = S.loopBound(n); j < bound; j += L) {
                FloatVector e = FloatVector.fromArray(S, lp, p + j).lanewise(VectorOperators.EXP);
                e.mul(FloatVector.fromArray(S, f, j)).intoArray(o, p + j);
            }
        }
        for (; j < n; j++) o[p + j] = (float) Math.exp(lp[p + j]) * f[j];
    }

    private static void checkCrossEntropy(int[] s, int[] targets, float[] classWeights) {
        if (s.length < 2) throw new IllegalArgumentException("crossEntropy: logits must be [N, C] or [N, C, ...], got " + Shape.str(s));
        int positions = s[0] * (s.length == 2 ? 1 : ShapeOps.innerSize(s, 1));
        if (targets.length != positions) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for logits of shape " + Shape.str(s)
                    + ", which have " + positions + " positions");
        }
        if (classWeights != null && classWeights.length != s[1]) {
            throw new IllegalArgumentException("crossEntropy: " + classWeights.length + " class weights for " + s[1] + " classes (logits " + Shape.str(s) + ")");
        }
    }

    private static void checkTarget(int t, int classes, int at) {
        if (t < 0 || t >= classes) {
            throw new IllegalArgumentException("crossEntropy: target " + t + " at position " + at + " is outside [0, " + classes + ") and is not the ignore index");
        }
    }

    // ------------------------------------------------------------------ binary cross-entropy with logits

    /**
     * Sum over elements of {@code max(x, 0) - x * t + log(1 + exp(-|x|))}, the stable form of
     * {@code -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x))}, in double.
     */
    public static double bceWithLogitsForward(Tensor logits, Tensor targets) {
        return bceWithLogitsForward(logits, targets, Simd.ENABLED);
    }

    static double bceWithLogitsForward(Tensor logits, Tensor targets, boolean simd) {
        Shape.requireSame("binaryCrossEntropyWithLogits (logits, targets)", logits.shape(), targets.shape());
        float[] x = logits.data(), t = targets.data();
        int n = x.length;
        int chunks = Math.max(1, Math.min(Parallel.threads(), n / Elementwise.GRAIN));
        double[] part = new double[chunks];
        Parallel.forEach(chunks, c -> {
            int s = (int) ((long) n * c / chunks), e = (int) ((long) n * (c + 1) / chunks);
            part[c] = bceRun(x, t, s, e - s, simd);
        });
        double total = 0;
        for (double p : part) total += p;
        return total;
    }

    private static double bceRun(float[] x, float[] t, int off, int n, boolean simd) {
        double total = 0;
        int i = 0;
        if (simd) {
            // Float lanes for at most BLOCK elements at a time, then into the double (as Reductions.sumRun).
            while (n - i >= L) {
                int blockEnd = i + Math.min(Reductions.BLOCK, (n - i) / L * L);
                FloatVector acc = FloatVector.zero(S);
                for (; i < blockEnd; i += L) {
                    FloatVector xv = FloatVector.fromArray(S, x, off + i), tv = FloatVector.fromArray(S, t, off + i);
                    FloatVector soft = xv.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
                    acc = acc.add(xv.max(0f).sub(xv.mul(tv)).add(soft));
                }
                total += LaneSums.sum(acc);
            }
        }
        for (; i < n; i++) {
            double v = x[off + i];
            total += Math.max(v, 0) - v * t[off + i] + Math.log1p(Math.exp(-Math.abs(v)));
        }
        return total;
    }

    /** {@code out = scale * (sigmoid(x) - t)}. */
    public static Tensor bceWithLogitsBackward(Tensor logits, Tensor targets, float scale, Tensor out) {
        return bceWithLogitsBackward(logits, targets, scale, out, Simd.ENABLED);
    }

    static Tensor bceWithLogitsBackward(Tensor logits, Tensor targets, float scale, Tensor out, boolean simd) {
        Shape.requireSame("binaryCrossEntropyWithLogitsBackward (logits, targets)", logits.shape(), targets.shape());
        Shape.requireSame("binaryCrossEntropyWithLogitsBackward (logits, gradient)", logits.shape(), out.shape());
        float[] x = logits.data(), t = targets.data(), o = out.data();
        // Three passes per cache-sized chunk: sigmoid, minus targets, times scale.
        Parallel.forRange(x.length, Elementwise.GRAIN, (s, e) -> {
            for (int c = s; c < e; c += 4096) {
                int len = Math.min(4096, e - c);
                ElementwiseRuns.runUnary(Elementwise.SIGMOID, 0f, 0f, x, c, o, c, len, simd);
                ElementwiseRuns.runVV(Elementwise.SUB, o, c, t, c, o, c, len, simd);
                ElementwiseRuns.runVS(Elementwise.MUL, o, c, scale, o, c, len, simd);
            }
        });
        return out;
    }
}
