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
            Elementwise.runVS(Elementwise.SUB, x, off, m, o, off, n, simd);
            Elementwise.runVS(Elementwise.SUB, o, off, (float) Math.log(sum), o, off, n, simd);
        } else {
            Elementwise.runVS(Elementwise.MUL, o, off, (float) (1.0 / sum), o, off, n, simd);
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
            sum = acc.reduceLanes(VectorOperators.ADD);
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
            sum = acc.reduceLanes(VectorOperators.ADD);
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
        for (int r = 1; r < n; r++) Elementwise.runVV(Elementwise.MAX, max, 0, x, off + r * inner, max, 0, inner, simd);
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
            Elementwise.runUnary(Elementwise.LOG, 0f, 0f, sum, 0, sum, 0, inner, simd);
            for (int r = 0; r < n; r++) {
                int p = off + r * inner;
                Elementwise.runVV(Elementwise.SUB, x, p, max, 0, o, p, inner, simd);
                Elementwise.runVV(Elementwise.SUB, o, p, sum, 0, o, p, inner, simd);
            }
        } else {
            Elementwise.runUnary(Elementwise.RECIPROCAL, 0f, 0f, sum, 0, sum, 0, inner, simd);
            for (int r = 0; r < n; r++) Elementwise.runVV(Elementwise.MUL, o, off + r * inner, sum, 0, o, off + r * inner, inner, simd);
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
