package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of {@link Gemm}: one tile of at most MR x NR elements of C from an MR-row
 * sliver of packed A and an NR-column sliver of packed B (layouts in {@link GemmPacking}).
 *
 * <p>The tile shape follows the machine's preferred vector length: with 16 lanes (AVX-512) 8 rows x 3
 * vectors ({@link GemmKernelsWide}), with 8 lanes or fewer 4 rows x 2 vectors ({@link GemmKernelsNarrow}).
 * Both row counts divide the U-Net's channel counts (16, 32, 48, 64), and NR = 48 divides its image
 * sizes (96 x 64 and its halvings), so its products run almost entirely on full tiles.
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final boolean WIDE = LANES >= 16;
    /** Rows of a tile (broadcast from packed A). */
    static final int MR = WIDE ? 8 : 4;
    /** Columns of a tile and of a packed B sliver (vectors loaded from packed B). */
    static final int NR = (WIDE ? 3 : 2) * LANES;

    /**
     * C[rows x cols] = alpha * Ap * Bp + beta * C over a depth of {@code kc}; {@code beta == 0} overwrites C
     * without reading it. A tile narrower than NR runs a kernel with fewer vectors. A tile that is cut
     * inside a vector or has fewer than MR rows is computed whole into {@code edge} (MR x NR floats; the
     * packed slivers are zero-padded) and copied out.
     */
    static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff,
                     float alpha, float beta, float[] c, int cOff, int ldc, int rows, int cols, float[] edge) {
        int vectors = Math.ceilDiv(cols, LANES);
        if (rows == MR && cols == vectors * LANES) {
            kernel(vectors, kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            return;
        }
        kernel(vectors, kc, ap, aOff, bp, bOff, 1f, 0f, edge, 0, NR);
        copyOut(edge, rows, cols, alpha, beta, c, cOff, ldc);
    }

    /**
     * A full-width tile (NR columns) reading B unpacked: element (p, j) at {@code b[bOff + p * ldb + j]}.
     * Unless {@code copy} is null the B vectors are also stored there as a packed sliver, so that the
     * next tiles of the same columns read them from L1 with {@link #tile}.
     */
    static void tileDirect(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                           float alpha, float beta, float[] c, int cOff, int ldc, int rows, float[] edge) {
        if (rows == MR) {
            direct(kc, ap, aOff, b, bOff, ldb, copy, alpha, beta, c, cOff, ldc);
        } else {
            direct(kc, ap, aOff, b, bOff, ldb, copy, 1f, 0f, edge, 0, NR);
            copyOut(edge, rows, NR, alpha, beta, c, cOff, ldc);
        }
    }

    private static void copyOut(float[] edge, int rows, int cols, float alpha, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * ldc, ei = i * NR;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) c[ci + j] = alpha * edge[ei + j];
            } else {
                for (int j = 0; j < cols; j++) c[ci + j] = alpha * edge[ei + j] + beta * c[ci + j];
            }
        }
    }

    private static void direct(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                               float alpha, float beta, float[] c, int cOff, int ldc) {
        if (WIDE) {
            GemmKernelsWide.kernel8x3Direct(kc, ap, aOff, b, bOff, ldb, copy, alpha, beta, c, cOff, ldc);
        } else {
            GemmKernelsNarrow.kernel4x2Direct(kc, ap, aOff, b, bOff, ldb, copy, alpha, beta, c, cOff, ldc);
        }
    }

    private static void kernel(int vectors, int kc, float[] ap, int aOff, float[] bp, int bOff,
                               float alpha, float beta, float[] c, int cOff, int ldc) {
        if (WIDE) {
            switch (vectors) {
                case 3 -> GemmKernelsWide.kernel8x3(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
                case 2 -> GemmKernelsWide.kernel8x2(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
                default -> GemmKernelsWide.kernel8x1(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            }
        } else if (vectors == 2) {
            GemmKernelsNarrow.kernel4x2(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
        } else {
            GemmKernelsNarrow.kernel4x1(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
        }
    }

    /** c[idx..] = alpha * acc + beta * c[idx..]; with beta == 0 the old values (maybe NaN) are never read. */
    static void store(FloatVector acc, float[] c, int idx, float alpha, float beta) {
        FloatVector r = acc.mul(alpha);
        if (beta != 0f) r = FloatVector.fromArray(SPECIES, c, idx).fma(FloatVector.broadcast(SPECIES, beta), r);
        r.intoArray(c, idx);
    }
}
