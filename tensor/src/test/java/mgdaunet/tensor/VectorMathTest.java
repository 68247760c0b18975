package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    // Lengths around every lane count (4, 8, 16 floats) and the 4-accumulator unroll, plus 0 and 1.
    private static final int[] LENGTHS = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 1000, 4099};
    private static final int[] OFFSETS = {0, 1, 3};

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    /** Exactly rounded-ish reference: exact products, Neumaier-compensated double sum. */
    private static double referenceDot(float[] a, int aOff, float[] b, int bOff, int n) {
        double sum = 0, compensation = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) a[aOff + i] * b[bOff + i];
            double t = sum + p;
            compensation += Math.abs(sum) >= Math.abs(p) ? (sum - t) + p : (p - t) + sum;
            sum = t;
        }
        return sum + compensation;
    }

    private static double absDot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.abs((double) a[aOff + i] * b[bOff + i]);
        return s;
    }

    /** Worst-case error of a recursive double sum of n exact products: n * 2^-53 * sum |p_i|. */
    private static double errorBound(int n, double sumOfAbs) {
        return Math.max(1, n) * 0x1p-53 * sumOfAbs;
    }

    @Test
    void dotMatchesReferenceOnBothPathsForOddLengthsTailsAndOffsets() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float[] a = random(rng, n + off + 2);
                float[] b = random(rng, n + 2 * off + 1);
                double ref = referenceDot(a, off, b, 2 * off, n);
                double tol = errorBound(n, absDot(a, off, b, 2 * off, n));
                assertEquals(ref, VectorMath.dotSimd(a, off, b, 2 * off, n), tol, "simd n=" + n + " off=" + off);
                assertEquals(ref, VectorMath.dotScalar(a, off, b, 2 * off, n), tol, "scalar n=" + n + " off=" + off);
                assertEquals(ref, VectorMath.dot(a, off, b, 2 * off, n), tol, "dispatch n=" + n + " off=" + off);
            }
        }
    }

    @Test
    void sumOfSquaresMatchesReferenceOnBothPaths() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float[] a = random(rng, n + off + 3);
                double ref = referenceDot(a, off, a, off, n);
                double tol = errorBound(n, ref);
                assertEquals(ref, VectorMath.sumOfSquaresSimd(a, off, n), tol, "simd n=" + n + " off=" + off);
                assertEquals(ref, VectorMath.sumOfSquaresScalar(a, off, n), tol, "scalar n=" + n + " off=" + off);
                assertEquals(ref, VectorMath.sumOfSquares(a, off, n), tol, "dispatch n=" + n + " off=" + off);
            }
        }
    }

    @Test
    void lengthZeroAndOneGiveTheObviousValues() {
        float[] a = {3f, -2f};
        float[] b = {0.5f, 7f};
        assertEquals(0.0, VectorMath.dot(a, 1, b, 2, 0));
        assertEquals(0.0, VectorMath.sumOfSquares(new float[0]));
        assertEquals(1.5, VectorMath.dot(a, 0, b, 0, 1));
        assertEquals(-14.0, VectorMath.dot(a, 1, b, 1, 1));
        assertEquals(4.0, VectorMath.sumOfSquares(a, 1, 1));
        assertEquals(-12.5, VectorMath.dot(a, b));
        assertEquals(13.0, VectorMath.sumOfSquares(a));
    }

    @Test
    void productsAreExactInDouble() {
        // 1 + 2^-20 squared needs 41 mantissa bits: a float product would round the 2^-40 term away.
        float x = 1f + 0x1p-20f;
        float[] a = {x};
        assertEquals(1.0 + 0x1p-19 + 0x1p-40, VectorMath.dot(a, a));
        float[] many = new float[37];
        java.util.Arrays.fill(many, x);
        assertEquals(37 * (1.0 + 0x1p-19 + 0x1p-40), VectorMath.sumOfSquaresSimd(many, 0, 37), 1e-13);
        assertEquals(37 * (1.0 + 0x1p-19 + 0x1p-40), VectorMath.sumOfSquaresScalar(many, 0, 37), 1e-13);
    }

    /**
     * The SIMD reductions' summation order, lane by lane: blocks of 4 x L floats (L = lanes of a
     * double vector) into four accumulators, single runs of L into the first, the accumulators added
     * (0 + 1) + (2 + 3) and lane-summed, then the last n % L products one by one.
     */
    private static double modelDot(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        double[][] acc = new double[4][lanes];
        int i = 0;
        for (; i + 4 * lanes <= n; i += 4 * lanes) {
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < lanes; j++) acc[k][j] += (double) a[aOff + i + k * lanes + j] * b[bOff + i + k * lanes + j];
            }
        }
        for (; i + lanes <= n; i += lanes) {
            for (int j = 0; j < lanes; j++) acc[0][j] += (double) a[aOff + i + j] * b[bOff + i + j];
        }
        double[] total = new double[lanes];
        for (int j = 0; j < lanes; j++) total[j] = (acc[0][j] + acc[1][j]) + (acc[2][j] + acc[3][j]);
        double sum = LaneSums.sum(jdk.incubator.vector.DoubleVector.fromArray(jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED, total, 0));
        for (; i < n; i++) sum += (double) a[aOff + i] * b[bOff + i];
        return sum;
    }

    @Test
    void reductionsSumInTheDocumentedOrderUpToTheLastFloatOfTheArray() {
        // The vector loop widens half of each float vector it loads, so near the end of an array the
        // last block is added by scalar code instead: the bits must not tell the two apart. Arrays
        // end exactly at the range, and widely ranged magnitudes make any change of order show.
        SplittableRandom rng = new SplittableRandom(8);
        for (int n = 0; n <= 200; n++) {
            for (int off : OFFSETS) {
                float[] a = new float[off + n], b = new float[off + n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (rng.nextGaussian() * Math.exp(4 * rng.nextGaussian()));
                    b[i] = (float) rng.nextGaussian();
                }
                assertEquals(modelDot(a, off, b, off, n), VectorMath.dotSimd(a, off, b, off, n), 0.0, "dot n=" + n + " off=" + off);
                assertEquals(modelDot(a, off, a, off, n), VectorMath.sumOfSquaresSimd(a, off, n), 0.0, "squares n=" + n + " off=" + off);
            }
        }
    }

    @Test
    void reductionsGiveBitIdenticalResultsBeforeAndAfterWarmUp() {
        // The first calls run interpreted, later ones JIT-compiled: the lane sum must not change order.
        SplittableRandom rng = new SplittableRandom(6);
        float[] a = random(rng, 67);
        float[] b = random(rng, 67);
        double firstDot = VectorMath.dotSimd(a, 0, b, 0, 67);
        double firstSquares = VectorMath.sumOfSquaresSimd(a, 0, 67);
        for (int call = 0; call < 100_000; call++) {
            assertEquals(firstDot, VectorMath.dotSimd(a, 0, b, 0, 67), 0.0, "call " + call);
            assertEquals(firstSquares, VectorMath.sumOfSquaresSimd(a, 0, 67), 0.0, "call " + call);
        }
    }

    @Test
    void tenMillionElementsStayAccurateWhereAFloatAccumulatorWouldNot() {
        int n = 10_000_000;
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = new float[n];
        float[] b = new float[n];
        // Positive products with a nonzero mean: the running sum grows to ~2.5e6, so a float
        // accumulator adds each ~0.25 term with an ulp of ~0.25 and loses most digits.
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble();
            b[i] = (float) rng.nextDouble();
        }
        double ref = referenceDot(a, 0, b, 0, n);
        double tol = 1e-12 * ref;
        assertEquals(ref, VectorMath.dotSimd(a, 0, b, 0, n), tol);
        assertEquals(ref, VectorMath.dotScalar(a, 0, b, 0, n), tol);
        double refSquares = referenceDot(a, 0, a, 0, n);
        assertEquals(refSquares, VectorMath.sumOfSquaresSimd(a, 0, n), 1e-12 * refSquares);
        assertEquals(refSquares, VectorMath.sumOfSquaresScalar(a, 0, n), 1e-12 * refSquares);

        // The test discriminates: a plain float accumulator misses the tolerance by orders of magnitude.
        float floatSum = 0f;
        for (int i = 0; i < n; i++) floatSum += a[i] * b[i];
        assertTrue(Math.abs(floatSum - ref) > 1e6 * tol, "float accumulator error " + Math.abs(floatSum - ref));
    }

    @Test
    void axpyIsBitIdenticalOnBothPathsAndTouchesOnlyItsRange() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float alpha = (float) (rng.nextDouble() * 4 - 2);
                float[] x = random(rng, n + off + 1);
                float[] y = random(rng, n + 2 * off + 2);
                float[] ySimd = y.clone();
                float[] yScalar = y.clone();
                VectorMath.axpySimd(alpha, x, off, ySimd, 2 * off, n);
                VectorMath.axpyScalar(alpha, x, off, yScalar, 2 * off, n);
                assertArrayEquals(yScalar, ySimd, "n=" + n + " off=" + off);
                for (int i = 0; i < y.length; i++) {
                    boolean inside = i >= 2 * off && i < 2 * off + n;
                    double expected = inside ? (double) y[i] + (double) alpha * x[i - off] : y[i];
                    assertEquals(expected, ySimd[i], inside ? 1e-6 : 0.0, "n=" + n + " off=" + off + " i=" + i);
                }
            }
        }
    }

    @Test
    void scaleIsBitIdenticalOnBothPathsAndTouchesOnlyItsRange() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float alpha = (float) (rng.nextDouble() * 4 - 2);
                float[] x = random(rng, n + 2 * off + 1);
                float[] xSimd = x.clone();
                float[] xScalar = x.clone();
                VectorMath.scaleSimd(alpha, xSimd, off, n);
                VectorMath.scaleScalar(alpha, xScalar, off, n);
                assertArrayEquals(xScalar, xSimd, "n=" + n + " off=" + off);
                for (int i = 0; i < x.length; i++) {
                    float expected = i >= off && i < off + n ? x[i] * alpha : x[i];
                    assertEquals(expected, xSimd[i], "n=" + n + " off=" + off + " i=" + i);
                }
            }
        }
    }

    @Test
    void wholeArrayOverloadsUseTheDispatchedKernels() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        float[] y = new float[17];
        VectorMath.axpy(2f, x, y);
        for (int i = 0; i < 17; i++) assertEquals(2f * x[i], y[i]);
        VectorMath.scale(-0.5f, y);
        for (int i = 0; i < 17; i++) assertEquals(-x[i], y[i]);
    }

    @Test
    void badRangesAndLengthsNameTheOperationAndSizes() {
        float[] a = new float[5];
        float[] b = new float[6];
        var e1 = assertThrows(IllegalArgumentException.class, () -> VectorMath.dot(a, b));
        assertTrue(e1.getMessage().contains("dot") && e1.getMessage().contains("5 vs 6"), e1.getMessage());
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.axpy(1f, a, 2, b, 0, 4));
        assertTrue(e2.getMessage().contains("axpy") && e2.getMessage().contains("x[2, 6)")
                && e2.getMessage().contains("length 5"), e2.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.scale(1f, a, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.sumOfSquares(a, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.dot(a, 0, b, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.axpy(1f, a, b));
    }
}
