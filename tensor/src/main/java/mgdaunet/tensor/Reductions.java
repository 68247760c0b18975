package mgdaunet.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over any set of dimensions, with or without keeping them as size 1: sum, mean, max (and
 * argmax along one dimension), variance; and {@link #sumTo}, which folds a broadcast result back onto
 * a smaller shape (autograd sums gradients back to each input's shape with it).
 *
 * <p>Sums are accurate for long inputs: contiguous runs add in float vector accumulators for at most
 * {@link #BLOCK} elements at a time, then into a double; scattered runs add straight into doubles.
 * The result is rounded to float once.
 *
 * <p>The input is seen as alternating groups of kept and reduced dimensions (adjacent dimensions of the
 * same kind merge; size-1 dimensions drop out). The innermost group is either reduced (each step sums a
 * contiguous run into one output) or kept (each step adds a contiguous run into a run of outputs).
 */
public final class Reductions {
    private Reductions() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Floats summed in vector accumulators before the partial sum moves to a double: with four
     * accumulators each lane adds at most BLOCK / (4 * lanes) values (16 on AVX-512), so float rounding
     * stays near 1e-7 relative per block while the double carries the long sum.
     */
    static final int BLOCK = 1024;

    /** Input elements per parallel chunk. */
    private static final int GRAIN = 1 << 16;

    // ------------------------------------------------------------------ sum, mean

    /** Sum of every element, accumulated in double. */
    public static double sumAll(Tensor x) {
        return sumAll(x, Simd.ENABLED);
    }

    static double sumAll(Tensor x, boolean simd) {
        float[] d = x.data();
        int n = d.length;
        int chunks = Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
        if (chunks == 1) return sumRun(d, 0, n, simd);
        double[] part = new double[chunks];
        Parallel.forEach(chunks, c -> {
            int s = (int) ((long) n * c / chunks), e = (int) ((long) n * (c + 1) / chunks);
            part[c] = sumRun(d, s, e - s, simd);
        });
        double t = 0;
        for (double p : part) t += p;
        return t;
    }

    /**
     * Sum over {@code dims} (negative counts from the end; an empty array reduces nothing), the result
     * keeping them as size 1 when {@code keepDim}.
     */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        Plan plan = new Plan("sum", x.shape(), dims);
        Tensor out = Tensor.zeros(plan.outShape(keepDim));
        sumInto(plan, x, out, 1.0, Simd.ENABLED);
        return out;
    }

    /** {@link #sum(Tensor, int[], boolean)} into an existing output, whose size must match (with or without the kept dims). */
    public static Tensor sum(Tensor x, int[] dims, Tensor out) {
        Plan plan = new Plan("sum", x.shape(), dims);
        plan.checkOut(out);
        sumInto(plan, x, out, 1.0, Simd.ENABLED);
        return out;
    }

    /** Mean over {@code dims}; a mean over zero elements is NaN. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        Plan plan = new Plan("mean", x.shape(), dims);
        Tensor out = Tensor.zeros(plan.outShape(keepDim));
        sumInto(plan, x, out, 1.0 / plan.count, Simd.ENABLED);
        return out;
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim, boolean simd) {
        Plan plan = new Plan("sum", x.shape(), dims);
        Tensor out = Tensor.zeros(plan.outShape(keepDim));
        sumInto(plan, x, out, 1.0, simd);
        return out;
    }

    /**
     * Sums a tensor down to {@code shape}, which must broadcast to the tensor's shape: the leading
     * dimensions it lacks and the dimensions where it has size 1 are summed. Returns {@code x} itself
     * when the shapes are already equal.
     */
    public static Tensor sumTo(Tensor x, int... shape) {
        int[] xs = x.shape();
        if (Arrays.equals(xs, shape)) return x;
        if (shape.length > xs.length || !Arrays.equals(Shape.broadcast("sumTo", xs, shape), xs)) {
            throw new IllegalArgumentException("sumTo: shape " + Shape.str(shape) + " does not broadcast to " + Shape.str(xs));
        }
        int lead = xs.length - shape.length;
        int[] dims = new int[xs.length];
        int k = 0;
        for (int i = 0; i < xs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && xs[i] != 1)) dims[k++] = i;
        }
        Tensor out = Tensor.zeros(shape);
        sumInto(new Plan("sumTo", xs, Arrays.copyOf(dims, k)), x, out, 1.0, Simd.ENABLED);
        return out;
    }

    private static void sumInto(Plan plan, Tensor x, Tensor out, double scale, boolean simd) {
        float[] xd = x.data(), o = out.data();
        if (xd.length == 0) {
            Arrays.fill(o, (float) (0.0 * scale)); // sums of nothing are 0; means of nothing 0 * inf = NaN
            return;
        }
        double[] acc = plan.accumulate(xd, simd, (p, xs, a, in, ou, n, sim) -> {
            if (p.innerReduced) a[ou] += sumRun(xs, in, n, sim);
            else for (int j = 0; j < n; j++) a[ou + j] += xs[in + j];
        });
        for (int i = 0; i < o.length; i++) o[i] = (float) (acc[i] * scale);
    }

    // ------------------------------------------------------------------ variance

    /**
     * Variance over {@code dims}: the mean squared deviation from the mean, divided by n (biased) or
     * n - 1 (unbiased, Bessel's correction). Two passes in double, so large offsets do not cancel.
     */
    public static Tensor variance(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        return variance(x, dims, unbiased, keepDim, Simd.ENABLED);
    }

    static Tensor variance(Tensor x, int[] dims, boolean unbiased, boolean keepDim, boolean simd) {
        Plan plan = new Plan("variance", x.shape(), dims);
        Tensor out = Tensor.zeros(plan.outShape(keepDim));
        float[] xd = x.data(), o = out.data();
        long n = plan.count;
        long denom = unbiased ? n - 1 : n;
        if (xd.length == 0 || denom <= 0) {
            Arrays.fill(o, Float.NaN);
            return out;
        }
        double[] sums = plan.accumulate(xd, simd, (p, xs, a, in, ou, len, sim) -> {
            if (p.innerReduced) a[ou] += sumRun(xs, in, len, sim);
            else for (int j = 0; j < len; j++) a[ou + j] += xs[in + j];
        });
        double[] mean = new double[sums.length];
        for (int i = 0; i < mean.length; i++) mean[i] = sums[i] / n;
        double[] sq = plan.accumulate(xd, simd, (p, xs, a, in, ou, len, sim) -> {
            if (p.innerReduced) {
                a[ou] += sumSquaredDeviationRun(xs, in, len, mean[ou], sim);
            } else {
                for (int j = 0; j < len; j++) {
                    double d = xs[in + j] - mean[ou + j];
                    a[ou + j] += d * d;
                }
            }
        });
        for (int i = 0; i < o.length; i++) o[i] = (float) (sq[i] / denom);
        return out;
    }

    // ------------------------------------------------------------------ max

    /** The largest element; NaN if any element is NaN; fails on an empty tensor. */
    public static float maxAll(Tensor x) {
        float[] d = x.data();
        if (d.length == 0) throw new IllegalArgumentException("max: tensor of shape " + Shape.str(x.shape()) + " is empty");
        return maxRun(d, 0, d.length, Simd.ENABLED);
    }

    /** Max over {@code dims} (values only); NaN propagates; fails when a reduced extent is empty. */
    public static Tensor max(Tensor x, int[] dims, boolean keepDim) {
        return max(x, dims, keepDim, Simd.ENABLED);
    }

    static Tensor max(Tensor x, int[] dims, boolean keepDim, boolean simd) {
        Plan plan = new Plan("max", x.shape(), dims);
        Tensor out = Tensor.zeros(plan.outShape(keepDim));
        if (plan.count == 0 && out.size() > 0) {
            throw new IllegalArgumentException("max: reducing dimensions " + Arrays.toString(dims) + " of shape " + Shape.str(x.shape()) + " that hold no elements");
        }
        float[] xd = x.data(), o = out.data();
        if (o.length == 0) return out;
        Arrays.fill(o, Float.NEGATIVE_INFINITY);
        plan.walk(xd, 0, xd.length / plan.inner, (p, xs, in, ou, n, sim) -> {
            if (p.innerReduced) o[ou] = Math.max(o[ou], maxRun(xs, in, n, sim));
            else for (int j = 0; j < n; j++) o[ou + j] = Math.max(o[ou + j], xs[in + j]);
        }, simd);
        return out;
    }

    /**
     * Max along one dimension with the index of the max (the first one among ties; the first NaN if
     * any, whose value is then NaN), like PyTorch's {@code max(dim)}.
     */
    public static Tensor.MaxResult maxWithIndex(Tensor x, int dim, boolean keepDim) {
        return maxWithIndex(x, dim, keepDim, Simd.ENABLED);
    }

    static Tensor.MaxResult maxWithIndex(Tensor x, int dim, boolean keepDim, boolean simd) {
        int[] shape = x.shape();
        int d = Shape.axis("max", dim, shape.length);
        int size = shape[d];
        int outer = ShapeOps.outerSize(shape, d), inner = ShapeOps.innerSize(shape, d);
        int[] outShape = keepDim ? shape.clone() : removeDim(shape, d);
        if (keepDim) outShape[d] = 1;
        Tensor values = Tensor.zeros(outShape);
        int[] indices = new int[outer * inner];
        if (indices.length == 0) return new Tensor.MaxResult(values, indices);
        if (size == 0) throw new IllegalArgumentException("max: dimension " + dim + " of shape " + Shape.str(shape) + " is empty");
        float[] xd = x.data(), vd = values.data();
        Parallel.forRange(outer, Math.max(1, GRAIN / (size * inner)), (o0, o1) -> {
            float[] idxBuf = inner > 1 ? new float[inner] : null;
            for (int o = o0; o < o1; o++) {
                int base = o * size * inner;
                if (inner == 1) {
                    int k = argmaxRun(xd, base, size, simd);
                    vd[o] = xd[base + k];
                    indices[o] = k;
                } else {
                    argmaxColumns(xd, base, size, inner, vd, indices, o * inner, idxBuf, simd);
                }
            }
        });
        return new Tensor.MaxResult(values, indices);
    }

    /**
     * The input gradient of {@link #maxWithIndex}: zeros of {@code inputShape} with each value of
     * {@code gradValues} (the gradient of the max values, with or without the kept dim) placed at
     * its argmax along {@code dim}.
     */
    public static Tensor maxBackward(Tensor gradValues, int[] indices, int dim, int[] inputShape) {
        int d = Shape.axis("maxBackward", dim, inputShape.length);
        int size = inputShape[d], outer = ShapeOps.outerSize(inputShape, d), inner = ShapeOps.innerSize(inputShape, d);
        if (gradValues.size() != outer * inner || indices.length != outer * inner) {
            throw new IllegalArgumentException("maxBackward: gradient of shape " + Shape.str(gradValues.shape()) + " and "
                    + indices.length + " indices for input " + Shape.str(inputShape) + " along dimension " + dim);
        }
        Tensor out = Tensor.zeros(inputShape);
        float[] g = gradValues.data(), o = out.data();
        for (int k = 0; k < outer; k++) {
            for (int j = 0; j < inner; j++) {
                int q = k * inner + j;
                o[(k * size + indices[q]) * inner + j] = g[q];
            }
        }
        return out;
    }

    private static int[] removeDim(int[] shape, int d) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) if (i != d) s[k++] = shape[i];
        return s;
    }

    // ------------------------------------------------------------------ contiguous run kernels

    /** Sum of {@code n} floats from {@code off}, accumulated in double. */
    static double sumRun(float[] x, int off, int n, boolean simd) {
        if (!simd) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[off + i];
            return s;
        }
        double total = 0;
        int i = 0;
        // Blocks of BLOCK floats in four vector accumulators (independent chains hide the add latency);
        // each lane adds at most BLOCK / (4 L) values before the block's sum moves to a double.
        while (n - i >= 4 * L) {
            int blockEnd = i + Math.min(BLOCK, (n - i) / (4 * L) * (4 * L));
            FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
            for (; i < blockEnd; i += 4 * L) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i));
                a1 = a1.add(FloatVector.fromArray(S, x, off + i + L));
                a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
                a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
            }
            total += LaneSums.sum(a0.add(a1).add(a2.add(a3)));
        }
        for (; i < n; i++) total += x[off + i];
        return total;
    }

    /** Sum of (x - mean)^2 over a run, in double. */
    static double sumSquaredDeviationRun(float[] x, int off, int n, double mean, boolean simd) {
        if (!simd) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double d = x[off + i] - mean;
                s += d * d;
            }
            return s;
        }
        // Deviations are taken in float from the float-rounded mean; the rounding error of the mean
        // (relative 6e-8) adds at most that relative error squared to the sum: negligible.
        float m = (float) mean;
        double total = 0;
        int i = 0;
        while (n - i >= 2 * L) {
            int blockEnd = i + Math.min(BLOCK, (n - i) / (2 * L) * (2 * L));
            FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
            for (; i < blockEnd; i += 2 * L) {
                FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(m);
                FloatVector d1 = FloatVector.fromArray(S, x, off + i + L).sub(m);
                a0 = d0.fma(d0, a0);
                a1 = d1.fma(d1, a1);
            }
            total += LaneSums.sum(a0.add(a1));
        }
        for (; i < n; i++) {
            double d = x[off + i] - mean;
            total += d * d;
        }
        return total;
    }

    /** Max of a non-empty run; NaN if the run holds a NaN. */
    static float maxRun(float[] x, int off, int n, boolean simd) {
        float m = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (simd && n >= 2 * L) {
            FloatVector a0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), a1 = a0;
            for (int bound = n - n % (2 * L); i < bound; i += 2 * L) {
                a0 = a0.max(FloatVector.fromArray(S, x, off + i));
                a1 = a1.max(FloatVector.fromArray(S, x, off + i + L));
            }
            m = a0.max(a1).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    /** Index of the max of a non-empty run (first among ties; first NaN if any). */
    static int argmaxRun(float[] x, int off, int n, boolean simd) {
        if (simd && n >= 2 * L) {
            float m = maxRun(x, off, n, true);
            if (m != m) {
                for (int i = 0; i < n; i++) if (Float.isNaN(x[off + i])) return i;
            }
            for (int i = 0; i < n; i++) if (x[off + i] == m) return i;
            throw new AssertionError("max " + m + " not found in its run");
        }
        int best = 0;
        float bv = x[off];
        for (int i = 1; i < n && bv == bv; i++) {
            float v = x[off + i];
            if (v > bv || v != v) {
                bv = v;
                best = i;
            }
        }
        return best;
    }

    /**
     * Column-wise max over {@code size} rows of {@code inner} values starting at {@code base}: writes
     * values into {@code vd[out..]} and row indices into {@code idx[out..]}. The indices ride along in
     * a float vector (exact below 2^24) so one blend updates both.
     */
    private static void argmaxColumns(float[] x, int base, int size, int inner, float[] vd, int[] idx, int out, float[] idxBuf, boolean simd) {
        System.arraycopy(x, base, vd, out, inner);
        Arrays.fill(idxBuf, 0f);
        int j = 0;
        if (simd) {
            for (int bound = S.loopBound(inner); j < bound; j += L) {
                FloatVector best = FloatVector.fromArray(S, vd, out + j);
                FloatVector bi = FloatVector.zero(S);
                for (int r = 1; r < size; r++) {
                    FloatVector v = FloatVector.fromArray(S, x, base + r * inner + j);
                    // Take v where it is larger, or where it is the first NaN of the column.
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                            .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                    best = best.blend(v, take);
                    bi = bi.blend((float) r, take);
                }
                best.intoArray(vd, out + j);
                bi.intoArray(idxBuf, j);
            }
        }
        for (; j < inner; j++) {
            float bv = vd[out + j];
            int bk = 0;
            for (int r = 1; r < size && bv == bv; r++) {
                float v = x[base + r * inner + j];
                if (v > bv || v != v) {
                    bv = v;
                    bk = r;
                }
            }
            vd[out + j] = bv;
            idxBuf[j] = bk;
        }
        for (int k = 0; k < inner; k++) idx[out + k] = (int) idxBuf[k];
    }

    // ------------------------------------------------------------------ the iteration plan

    /** One step of a reduction: a contiguous input run of {@code n} values at {@code in}, output at {@code out}. */
    @FunctionalInterface
    interface RunBody {
        void run(Plan p, float[] x, int in, int out, int n, boolean simd);
    }

    /** A step that adds into double accumulators. */
    @FunctionalInterface
    interface AccBody {
        void run(Plan p, float[] x, double[] acc, int in, int out, int n, boolean simd);
    }

    /** How a reduction walks its input: merged groups of kept and reduced dimensions. */
    static final class Plan {
        final String op;
        final int[] inShape;
        final boolean[] reducedDim;
        /** Number of input elements that fold into each output. */
        final long count;
        /** Merged groups outside the innermost: sizes and output strides (0 for reduced groups). */
        final int[] size, outStride;
        /** Length of the innermost group, and whether it is reduced. */
        final int inner;
        final boolean innerReduced;
        final int outSize;

        Plan(String op, int[] inShape, int[] dims) {
            this.op = op;
            this.inShape = inShape;
            int r = inShape.length;
            reducedDim = new boolean[r];
            for (int dim : dims) {
                int d = Shape.axis(op, dim, r);
                if (reducedDim[d]) throw new IllegalArgumentException(op + ": dimension " + dim + " given twice in " + Arrays.toString(dims));
                reducedDim[d] = true;
            }
            long c = 1;
            int os = 1;
            for (int i = 0; i < r; i++) {
                if (reducedDim[i]) c *= inShape[i];
                else os *= inShape[i];
            }
            count = c;
            outSize = os;
            // Merge adjacent dims of the same kind, dropping size-1 dims.
            int[] gs = new int[r + 1];
            boolean[] gr = new boolean[r + 1];
            int m = 0;
            for (int i = 0; i < r; i++) {
                if (inShape[i] == 1) continue;
                if (m > 0 && gr[m - 1] == reducedDim[i]) gs[m - 1] *= inShape[i];
                else {
                    gs[m] = inShape[i];
                    gr[m] = reducedDim[i];
                    m++;
                }
            }
            if (m == 0) { // every dim has size 1 (or rank 0): one step of one element
                gs[0] = 1;
                gr[0] = false;
                m = 1;
            }
            inner = gs[m - 1];
            innerReduced = gr[m - 1];
            size = Arrays.copyOf(gs, m - 1);
            outStride = new int[m - 1];
            int st = innerReduced ? 1 : inner;
            for (int g = m - 2; g >= 0; g--) {
                if (gr[g]) outStride[g] = 0;
                else {
                    outStride[g] = st;
                    st *= gs[g];
                }
            }
        }

        int[] outShape(boolean keepDim) {
            int r = inShape.length, k = 0;
            int[] s = new int[r];
            for (int i = 0; i < r; i++) {
                if (!reducedDim[i]) s[k++] = inShape[i];
                else if (keepDim) s[k++] = 1;
            }
            return Arrays.copyOf(s, k);
        }

        void checkOut(Tensor out) {
            if (out.size() != outSize || !(out.hasShape(outShape(true)) || out.hasShape(outShape(false)))) {
                throw new IllegalArgumentException(op + ": output of shape " + Shape.str(out.shape()) + " for input "
                        + Shape.str(inShape) + " reduced to " + Shape.str(outShape(true)));
            }
        }

        /** Calls {@code body} for the steps [s0, s1) in order, each a contiguous run of {@link #inner} values. */
        void walk(float[] x, int s0, int s1, RunBody body, boolean simd) {
            int g = size.length;
            int[] idx = new int[g];
            int out = 0;
            for (int d = g - 1, rest = s0; d >= 0; d--) {
                idx[d] = rest % size[d];
                rest /= size[d];
                out += idx[d] * outStride[d];
            }
            for (int s = s0; s < s1; s++) {
                body.run(this, x, s * inner, out, inner, simd);
                for (int d = g - 1; d >= 0; d--) {
                    out += outStride[d];
                    if (++idx[d] < size[d]) break;
                    out -= outStride[d] * size[d];
                    idx[d] = 0;
                }
            }
        }

        /** Runs an accumulating body over the whole input into double accumulators, in parallel chunks each with its own. */
        double[] accumulate(float[] x, boolean simd, AccBody body) {
            int steps = x.length / inner;
            int chunks = Math.max(1, Math.min(Parallel.threads(), Math.min(steps, x.length / GRAIN)));
            double[][] parts = new double[chunks][];
            Parallel.forEach(chunks, c -> {
                double[] acc = new double[outSize];
                int s0 = (int) ((long) steps * c / chunks), s1 = (int) ((long) steps * (c + 1) / chunks);
                walk(x, s0, s1, (p, xs, in, ou, n, sim) -> body.run(p, xs, acc, in, ou, n, sim), simd);
                parts[c] = acc;
            });
            double[] total = parts[0];
            for (int c = 1; c < chunks; c++) for (int i = 0; i < outSize; i++) total[i] += parts[c][i];
            return total;
        }
    }
}
