package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.NR_FEW;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;
import static mgdaunet.tensor.GemmMicroKernel.store;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels for 8 lanes or fewer (AVX2 and SSE: 16 vector registers), for both driver paths:
 * 4 rows of C times 2 or 1 vectors of columns. The 4 x 2 tile keeps 8 accumulators, which is what two
 * FMA ports with a latency of 4 cycles need, and leaves registers free so that C2 never spills in the
 * loop (6 x 2 measured slower, with the 16 registers of AVX2 emulated on an AVX-512 machine).
 */
final class GemmKernels4 {
    private GemmKernels4() {}

    static void kernel4x2(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 4;
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

    static void kernel4x1(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s);
        FloatVector c10 = c00;
        FloatVector c20 = c00;
        FloatVector c30 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(s, bp, bi);
            FloatVector x = FloatVector.broadcast(s, ap[ai]);
            c00 = b0.fma(x, c00);
            x = FloatVector.broadcast(s, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            x = FloatVector.broadcast(s, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            x = FloatVector.broadcast(s, ap[ai + 3]);
            c30 = b0.fma(x, c30);
        }
        int r = cOff;
        store(c00, c, r, alpha, beta);
        r += ldc;
        store(c10, c, r, alpha, beta);
        r += ldc;
        store(c20, c, r, alpha, beta);
        r += ldc;
        store(c30, c, r, alpha, beta);
    }

    /** The 4 x 2 kernel reading B unpacked and packing it on the way, as {@code GemmKernels8.kernel8x3Direct}. */
    static void kernel4x2Direct(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                                  float alpha, float beta, float[] c, int cOff, int ldc) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(s), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        boolean copying = copy != null;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * ldb, ai = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            if (copying) {
                int ci = p * NR_FEW;
                b0.intoArray(copy, ci);
                b1.intoArray(copy, ci + l);
            }
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
}
