package mgdaunet.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * BLAS level-1 kernels over float arrays with offsets and lengths: {@code dot}, {@code sumOfSquares},
 * {@code axpy}, {@code scale}. Optimizers, gradient clipping and the Gram matrix of task gradients use
 * them.
 *
 * <p>The two reductions return double and accumulate in double: each float is widened before it is
 * multiplied, so every product is exact (24 + 24 mantissa bits fit in 53) and only the additions round.
 * Over 10^7 gradient entries a float accumulator loses several digits; the min-norm solver works on
 * differences of Gram entries and needs them. The updates ({@code axpy}, {@code scale}) stay in float:
 * their result is float anyway.
 *
 * <p>Every kernel has a scalar twin, used when {@link Simd#ENABLED} is false. {@code axpy} and
 * {@code scale} give bit-identical results on both paths (both fuse the multiply-add); the reductions
 * agree to double rounding (their summation order differs). Each path is deterministic: the same
 * inputs give the same bits on every call, interpreted or compiled.
 */
public final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    // Vectors of the preferred shape only. The reductions once loaded floats through a second, 256-bit
    // species to widen them lane for lane; that second FloatVector class reached the type profile of
    // FloatVector.intoArray (shared by every caller) and made C2 box the weight-gradient kernels'
    // vectors in about 60% of the training JVMs (benchmarks/README.md, "Fixed: some JVMs boxed").
    // Now they load a whole vector and widen its lower half (see widen).

    /** Sum of {@code a[aOff + i] * b[bOff + i]} for i in [0, n), accumulated in double. */
    public static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        checkRange("dot", "a", a, aOff, n);
        checkRange("dot", "b", b, bOff, n);
        return Simd.ENABLED ? dotSimd(a, aOff, b, bOff, n) : dotScalar(a, aOff, b, bOff, n);
    }

    /** Dot product of two whole arrays of equal length, accumulated in double. */
    public static double dot(float[] a, float[] b) {
        checkSameLength("dot", a, b);
        return dot(a, 0, b, 0, a.length);
    }

    /** Sum of {@code a[off + i]^2} for i in [0, n), accumulated in double. */
    public static double sumOfSquares(float[] a, int off, int n) {
        checkRange("sumOfSquares", "a", a, off, n);
        return Simd.ENABLED ? sumOfSquaresSimd(a, off, n) : sumOfSquaresScalar(a, off, n);
    }

    /** Sum of the squares of the whole array, accumulated in double. */
    public static double sumOfSquares(float[] a) {
        return sumOfSquares(a, 0, a.length);
    }

    /** {@code y[yOff + i] += alpha * x[xOff + i]} for i in [0, n), one rounding per element (fused). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("axpy", "x", x, xOff, n);
        checkRange("axpy", "y", y, yOff, n);
        if (Simd.ENABLED) axpySimd(alpha, x, xOff, y, yOff, n);
        else axpyScalar(alpha, x, xOff, y, yOff, n);
    }

    /** {@code y += alpha * x} over two whole arrays of equal length. */
    public static void axpy(float alpha, float[] x, float[] y) {
        checkSameLength("axpy", x, y);
        axpy(alpha, x, 0, y, 0, x.length);
    }

    /** {@code x[off + i] *= alpha} for i in [0, n). */
    public static void scale(float alpha, float[] x, int off, int n) {
        checkRange("scale", "x", x, off, n);
        if (Simd.ENABLED) scaleSimd(alpha, x, off, n);
        else scaleScalar(alpha, x, off, n);
    }

    /** {@code x *= alpha} over the whole array. */
    public static void scale(float alpha, float[] x) {
        scale(alpha, x, 0, x.length);
    }

    // ---------------------------------------------------------------- SIMD kernels

    // The reductions take lanes = DOUBLES.length() floats at a time, widened lane for lane: widen
    // loads a whole float vector (2 * lanes floats) and converts its lower half, so it reads lanes
    // floats past the ones it uses. The vector loop therefore stops where that would leave [0, n),
    // and the blocks it leaves are added by scalar code into the same accumulator lanes (exact products
    // and one rounding per addition either way): the result has the same bits as if every block had
    // been done by vectors.

    static double dotSimd(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = DOUBLES.length();
        // Four independent accumulators hide the FMA latency.
        DoubleVector acc0 = DoubleVector.zero(DOUBLES), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        int bound4 = n - n % (4 * lanes);
        for (int vectorBound = vectorBound(bound4, n, lanes); i < vectorBound; i += 4 * lanes) {
            acc0 = widen(a, aOff + i).fma(widen(b, bOff + i), acc0);
            acc1 = widen(a, aOff + i + lanes).fma(widen(b, bOff + i + lanes), acc1);
            acc2 = widen(a, aOff + i + 2 * lanes).fma(widen(b, bOff + i + 2 * lanes), acc2);
            acc3 = widen(a, aOff + i + 3 * lanes).fma(widen(b, bOff + i + 3 * lanes), acc3);
        }
        if (i < bound4) {
            acc0 = addProducts(acc0, a, aOff + i, b, bOff + i);
            acc1 = addProducts(acc1, a, aOff + i + lanes, b, bOff + i + lanes);
            acc2 = addProducts(acc2, a, aOff + i + 2 * lanes, b, bOff + i + 2 * lanes);
            acc3 = addProducts(acc3, a, aOff + i + 3 * lanes, b, bOff + i + 3 * lanes);
            i = bound4;
        }
        int bound1 = n - n % lanes;
        for (; i < bound1; i += lanes) acc0 = addProducts(acc0, a, aOff + i, b, bOff + i);
        double sum = LaneSums.sum(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) sum += (double) a[aOff + i] * b[bOff + i];
        return sum;
    }

    static double sumOfSquaresSimd(float[] a, int off, int n) {
        int lanes = DOUBLES.length();
        DoubleVector acc0 = DoubleVector.zero(DOUBLES), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        int bound4 = n - n % (4 * lanes);
        for (int vectorBound = vectorBound(bound4, n, lanes); i < vectorBound; i += 4 * lanes) {
            DoubleVector v0 = widen(a, off + i), v1 = widen(a, off + i + lanes);
            DoubleVector v2 = widen(a, off + i + 2 * lanes), v3 = widen(a, off + i + 3 * lanes);
            acc0 = v0.fma(v0, acc0);
            acc1 = v1.fma(v1, acc1);
            acc2 = v2.fma(v2, acc2);
            acc3 = v3.fma(v3, acc3);
        }
        if (i < bound4) {
            acc0 = addProducts(acc0, a, off + i, a, off + i);
            acc1 = addProducts(acc1, a, off + i + lanes, a, off + i + lanes);
            acc2 = addProducts(acc2, a, off + i + 2 * lanes, a, off + i + 2 * lanes);
            acc3 = addProducts(acc3, a, off + i + 3 * lanes, a, off + i + 3 * lanes);
            i = bound4;
        }
        int bound1 = n - n % lanes;
        for (; i < bound1; i += lanes) acc0 = addProducts(acc0, a, off + i, a, off + i);
        double sum = LaneSums.sum(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) sum += (double) a[off + i] * a[off + i];
        return sum;
    }

    /** Where the 4-block vector loop stops: bound4, or one block earlier if its last widen would read past n. */
    private static int vectorBound(int bound4, int n, int lanes) {
        // The last block's last load reads floats [bound4 - lanes, bound4 + lanes).
        return bound4 + lanes <= n ? bound4 : Math.max(0, bound4 - 4 * lanes);
    }

    /** The lower half of the float vector at a[i], widened: floats a[i .. i + lanes) as doubles. */
    private static DoubleVector widen(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, a, i).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /** {@code acc + a[aOff ..] * b[bOff ..]} lane for lane, as {@code widen(a).fma(widen(b), acc)} computes it. */
    private static DoubleVector addProducts(DoubleVector acc, float[] a, int aOff, float[] b, int bOff) {
        double[] lanes = acc.toArray();
        for (int j = 0; j < lanes.length; j++) lanes[j] += (double) a[aOff + j] * b[bOff + j];
        return DoubleVector.fromArray(DOUBLES, lanes, 0);
    }

    static void axpySimd(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int lanes = FLOATS.length();
        FloatVector va = FloatVector.broadcast(FLOATS, alpha);
        int i = 0;
        int bound = FLOATS.loopBound(n);
        for (; i < bound; i += lanes) {
            FloatVector.fromArray(FLOATS, x, xOff + i).fma(va, FloatVector.fromArray(FLOATS, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    static void scaleSimd(float alpha, float[] x, int off, int n) {
        int lanes = FLOATS.length();
        int i = 0;
        int bound = FLOATS.loopBound(n);
        for (; i < bound; i += lanes) FloatVector.fromArray(FLOATS, x, off + i).mul(alpha).intoArray(x, off + i);
        for (; i < n; i++) x[off + i] *= alpha;
    }

    // ---------------------------------------------------------------- scalar twins

    static double dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double) a[aOff + i] * b[bOff + i];
        return sum;
    }

    static double sumOfSquaresScalar(float[] a, int off, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double) a[off + i] * a[off + i];
        return sum;
    }

    static void axpyScalar(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    static void scaleScalar(float alpha, float[] x, int off, int n) {
        for (int i = 0; i < n; i++) x[off + i] *= alpha;
    }

    // ---------------------------------------------------------------- argument checks

    private static void checkRange(String op, String name, float[] array, int off, int n) {
        if (n < 0) throw new IllegalArgumentException("VectorMath." + op + ": negative length " + n);
        if (off < 0 || off > array.length - n) {
            throw new IndexOutOfBoundsException("VectorMath." + op + ": " + name + "[" + off + ", " + ((long) off + n)
                    + ") is outside an array of length " + array.length);
        }
    }

    private static void checkSameLength(String op, float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("VectorMath." + op + ": lengths differ: " + a.length + " vs " + b.length);
        }
    }
}
