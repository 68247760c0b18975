package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of {@link Gemm}: one tile of C from an MR-row sliver of packed A and an
 * NR-column sliver of packed B (layouts in {@link GemmPacking}), or from B read in place.
 *
 * <p>The tile shape follows the machine's preferred vector length and the driver's path. With 16 lanes
 * (AVX-512, 32 registers) the few-rows path uses 8 rows x 3 vectors, which divide the U-Net's channel
 * counts (16 to 64) and image widths (multiples of 48), and the many-rows path 14 rows x 2 vectors, the
 * faster kernel where row tails are rare ({@link GemmKernels8}, {@link GemmKernels14}). With 8 lanes or
 * fewer (AVX2, 16 registers) both paths use 4 rows x 2 vectors ({@link GemmKernels4}).
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final boolean WIDE = LANES >= 16;
    /** Rows (broadcast from packed A) and columns (vectors of packed B) of a few-rows tile. */
    static final int MR_FEW = WIDE ? 8 : 4;
    static final int NR_FEW = (WIDE ? 3 : 2) * LANES;
    /** Rows and columns of a many-rows tile. */
    static final int MR_MANY = WIDE ? 14 : 4;
    static final int NR_MANY = 2 * LANES;
    /** Floats of the per-thread buffer that edge tiles are computed into. */
    static final int EDGE_FLOATS = Math.max(MR_FEW * NR_FEW, MR_MANY * NR_MANY);

    /**
     * C[rows x cols] = alpha * Ap * Bp + beta * C over a depth of {@code kc}, with the few-rows tile
     * ({@code many} false) or the many-rows tile; {@code beta == 0} overwrites C without reading it.
     * A tile narrower than NR runs a kernel with fewer vectors. A tile that ends inside a vector or has
     * fewer than MR rows is computed whole into {@code edge} (the packed slivers are zero-padded) and
     * copied out.
     */
    static void tile(boolean many, int kc, float[] ap, int aOff, float[] bp, int bOff,
                     float alpha, float beta, float[] c, int cOff, int ldc, int rows, int cols, float[] edge) {
        int vectors = Math.ceilDiv(cols, LANES);
        if (rows == (many ? MR_MANY : MR_FEW) && cols == vectors * LANES) {
            kernel(many, vectors, kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            return;
        }
        int nr = many ? NR_MANY : NR_FEW;
        kernel(many, vectors, kc, ap, aOff, bp, bOff, 1f, 0f, edge, 0, nr);
        copyOut(edge, nr, rows, cols, alpha, beta, c, cOff, ldc);
    }

    /**
     * A full-width few-rows tile (NR_FEW columns) reading B in place: element (p, j) at
     * {@code b[bOff + p * ldb + j]}. Unless {@code copy} is null the B vectors are also stored there as a
     * packed sliver, so that the next tiles of the same columns read them from L1 with {@link #tile}.
     */
    static void tileDirect(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                           float alpha, float beta, float[] c, int cOff, int ldc, int rows, float[] edge) {
        if (rows == MR_FEW) {
            direct(kc, ap, aOff, b, bOff, ldb, copy, alpha, beta, c, cOff, ldc);
        } else {
            direct(kc, ap, aOff, b, bOff, ldb, copy, 1f, 0f, edge, 0, NR_FEW);
            copyOut(edge, NR_FEW, rows, NR_FEW, alpha, beta, c, cOff, ldc);
        }
    }

    private static void kernel(boolean many, int vectors, int kc, float[] ap, int aOff, float[] bp, int bOff,
                               float alpha, float beta, float[] c, int cOff, int ldc) {
        if (!WIDE) {
            if (vectors == 2) {
                GemmKernels4.kernel4x2(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            } else {
                GemmKernels4.kernel4x1(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            }
        } else if (many) {
            if (vectors == 2) {
                GemmKernels14.kernel14x2(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            } else {
                GemmKernels14.kernel14x1(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            }
        } else {
            switch (vectors) {
                case 3 -> GemmKernels8.kernel8x3(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
                case 2 -> GemmKernels8.kernel8x2(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
                default -> GemmKernels8.kernel8x1(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            }
        }
    }

    private static void direct(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                               float alpha, float beta, float[] c, int cOff, int ldc) {
        if (WIDE) {
            GemmKernels8.kernel8x3Direct(kc, ap, aOff, b, bOff, ldb, copy, alpha, beta, c, cOff, ldc);
        } else {
            GemmKernels4.kernel4x2Direct(kc, ap, aOff, b, bOff, ldb, copy, alpha, beta, c, cOff, ldc);
        }
    }

    private static void copyOut(float[] edge, int nr, int rows, int cols, float alpha, float beta,
                                float[] c, int cOff, int ldc) {
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * ldc, ei = i * nr;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) c[ci + j] = alpha * edge[ei + j];
            } else {
                for (int j = 0; j < cols; j++) c[ci + j] = alpha * edge[ei + j] + beta * c[ci + j];
            }
        }
    }

    /** c[idx..] = alpha * acc + beta * c[idx..]; with beta == 0 the old values (maybe NaN) are never read. */
    static void store(FloatVector acc, float[] c, int idx, float alpha, float beta) {
        FloatVector r = acc.mul(alpha);
        if (beta != 0f) r = FloatVector.fromArray(SPECIES, c, idx).fma(FloatVector.broadcast(SPECIES, beta), r);
        r.intoArray(c, idx);
    }
}
