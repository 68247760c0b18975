package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.NR_FEW;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;
import static mgdaunet.tensor.GemmMicroKernel.store;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The few-rows micro-kernels for 16 lanes or more (AVX-512: 32 vector registers): 8 rows of C times 3
 * vectors (24 accumulators, 3 B vectors and a broadcast of A: 28 registers), with 2- and 1-vector
 * variants for the last columns of a matrix whose width is not a multiple of 48, and a variant that reads
 * B in place. Each accumulator is a named local so that C2 keeps it in a register. Eight rows divide the
 * U-Net's channel counts, 48 columns its image widths.
 */
final class GemmKernels8 {
    private GemmKernels8() {}

    static void kernel8x3(int kc, float[] ap, int aOff, float[] bp, int bOff,
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
            int bi = bOff + p * NR_FEW, ai = aOff + p * 8;
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

    static void kernel8x2(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00;
        FloatVector c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 8;
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
            x = FloatVector.broadcast(s, ap[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(s, ap[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(s, ap[ai + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(s, ap[ai + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        int r = cOff;
        store(c00, c, r, alpha, beta); store(c01, c, r + l, alpha, beta);
        r += ldc;
        store(c10, c, r, alpha, beta); store(c11, c, r + l, alpha, beta);
        r += ldc;
        store(c20, c, r, alpha, beta); store(c21, c, r + l, alpha, beta);
        r += ldc;
        store(c30, c, r, alpha, beta); store(c31, c, r + l, alpha, beta);
        r += ldc;
        store(c40, c, r, alpha, beta); store(c41, c, r + l, alpha, beta);
        r += ldc;
        store(c50, c, r, alpha, beta); store(c51, c, r + l, alpha, beta);
        r += ldc;
        store(c60, c, r, alpha, beta); store(c61, c, r + l, alpha, beta);
        r += ldc;
        store(c70, c, r, alpha, beta); store(c71, c, r + l, alpha, beta);
    }

    static void kernel8x1(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s);
        FloatVector c10 = c00;
        FloatVector c20 = c00;
        FloatVector c30 = c00;
        FloatVector c40 = c00;
        FloatVector c50 = c00;
        FloatVector c60 = c00;
        FloatVector c70 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(s, bp, bi);
            FloatVector x = FloatVector.broadcast(s, ap[ai]);
            c00 = b0.fma(x, c00);
            x = FloatVector.broadcast(s, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            x = FloatVector.broadcast(s, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            x = FloatVector.broadcast(s, ap[ai + 3]);
            c30 = b0.fma(x, c30);
            x = FloatVector.broadcast(s, ap[ai + 4]);
            c40 = b0.fma(x, c40);
            x = FloatVector.broadcast(s, ap[ai + 5]);
            c50 = b0.fma(x, c50);
            x = FloatVector.broadcast(s, ap[ai + 6]);
            c60 = b0.fma(x, c60);
            x = FloatVector.broadcast(s, ap[ai + 7]);
            c70 = b0.fma(x, c70);
        }
        int r = cOff;
        store(c00, c, r, alpha, beta);
        r += ldc;
        store(c10, c, r, alpha, beta);
        r += ldc;
        store(c20, c, r, alpha, beta);
        r += ldc;
        store(c30, c, r, alpha, beta);
        r += ldc;
        store(c40, c, r, alpha, beta);
        r += ldc;
        store(c50, c, r, alpha, beta);
        r += ldc;
        store(c60, c, r, alpha, beta);
        r += ldc;
        store(c70, c, r, alpha, beta);
    }

    /**
     * The 8 x 3 kernel reading B unpacked, {@code ldb} floats between depth steps, and (unless {@code copy}
     * is null) writing each B vector it loads into {@code copy} as a packed sliver: the few-rows path packs
     * B on its first use instead of in a pass of its own.
     */
    static void kernel8x3Direct(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
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
        boolean copying = copy != null;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * ldb, ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector b2 = FloatVector.fromArray(s, b, bi + 2 * l);
            if (copying) {
                int ci = p * NR_FEW;
                b0.intoArray(copy, ci);
                b1.intoArray(copy, ci + l);
                b2.intoArray(copy, ci + 2 * l);
            }
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
}
