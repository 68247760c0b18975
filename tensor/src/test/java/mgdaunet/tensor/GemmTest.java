package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The SIMD path and the scalar twin against a naive triple loop in double.
 *
 * <p>Most cases use small integers: every product and partial sum is then exact in float, so both paths
 * must match the reference bit for bit whatever their summation order, and a dropped or doubled term
 * cannot hide inside a tolerance. Gaussian data checks realistic values against a rounding-error bound.
 * Padding around every operand is NaN (a read outside the matrix poisons C) and around C a sentinel
 * (a write outside the matrix shows).
 */
class GemmTest {
    private static final int LANES = GemmMicroKernel.LANES;
    private static final int MR_FEW = GemmMicroKernel.MR_FEW, NR_FEW = GemmMicroKernel.NR_FEW;
    private static final int MR_MANY = GemmMicroKernel.MR_MANY, NR_MANY = GemmMicroKernel.NR_MANY;
    private static final int FEW_ROWS_LIMIT = GemmDriver.Blocking.DEFAULT.mc();
    private static final float SENTINEL = 12345f;
    private static final boolean[] BOTH = {false, true};
    /** Blocks so small that a 20 x 20 product runs every loop of both driver paths several times. */
    private static final GemmDriver.Blocking TINY = new GemmDriver.Blocking(12, 20, 16, 2 * 12 * NR_MANY);

    /** The three implementations every case runs through. */
    private enum Path { SCALAR, SIMD, SIMD_TINY_BLOCKS }

    /** One product: shapes, transposes, scalars, and the layout (offset, leading-dimension padding). */
    private record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, int off, int pad) {
        Case(boolean transA, boolean transB, int m, int n, int k) {
            this(transA, transB, m, n, k, 1f, 0f, 0, 0);
        }

        @Override
        public String toString() {
            return "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta + " off=" + off + " pad=" + pad;
        }
    }

    /** A rows x cols matrix inside a NaN-padded array. */
    private record Stored(float[] data, int off, int ld, int rows, int cols) {
        static Stored of(int rows, int cols, int off, int pad, float padValue, RandomGenerator rng, boolean integers) {
            int ld = Math.max(1, cols + pad);
            float[] d = new float[off + rows * ld + pad];
            java.util.Arrays.fill(d, padValue);
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) d[off + r * ld + col] = value(rng, integers);
            }
            return new Stored(d, off, ld, rows, cols);
        }

        double at(int r, int col) {
            return data[off + r * ld + col];
        }
    }

    private static float value(RandomGenerator rng, boolean integers) {
        return integers ? rng.nextInt(-4, 5) : (float) rng.nextGaussian();
    }

    /** Runs both paths on one case and checks them against the double reference. */
    private static void check(Case cs, boolean integers, long seed) {
        RandomGenerator rng = Tensor.rng(seed);
        Stored a = Stored.of(cs.transA ? cs.k : cs.m, cs.transA ? cs.m : cs.k, cs.off, cs.pad, Float.NaN, rng, integers);
        Stored b = Stored.of(cs.transB ? cs.n : cs.k, cs.transB ? cs.k : cs.n, cs.off + 1, cs.pad, Float.NaN, rng, integers);
        Stored c = Stored.of(cs.m, cs.n, cs.off + 2, cs.pad, SENTINEL, rng, integers);
        if (cs.beta == 0f) {
            // BLAS semantics: with beta = 0 the old C is never read, so NaN garbage must not leak through.
            for (int i = 0; i < cs.m; i++) java.util.Arrays.fill(c.data, c.off + i * c.ld, c.off + i * c.ld + cs.n, Float.NaN);
        }
        double[] expected = new double[cs.m * cs.n];
        double[] bound = new double[cs.m * cs.n];
        for (int i = 0; i < cs.m; i++) {
            for (int j = 0; j < cs.n; j++) {
                double sum = 0, abs = 0;
                for (int p = 0; p < cs.k; p++) {
                    double x = cs.transA ? a.at(p, i) : a.at(i, p);
                    double y = cs.transB ? b.at(j, p) : b.at(p, j);
                    sum += x * y;
                    abs += Math.abs(x * y);
                }
                double old = cs.beta == 0f ? 0 : cs.beta * c.at(i, j);
                expected[i * cs.n + j] = cs.alpha * sum + old;
                // Rounding-error bound of a float sum of k products, then alpha and beta: (k + 4) units of 2^-24.
                bound[i * cs.n + j] = (cs.k + 4) * 0x1p-24 * 1.01 * (Math.abs(cs.alpha) * abs + Math.abs(old));
            }
        }
        for (Path path : Path.values()) {
            float[] out = c.data.clone();
            if (path == Path.SIMD_TINY_BLOCKS) {
                GemmDriver.sgemm(TINY, cs.transA, cs.transB, cs.m, cs.n, cs.k, cs.alpha, a.data, a.off, a.ld,
                        b.data, b.off, b.ld, cs.beta, out, c.off, c.ld);
            } else {
                Gemm.sgemm(path == Path.SIMD, cs.transA, cs.transB, cs.m, cs.n, cs.k, cs.alpha, a.data, a.off, a.ld,
                        b.data, b.off, b.ld, cs.beta, out, c.off, c.ld);
            }
            String where = path + " path, " + cs;
            for (int x = 0; x < out.length; x++) {
                int rel = x - c.off, i = Math.floorDiv(rel, c.ld), j = rel - i * c.ld;
                boolean inside = rel >= 0 && i < cs.m && j < cs.n;
                if (!inside) {
                    assertEquals(SENTINEL, out[x], "wrote outside C at array index " + x + ", " + where);
                } else if (integers) {
                    // Delta 0: exact, but -0 and +0 (the sign of an exact zero depends on summation order) count as equal.
                    assertEquals((float) expected[i * cs.n + j], out[x], 0f, "C[" + i + "][" + j + "], " + where);
                } else {
                    assertEquals(expected[i * cs.n + j], out[x], bound[i * cs.n + j], "C[" + i + "][" + j + "], " + where);
                }
            }
        }
    }

    private static List<Case> allTransposes(int m, int n, int k, float alpha, float beta, int off, int pad) {
        List<Case> cases = new ArrayList<>();
        for (boolean ta : BOTH) {
            for (boolean tb : BOTH) cases.add(new Case(ta, tb, m, n, k, alpha, beta, off, pad));
        }
        return cases;
    }

    @Test
    void oddShapesWithTailsInEveryDimensionAllTransposes() {
        int[][] shapes = {
            {1, 1, 1}, {1, 7, 5}, {7, 1, 9}, {2, 3, 1}, {9, 49, 17}, {17, 33, 65}, {33, 65, 7},
            {65, 129, 129}, {129, 17, 33}, {31, 95, 3},
        };
        long seed = 1;
        for (int[] s : shapes) {
            for (Case cs : allTransposes(s[0], s[1], s[2], 1f, 0f, 0, 0)) check(cs, true, seed++);
        }
    }

    @Test
    void shapesAroundTheTileEdges() {
        // One less, exactly, one more than a register tile (MR rows, NR = vectors x lanes columns), and
        // widths that end on a whole vector, which run the narrower kernels without the edge buffer:
        // first with the few-rows tile (m <= MC), then with the many-rows tile.
        long seed = 100;
        for (int m : new int[] {MR_FEW - 1, MR_FEW, MR_FEW + 1, 2 * MR_FEW + 1}) {
            for (int n : new int[] {LANES, NR_FEW - 1, NR_FEW, NR_FEW + 1, NR_FEW + LANES, 2 * NR_FEW + 3}) {
                for (Case cs : allTransposes(m, n, 11, 1f, 1f, 0, 0)) check(cs, true, seed++);
            }
        }
        int many = FEW_ROWS_LIMIT / MR_MANY * MR_MANY + MR_MANY;
        for (int m : new int[] {many - 1, many, many + 1}) {
            for (int n : new int[] {LANES, NR_MANY - 1, NR_MANY, NR_MANY + 1, NR_MANY + LANES, 2 * NR_MANY + 3}) {
                for (Case cs : allTransposes(m, n, 9, 1f, 1f, 0, 0)) check(cs, true, seed++);
            }
        }
    }

    @Test
    void shapesCrossingTheDefaultCacheBlocks() {
        // Every case also runs with tiny blocks; here the real ones: past MC rows (the many-rows path) and
        // past KC depth, with uneven remainders; and the few-rows path past its slice depth.
        var blocking = GemmDriver.Blocking.DEFAULT;
        long seed = 200;
        for (Case cs : allTransposes(blocking.mc() + MR_MANY + 3, NR_MANY + 13, blocking.kc() + 19, 1f, 0.5f, 0, 0)) {
            check(cs, true, seed++);
        }
        for (Case cs : allTransposes(19, NR_FEW + 7, blocking.kcFew() + 1, -1f, 0f, 0, 0)) check(cs, true, seed++);
    }

    @Test
    void offsetsAndLeadingDimensionsLargerThanTheRows() {
        long seed = 300;
        for (Case cs : allTransposes(23, 51, 29, 1f, 1f, 5, 3)) check(cs, true, seed++);
        for (Case cs : allTransposes(1, 1, 1, 1f, 0f, 2, 7)) check(cs, true, seed++);
    }

    @Test
    void alphaAndBetaCombinations() {
        long seed = 400;
        for (float alpha : new float[] {1f, -0.5f, 2f}) {
            for (float beta : new float[] {0f, 1f, -2f, 0.5f}) {
                for (Case cs : allTransposes(13, 50, 21, alpha, beta, 1, 2)) check(cs, true, seed++);
            }
        }
    }

    @Test
    void gaussianDataWithinTheRoundingBound() {
        long seed = 500;
        for (Case cs : allTransposes(70, 101, 300, 0.7f, -1.3f, 3, 1)) check(cs, false, seed++);
        check(new Case(false, false, 5, 200, 1000, 1f, 0f, 0, 0), false, seed);
    }

    @Test
    void sizeZeroLeavesEverythingAloneAndDepthZeroScalesC() {
        for (boolean simd : BOTH) {
            float[] c = {1, 2, 3, 4};
            Gemm.sgemm(simd, false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
            Gemm.sgemm(simd, true, true, 2, 0, 3, 1f, new float[6], 0, 2, new float[0], 0, 3, 0f, c, 0, 2);
            assertArrayEquals(new float[] {1, 2, 3, 4}, c, "m = 0 or n = 0 must not touch C");

            Gemm.sgemm(simd, false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
            assertArrayEquals(new float[] {3, 6, 9, 12}, c, "k = 0: C = beta * C");

            float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            Gemm.sgemm(simd, false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, nan, 0, 2);
            assertArrayEquals(new float[4], nan, "k = 0, beta = 0: C = 0 even over NaN");
        }
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        float[] poison = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        for (boolean simd : BOTH) {
            float[] c = {1, 2, 3, 4};
            Gemm.sgemm(simd, false, false, 2, 2, 2, 0f, poison, 0, 2, poison, 0, 2, -1f, c, 0, 2);
            assertArrayEquals(new float[] {-1, -2, -3, -4}, c);
        }
    }

    @Test
    void denseShorthandAndDefaultPathAgreeWithTheReference() {
        // 2x3 * 3x2, and the same with stored transposes.
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, 1f, a, b, 0f, c);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
        float[] at = {1, 4, 2, 5, 3, 6};
        float[] bt = {7, 9, 11, 8, 10, 12};
        Gemm.sgemm(true, true, 2, 2, 3, 1f, at, bt, 1f, c);
        assertArrayEquals(new float[] {116, 128, 278, 308}, c);
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], new float[0], 0f, c);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void callsFromInsideAParallelTaskAndOtherThreadCounts() {
        // A few-rows and a many-rows shape, each big enough to be split over threads.
        for (int[] s : new int[][] {{37, 150, 70}, {GemmDriver.Blocking.DEFAULT.mc() + 22, 70, 150}}) {
            int m = s[0], n = s[1], k = s[2];
            RandomGenerator rng = Tensor.rng(9);
            float[] a = new float[m * k], b = new float[k * n];
            for (int i = 0; i < a.length; i++) a[i] = rng.nextInt(-4, 5);
            for (int i = 0; i < b.length; i++) b[i] = rng.nextInt(-4, 5);
            float[] expected = new float[m * n];
            Gemm.sgemm(false, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);

            float[][] outs = new float[6][m * n];
            Parallel.forEach(outs.length, t -> Gemm.sgemm(true, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, outs[t], 0, n));
            for (float[] out : outs) assertArrayEquals(expected, out, "sgemm inside a parallel task, m=" + m);

            int before = Parallel.threads();
            try {
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setThreads(threads);
                    float[] out = new float[m * n];
                    Gemm.sgemm(true, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, out, 0, n);
                    assertArrayEquals(expected, out, threads + " threads, m=" + m);
                }
            } finally {
                Parallel.setThreads(before);
            }
        }
    }

    @Test
    void badArgumentsNameTheOperandAndItsShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, new float[14], 0, 5, new float[20], 0, 4, 0f, new float[12], 0, 4));
        assertTrue(e.getMessage().contains("A (stored 3 x 5)") && e.getMessage().contains("needs 15"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, true, 3, 4, 5, 1f, new float[15], 0, 5, new float[20], 0, 4, 0f, new float[12], 0, 4));
        assertTrue(e.getMessage().contains("B (stored 4 x 5, transposed)") && e.getMessage().contains("leading dimension 4"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, new float[15], 0, 5, new float[20], 0, 4, 0f, new float[12], 1, 4));
        assertTrue(e.getMessage().contains("C (stored 3 x 4)") && e.getMessage().contains("offset 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 4, 5, 1f, new float[15], 0, 5, new float[20], 0, 4, 0f, new float[12], 0, 4));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
    }
}
