package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax along one dimension, stable for large logits: the row max is subtracted
 * before exponentiating, so logits of 1e4 or -1e4 give exact probabilities, not overflow.
 *
 * <p>Infinities: a -inf logit gets probability 0 (log-probability -inf), so -inf masks a class. When
 * the largest logit of a row is +inf, the +inf entries share the probability equally and the rest get
 * 0 (the limit of finite logits growing without bound); PyTorch returns NaN there. A row of only -inf,
 * or holding a NaN, gives NaN.
 *
 * <p>The input is seen as {@code [outer, n, inner]} with n the softmax dimension. With inner == 1
 * (the last dimension) each row is contiguous; otherwise (the class dimension of NCHW logits) the
 * kernel sweeps whole {@code inner}-long planes at a time, so every load is still contiguous.
 */
public final class Softmax {
    private Softmax() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GRAIN = 1 << 14;

    /** Softmax of {@code x} along {@code dim} into {@code out} (same shape; may be {@code x}). */
    public static Tensor softmax(Tensor x, int dim, Tensor out) {
        return apply(x, dim, out, false, Simd.ENABLED);
    }

    /** Log-softmax of {@code x} along {@code dim} into {@code out} (same shape; may be {@code x}). */
    public static Tensor logSoftmax(Tensor x, int dim, Tensor out) {
        return apply(x, dim, out, true, Simd.ENABLED);
    }

    static Tensor apply(Tensor x, int dim, Tensor out, boolean log, boolean simd) {
        String op = log ? "logSoftmax" : "softmax";
        int[] shape = x.shape();
        if (shape.length == 0) throw new IllegalArgumentException(op + ": needs a tensor of rank >= 1, got a scalar");
        Shape.requireSame(op + " (input, output)", shape, out.shape());
        int d = Shape.axis(op, dim, shape.length);
        int n = shape[d], outer = ShapeOps.outerSize(shape, d), inner = ShapeOps.innerSize(shape, d);
        if (x.size() == 0) return out;
        float[] xd = x.data(), o = out.data();
        Parallel.forRange(outer, Math.max(1, GRAIN / (n * inner)), (o0, o1) -> {
            float[] max = inner > 1 ? new float[inner] : null, sum = inner > 1 ? new float[inner] : null;
            for (int k = o0; k < o1; k++) {
                int base = k * n * inner;
                if (inner == 1) row(xd, o, base, n, log, simd);
                else planes(xd, o, base, n, inner, max, sum, log, simd);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ gradients

    /**
     * Softmax's input gradient from its output y and output gradient g:
     * {@code dx = y * (g - sum_dim(g * y))}. {@code out} may be g.
     */
    public static Tensor softmaxBackward(Tensor y, Tensor g, int dim, Tensor out) {
        return backward(y, g, dim, out, false, Simd.ENABLED);
    }

    /**
     * Log-softmax's input gradient from its output y (log-probabilities) and output gradient g:
     * {@code dx = g - exp(y) * sum_dim(g)}. {@code out} may be g.
     */
    public static Tensor logSoftmaxBackward(Tensor y, Tensor g, int dim, Tensor out) {
        return backward(y, g, dim, out, true, Simd.ENABLED);
    }

    static Tensor backward(Tensor y, Tensor g, int dim, Tensor out, boolean log, boolean simd) {
        String op = log ? "logSoftmaxBackward" : "softmaxBackward";
        int[] shape = y.shape();
        Shape.requireSame(op + " (output, gradient)", shape, g.shape());
        Shape.requireSame(op + " (output, result)", shape, out.shape());
        int d = Shape.axis(op, dim, shape.length);
        int n = shape[d], outer = ShapeOps.outerSize(shape, d), inner = ShapeOps.innerSize(shape, d);
        if (y.size() == 0) return out;
        float[] yd = y.data(), gd = g.data(), o = out.data();
        Parallel.forRange(outer, Math.max(1, GRAIN / (n * inner)), (o0, o1) -> {
            float[] acc = new float[inner];
            for (int k = o0; k < o1; k++) {
                int base = k * n * inner;
                // acc = sum over the softmax dimension of g * y (softmax) or g (log-softmax).
                java.util.Arrays.fill(acc, 0f);
                if (inner == 1) {
                    acc[0] = (float) (log ? Reductions.sumRun(gd, base, n, simd) : dotRun(gd, yd, base, n, simd));
                } else {
                    for (int r = 0; r < n; r++) accumulatePlane(gd, yd, base + r * inner, acc, inner, log, simd);
                }
                if (inner == 1) {
                    gradientRowRun(yd, gd, o, base, acc[0], n, log, simd);
                } else {
                    for (int r = 0; r < n; r++) gradientPlaneRun(yd, gd, o, base + r * inner, acc, inner, log, simd);
                }
            }
        });
        return out;
    }

    /** Sum of g[i] * y[i] over a run, in double. */
    private static double dotRun(float[] g, float[] y, int off, int n, boolean simd) {
        double s = 0;
        int i = 0;
        if (simd) {
            FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
            for (int bound = n - n % (2 * L); i < bound; i += 2 * L) {
                a0 = FloatVector.fromArray(S, g, off + i).fma(FloatVector.fromArray(S, y, off + i), a0);
                a1 = FloatVector.fromArray(S, g, off + i + L).fma(FloatVector.fromArray(S, y, off + i + L), a1);
            }
            s = LaneSums.sum(a0.add(a1));
        }
        for (; i < n; i++) s += (double) g[off + i] * y[off + i];
        return s;
    }

    /** acc[j] += g[p + j] * y[p + j] (or += g[p + j] for log-softmax) over one plane. */
    private static void accumulatePlane(float[] g, float[] y, int p, float[] acc, int inner, boolean log, boolean simd) {
        int j = 0;
        if (simd && log) {
            for (int bound = S.loopBound(inner); j < bound; j += L) {
                FloatVector.fromArray(S, acc, j).add(FloatVector.fromArray(S, g, p + j)).intoArray(acc, j);
            }
        } else if (simd) {
            for (int bound = S.loopBound(inner); j < bound; j += L) {
                FloatVector gv = FloatVector.fromArray(S, g, p + j);
                gv.fma(FloatVector.fromArray(S, y, p + j), FloatVector.fromArray(S, acc, j)).intoArray(acc, j);
            }
        }
        for (; j < inner; j++) acc[j] = log ? acc[j] + g[p + j] : Math.fma(g[p + j], y[p + j], acc[j]);
    }

    /** A contiguous row of the input gradient: softmax {@code o = y * (g - a)}, log-softmax {@code o = g - exp(y) * a}. */
    private static void gradientRowRun(float[] y, float[] g, float[] o, int p, float a, int len, boolean log, boolean simd) {
        int j = 0;
        if (simd) {
            FloatVector av = FloatVector.broadcast(S, a);
            if (log) {
                for (int bound = S.loopBound(len); j < bound; j += L) {
                    FloatVector e = FloatVector.fromArray(S, y, p + j).lanewise(VectorOperators.EXP);
                    FloatVector.fromArray(S, g, p + j).sub(e.mul(av)).intoArray(o, p + j);
                }
            } else {
                for (int bound = S.loopBound(len); j < bound; j += L) {
                    FloatVector yv = FloatVector.fromArray(S, y, p + j);
                    yv.mul(FloatVector.fromArray(S, g, p + j).sub(av)).intoArray(o, p + j);
                }
            }
        }
        for (; j < len; j++) o[p + j] = log ? g[p + j] - (float) Math.exp(y[p + j]) * a : y[p + j] * (g[p + j] - a);
    }

    /** One plane of the input gradient, with a per-position sum {@code acc[j]}. */
    private static void gradientPlaneRun(float[] y, float[] g, float[] o, int p, float[] acc, int len, boolean log, boolean simd) {
        int j = 0;
        if (simd) {
            if (log) {
                for (int bound = S.loopBound(len); j < bound; j += L) {
                    FloatVector e = FloatVector.fromArray(S, y, p + j).lanewise(VectorOperators.EXP);
                    FloatVector.fromArray(S, g, p + j).sub(e.mul(FloatVector.fromArray(S, acc, j))).intoArray(o, p + j);
                }
            } else {
                for (int bound = S.loopBound(len); j < bound; j += L) {
                    FloatVector yv = FloatVector.fromArray(S, y, p + j);
                    yv.mul(FloatVector.fromArray(S, g, p + j).sub(FloatVector.fromArray(S, acc, j))).intoArray(o, p + j);
                }
            }
        }
        for (; j < len; j++) o[p + j] = log ? g[p + j] - (float) Math.exp(y[p + j]) * acc[j] : y[p + j] * (g[p + j] - acc[j]);
    }

    /** One contiguous row of n logits. */
    static void row(float[] x, float[] o, int off, int n, boolean log, boolean simd) {
        float m = Reductions.maxRun(x, off, n, simd);
        if (m == Float.POSITIVE_INFINITY) {
            infiniteRow(x, off, 1, n, log, o, off);
            return;
        }
        // Shifted by the max, every exponent is <= 0: no overflow, and the largest term is exactly 1.
        double sum = log ? sumExpShifted(x, off, n, m, simd) : expShiftedInto(x, o, off, n, m, simd);
        if (log) {
            // (x - m) - log(sum), not x - (m + log(sum)): with m = 1e4 the latter rounds log(sum) to 1e-3.
            ElementwiseRuns.runVS(Elementwise.SUB, x, off, m, o, off, n, simd);
            ElementwiseRuns.runVS(Elementwise.SUB, o, off, (float) Math.log(sum), o, off, n, simd);
        } else {
            ElementwiseRuns.runVS(Elementwise.MUL, o, off, (float) (1.0 / sum), o, off, n, simd);
        }
    }

    /** o = exp(x - m) over a run, returning the sum of those values. */
    private static double expShiftedInto(float[] x, float[] o, int off, int n, float m, boolean simd) {
        double sum = 0;
        int i = 0;
        if (simd) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(n); i < bound; i += L) {
                FloatVector e = FloatVector.fromArray(S, x, off + i).sub(m).lanewise(VectorOperators.EXP);
                e.intoArray(o, off + i);
                acc = acc.add(e); // terms <= 1: float lanes are accurate for any realistic class count
            }
            sum = LaneSums.sum(acc);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - m);
            o[off + i] = e;
            sum += e;
        }
        return sum;
    }

    private static double sumExpShifted(float[] x, int off, int n, float m, boolean simd) {
        double sum = 0;
        int i = 0;
        if (simd) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(n); i < bound; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, off + i).sub(m).lanewise(VectorOperators.EXP));
            }
            sum = LaneSums.sum(acc);
        }
        for (; i < n; i++) sum += (float) Math.exp(x[off + i] - m);
        return sum;
    }

    /**
     * n planes of {@code inner} values from {@code off} (plane r holds logit r of every position):
     * column max, then exp and column sums, then normalize; all loads contiguous along the plane.
     */
    static void planes(float[] x, float[] o, int off, int n, int inner, float[] max, float[] sum, boolean log, boolean simd) {
        System.arraycopy(x, off, max, 0, inner);
        for (int r = 1; r < n; r++) ElementwiseRuns.runVV(Elementwise.MAX, max, 0, x, off + r * inner, max, 0, inner, simd);
        // Columns whose max is +inf are solved aside first: out may be x, overwritten below.
        float[][] infinite = null;
        for (int j = 0; j < inner; j++) {
            if (max[j] == Float.POSITIVE_INFINITY) {
                if (infinite == null) infinite = new float[inner][];
                infinite[j] = new float[n];
                infiniteRow(x, off + j, inner, n, log, infinite[j], 0);
            }
        }
        java.util.Arrays.fill(sum, 0f);
        for (int r = 0; r < n; r++) {
            int p = off + r * inner;
            int j = 0;
            if (simd) {
                for (int bound = S.loopBound(inner); j < bound; j += L) {
                    FloatVector e = FloatVector.fromArray(S, x, p + j).sub(FloatVector.fromArray(S, max, j)).lanewise(VectorOperators.EXP);
                    if (!log) e.intoArray(o, p + j);
                    FloatVector.fromArray(S, sum, j).add(e).intoArray(sum, j);
                }
            }
            for (; j < inner; j++) {
                float e = (float) Math.exp(x[p + j] - max[j]);
                if (!log) o[p + j] = e;
                sum[j] += e;
            }
        }
        if (log) {
            // (x - max) - log(sum), as in row(); log(sum) reuses the sum buffer.
            ElementwiseRuns.runUnary(Elementwise.LOG, 0f, 0f, sum, 0, sum, 0, inner, simd);
            for (int r = 0; r < n; r++) {
                int p = off + r * inner;
                ElementwiseRuns.runVV(Elementwise.SUB, x, p, max, 0, o, p, inner, simd);
                ElementwiseRuns.runVV(Elementwise.SUB, o, p, sum, 0, o, p, inner, simd);
            }
        } else {
            ElementwiseRuns.runUnary(Elementwise.RECIPROCAL, 0f, 0f, sum, 0, sum, 0, inner, simd);
            for (int r = 0; r < n; r++) ElementwiseRuns.runVV(Elementwise.MUL, o, off + r * inner, sum, 0, o, off + r * inner, inner, simd);
        }
        if (infinite != null) {
            for (int j = 0; j < inner; j++) {
                if (infinite[j] != null) for (int r = 0; r < n; r++) o[off + r * inner + j] = infinite[j][r];
            }
        }
    }

    /** A row whose max is +inf (n values from off, stride apart): the +inf entries share the mass, the rest get nothing. */
    private static void infiniteRow(float[] x, int off, int stride, int n, boolean log, float[] o, int oOff) {
        int count = 0;
        boolean nan = false;
        for (int r = 0; r < n; r++) {
            float v = x[off + r * stride];
            if (v == Float.POSITIVE_INFINITY) count++;
            nan |= v != v;
        }
        float hit = nan ? Float.NaN : log ? (float) -Math.log(count) : 1f / count;
        float miss = nan ? Float.NaN : log ? Float.NEGATIVE_INFINITY : 0f;
        // Write after reading: with stride 1, o may be x itself.
        for (int r = 0; r < n; r++) o[oOff + r] = x[off + r * stride] == Float.POSITIVE_INFINITY ? hit : miss;
    }
}
