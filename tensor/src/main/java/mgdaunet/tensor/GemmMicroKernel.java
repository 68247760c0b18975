package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of {@link Gemm}: one MR x NR tile of C from an MR-row sliver of packed A
 * and an NR-column sliver of packed B (layouts in {@link GemmPacking}).
 *
 * <p>The accumulators are named locals so that C2 keeps every one of them in a vector register. With
 * 16 lanes (AVX-512, 32 registers) the tile is 8 rows x 3 vectors: 24 accumulators, 3 B vectors and
 * one broadcast of A fill 28 registers, and per step 11 loads feed 24 FMAs. With 8 lanes or fewer
 * (AVX2 and NEON-like machines, 16 registers on x86) it is 4 rows x 2 vectors. Both row counts divide
 * the channel counts of the U-Net (16, 32, 48, 64), and 48 columns divide its spatial sizes.
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final boolean WIDE = LANES >= 16;
    /** Rows of a tile (broadcast from packed A). */
    static final int MR = WIDE ? 8 : 4;
    /** Columns of a tile (vectors loaded from packed B). */
    static final int NR = (WIDE ? 3 : 2) * LANES;

    /**
     * C[rows x cols] = alpha * Ap * Bp + beta * C over a depth of {@code kc}; {@code beta == 0} overwrites C
     * without reading it. A tile cut by the edge of C ({@code rows < MR} or {@code cols < NR}) is computed
     * whole into {@code edge} (MR * NR floats, the packed panels are zero-padded) and copied out.
     */
    static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff,
                     float alpha, float beta, float[] c, int cOff, int ldc, int rows, int cols, float[] edge) {
        if (rows == MR && cols == NR) {
            full(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
            return;
        }
        full(kc, ap, aOff, bp, bOff, 1f, 0f, edge, 0, NR);
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * ldc, ei = i * NR;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) c[ci + j] = alpha * edge[ei + j];
            } else {
                for (int j = 0; j < cols; j++) c[ci + j] = alpha * edge[ei + j] + beta * c[ci + j];
            }
        }
    }

    private static void full(int kc, float[] ap, int aOff, float[] bp, int bOff,
                             float alpha, float beta, float[] c, int cOff, int ldc) {
        if (WIDE) {
            kernel8x3(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
        } else {
            kernel4x2(kc, ap, aOff, bp, bOff, alpha, beta, c, cOff, ldc);
        }
    }

    private static void kernel8x3(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00;
        FloatVector c70 = c00, c71 = c00, c72 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * (3 * l), ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(s, bp, bi);
            FloatVector b1 = FloatVector.fromArray(s, bp, bi + l);
            FloatVector b2 = FloatVector.fromArray(s, bp, bi + 2 * l);
            FloatVector x = FloatVector.broadcast(s, ap[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(s, ap[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(s, ap[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(s, ap[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(s, ap[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(s, ap[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(s, ap[ai + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(s, ap[ai + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
        }
        int r = cOff;
        store(c00, c, r, alpha, beta); store(c01, c, r + l, alpha, beta); store(c02, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c10, c, r, alpha, beta); store(c11, c, r + l, alpha, beta); store(c12, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c20, c, r, alpha, beta); store(c21, c, r + l, alpha, beta); store(c22, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c30, c, r, alpha, beta); store(c31, c, r + l, alpha, beta); store(c32, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c40, c, r, alpha, beta); store(c41, c, r + l, alpha, beta); store(c42, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c50, c, r, alpha, beta); store(c51, c, r + l, alpha, beta); store(c52, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c60, c, r, alpha, beta); store(c61, c, r + l, alpha, beta); store(c62, c, r + 2 * l, alpha, beta);
        r += ldc;
        store(c70, c, r, alpha, beta); store(c71, c, r + l, alpha, beta); store(c72, c, r + 2 * l, alpha, beta);
    }

    private static void kernel4x2(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * (2 * l), ai = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(s, bp, bi);
            FloatVector b1 = FloatVector.fromArray(s, bp, bi + l);
            FloatVector x = FloatVector.broadcast(s, ap[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(s, ap[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(s, ap[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(s, ap[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
        }
        int r = cOff;
        store(c00, c, r, alpha, beta); store(c01, c, r + l, alpha, beta);
        r += ldc;
        store(c10, c, r, alpha, beta); store(c11, c, r + l, alpha, beta);
        r += ldc;
        store(c20, c, r, alpha, beta); store(c21, c, r + l, alpha, beta);
        r += ldc;
        store(c30, c, r, alpha, beta); store(c31, c, r + l, alpha, beta);
    }

    /** c[idx..] = alpha * acc + beta * c[idx..]; with beta == 0 the old values (maybe NaN) are never read. */
    private static void store(FloatVector acc, float[] c, int idx, float alpha, float beta) {
        FloatVector r = acc.mul(alpha);
        if (beta != 0f) r = FloatVector.fromArray(SPECIES, c, idx).fma(FloatVector.broadcast(SPECIES, beta), r);
        r.intoArray(c, idx);
    }
}
