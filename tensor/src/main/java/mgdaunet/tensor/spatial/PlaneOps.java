package mgdaunet.tensor.spatial;

import mgdaunet.tensor.LaneSums;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loops over one contiguous plane (a channel of one image) that the bias-gradient, pooling and
 * batch-norm kernels share, each with a scalar twin taken when {@code simd} is false. Sums come
 * back in double; within a plane they run in float lanes (a few hundred terms per lane at most for
 * the planes of a U-Net), the long sums over the batch are the callers', in double.
 */
final class PlaneOps {
    private PlaneOps() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Sum of {@code a[off .. off + len)}. */
    static double sum(boolean simd, float[] a, int off, int len) {
        if (!simd) {
            double s = 0;
            for (int i = 0; i < len; i++) s += a[off + i];
            return s;
        }
        int l = S.length(), bound = S.loopBound(len), i = 0;
        // Two accumulators hide the add latency.
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (; i + 2 * l <= bound; i += 2 * l) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
            s1 = s1.add(FloatVector.fromArray(S, a, off + i + l));
        }
        for (; i < bound; i += l) s0 = s0.add(FloatVector.fromArray(S, a, off + i));
        double s = LaneSums.sum(s0.add(s1));
        for (; i < len; i++) s += a[off + i];
        return s;
    }

    /** Sum of squared deviations from {@code mean} of {@code a[off .. off + len)}: the second pass of a two-pass variance. */
    static double squaredDeviations(boolean simd, float[] a, int off, int len, float mean) {
        if (!simd) {
            double s = 0;
            for (int i = 0; i < len; i++) {
                double d = a[off + i] - mean;
                s += d * d;
            }
            return s;
        }
        int l = S.length(), bound = S.loopBound(len), i = 0;
        FloatVector m = FloatVector.broadcast(S, mean), s0 = FloatVector.zero(S), s1 = s0;
        for (; i + 2 * l <= bound; i += 2 * l) {
            FloatVector d0 = FloatVector.fromArray(S, a, off + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, a, off + i + l).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; i < bound; i += l) {
            FloatVector d0 = FloatVector.fromArray(S, a, off + i).sub(m);
            s0 = d0.fma(d0, s0);
        }
        double s = LaneSums.sum(s0.add(s1));
        for (; i < len; i++) {
            double d = a[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /**
     * Adds sum(g) to {@code sums[0]} and sum(g * (x - mean)) to {@code sums[1]} over a plane (g and
     * x at the same offset): both batch-norm backward sums in one pass over the two arrays.
     */
    static void gradientSums(boolean simd, float[] g, float[] x, int off, int len, float mean, double[] sums) {
        int i = 0;
        double s0 = 0, s1 = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector m = FloatVector.broadcast(S, mean), a = FloatVector.zero(S), b = a;
            for (; i < bound; i += S.length()) {
                FloatVector gv = FloatVector.fromArray(S, g, off + i);
                a = a.add(gv);
                b = FloatVector.fromArray(S, x, off + i).sub(m).fma(gv, b);
            }
            s0 = LaneSums.sum(a);
            s1 = LaneSums.sum(b);
        }
        for (; i < len; i++) {
            s0 += g[off + i];
            s1 += (double) g[off + i] * (x[off + i] - mean);
        }
        sums[0] += s0;
        sums[1] += s1;
    }

    /** {@code y[i] = x[i] * scale + shift} over a plane (x and y at the same offset; may be the same array). */
    static void scaleShift(boolean simd, float[] x, float[] y, int off, int len, float scale, float shift) {
        int i = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector a = FloatVector.broadcast(S, scale), b = FloatVector.broadcast(S, shift);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, off + i).fma(a, b).intoArray(y, off + i);
        }
        for (; i < len; i++) y[off + i] = Math.fma(x[off + i], scale, shift);
    }

    /**
     * {@code dx[i] = a * g[i] + b * (x[i] - mean) + c} over a plane: the batch-norm input gradient
     * with its per-channel constants folded.
     */
    static void affineGradient(boolean simd, float[] g, float[] x, float[] dx, int off, int len, float a, float b, float mean, float c) {
        int i = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b), vm = FloatVector.broadcast(S, mean),
                    vc = FloatVector.broadcast(S, c);
            for (; i < bound; i += S.length()) {
                FloatVector t = FloatVector.fromArray(S, x, off + i).sub(vm).fma(vb, vc);
                FloatVector.fromArray(S, g, off + i).fma(va, t).intoArray(dx, off + i);
            }
        }
        for (; i < len; i++) dx[off + i] = Math.fma(g[off + i], a, Math.fma(x[off + i] - mean, b, c));
    }
    /** {@code a[i] = max(0, a[i])} in place: the ReLU epilogue of a convolution. */
    static void relu(boolean simd, float[] a, int off, int len) {
        int i = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector zero = FloatVector.zero(S);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, off + i).max(zero).intoArray(a, off + i);
        }
        for (; i < len; i++) a[off + i] = Math.max(0f, a[off + i]);
    }

    /** {@code y[i] = max(0, x[i] * scale + shift)}: batch-norm followed by ReLU in one pass. */
    static void scaleShiftRelu(boolean simd, float[] x, float[] y, int off, int len, float scale, float shift) {
        int i = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector a = FloatVector.broadcast(S, scale), b = FloatVector.broadcast(S, shift), zero = FloatVector.zero(S);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, off + i).fma(a, b).max(zero).intoArray(y, off + i);
        }
        for (; i < len; i++) y[off + i] = Math.max(0f, Math.fma(x[off + i], scale, shift));
    }

    /**
     * {@link #gradientSums} of the gradient through a ReLU: g counts only where the ReLU's output
     * {@code r} is positive (PyTorch's relu backward), so the masked gradient is never stored.
     */
    static void reluGradientSums(boolean simd, float[] g, float[] r, float[] x, int off, int len, float mean, double[] sums) {
        int i = 0;
        double s0 = 0, s1 = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector m = FloatVector.broadcast(S, mean), zero = FloatVector.zero(S), a = zero, b = zero;
            for (; i < bound; i += S.length()) {
                FloatVector gv = zero.blend(FloatVector.fromArray(S, g, off + i),
                        FloatVector.fromArray(S, r, off + i).compare(VectorOperators.GT, 0f));
                a = a.add(gv);
                b = FloatVector.fromArray(S, x, off + i).sub(m).fma(gv, b);
            }
            s0 = LaneSums.sum(a);
            s1 = LaneSums.sum(b);
        }
        for (; i < len; i++) {
            float gi = r[off + i] > 0f ? g[off + i] : 0f;
            s0 += gi;
            s1 += (double) gi * (x[off + i] - mean);
        }
        sums[0] += s0;
        sums[1] += s1;
    }

    /** {@link #affineGradient} of the gradient through a ReLU with output {@code r} (g masked by r > 0). */
    static void reluAffineGradient(boolean simd, float[] g, float[] r, float[] x, float[] dx, int off, int len, float a, float b,
                                   float mean, float c) {
        int i = 0;
        if (simd) {
            int bound = S.loopBound(len);
            FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b), vm = FloatVector.broadcast(S, mean),
                    vc = FloatVector.broadcast(S, c), zero = FloatVector.zero(S);
            for (; i < bound; i += S.length()) {
                FloatVector t = FloatVector.fromArray(S, x, off + i).sub(vm).fma(vb, vc);
                FloatVector gv = zero.blend(FloatVector.fromArray(S, g, off + i),
                        FloatVector.fromArray(S, r, off + i).compare(VectorOperators.GT, 0f));
                gv.fma(va, t).intoArray(dx, off + i);
            }
        }
        for (; i < len; i++) {
            float gi = r[off + i] > 0f ? g[off + i] : 0f;
            dx[off + i] = Math.fma(gi, a, Math.fma(x[off + i] - mean, b, c));
        }
    }
}
