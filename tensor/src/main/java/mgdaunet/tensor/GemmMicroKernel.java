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
    /** Floats of the per-thread buffer that a kernel stores its accumulators into. */
    static final int TILE_FLOATS = Math.max(MR_FEW * NR_FEW, MR_MANY * NR_MANY);

    /**
     * C[rows x cols] = alpha * Ap * Bp + beta * C over a depth of {@code kc}, with the few-rows tile
     * ({@code many} false) or the many-rows tile; {@code beta == 0} overwrites C without reading it.
     * A tile narrower than NR runs a kernel with fewer vectors; rows past {@code rows} are computed from
     * the zero padding of packed A and dropped. {@code acc} holds TILE_FLOATS floats.
     */
    static void tile(boolean many, int kc, float[] ap, int aOff, float[] bp, int bOff,
                     float alpha, float beta, float[] c, int cOff, int ldc, int rows, int cols, float[] acc) {
        int vectors = Math.ceilDiv(cols, LANES);
        if (!WIDE) {
            if (vectors == 2) {
                GemmKernels4.kernel4x2(kc, ap, aOff, bp, bOff, acc);
            } else {
                GemmKernels4.kernel4x1(kc, ap, aOff, bp, bOff, acc);
            }
        } else if (many) {
            if (vectors == 2) {
                GemmKernels14.kernel14x2(kc, ap, aOff, bp, bOff, acc);
            } else {
                GemmKernels14.kernel14x1(kc, ap, aOff, bp, bOff, acc);
            }
        } else {
            switch (vectors) {
                case 3 -> GemmKernels8.kernel8x3(kc, ap, aOff, bp, bOff, acc);
                case 2 -> GemmKernels8.kernel8x2(kc, ap, aOff, bp, bOff, acc);
                default -> GemmKernels8.kernel8x1(kc, ap, aOff, bp, bOff, acc);
            }
        }
        update(acc, many ? NR_MANY : NR_FEW, rows, cols, alpha, beta, c, cOff, ldc);
    }

    /**
     * A full-width few-rows tile (NR_FEW columns) reading B in place: element (p, j) at
     * {@code b[bOff + p * ldb + j]}. Unless {@code copy} is null the B vectors are also stored there as a
     * packed sliver, so that the next tiles of the same columns read them from L1 with {@link #tile}.
     */
    static void tileDirect(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                           float alpha, float beta, float[] c, int cOff, int ldc, int rows, float[] acc) {
        if (WIDE) {
            GemmKernels8.kernel8x3Direct(kc, ap, aOff, b, bOff, ldb, copy, acc);
        } else {
            GemmKernels4.kernel4x2Direct(kc, ap, aOff, b, bOff, ldb, copy, acc);
        }
        update(acc, NR_FEW, rows, NR_FEW, alpha, beta, c, cOff, ldc);
    }

    /** C[rows x cols] = alpha * acc + beta * C, acc rows {@code nr} apart; beta == 0 never reads C (NaN stays out). */
    private static void update(float[] acc, int nr, int rows, int cols, float alpha, float beta,
                               float[] c, int cOff, int ldc) {
        int whole = cols / LANES * LANES;
        FloatVector va = FloatVector.broadcast(SPECIES, alpha), vb = FloatVector.broadcast(SPECIES, beta);
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * ldc, ai = i * nr;
            if (beta == 0f) {
                for (int j = 0; j < whole; j += LANES) {
                    FloatVector.fromArray(SPECIES, acc, ai + j).mul(va).intoArray(c, ci + j);
                }
                for (int j = whole; j < cols; j++) c[ci + j] = alpha * acc[ai + j];
            } else {
                for (int j = 0; j < whole; j += LANES) {
                    FloatVector.fromArray(SPECIES, c, ci + j).fma(vb, FloatVector.fromArray(SPECIES, acc, ai + j).mul(va))
                            .intoArray(c, ci + j);
                }
                for (int j = whole; j < cols; j++) c[ci + j] = alpha * acc[ai + j] + beta * c[ci + j];
            }
        }
    }
}
