package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.NR_FEW;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The few-rows micro-kernels for 16 lanes or more (AVX-512: 32 vector registers): 8 rows of C times 3
 * vectors (24 accumulators, 3 B vectors and a broadcast of A: 28 registers), with 2- and 1-vector
 * variants for the last columns of a matrix whose width is not a multiple of 48, and a variant that reads
 * B in place. Eight rows divide the U-Net's channel counts, 48 columns its image widths.
 *
 * <p>Each accumulator is a named local so that C2 keeps it in a register. The kernels end by storing the
 * accumulators, rows {@code NR} floats apart, into {@code acc}, from which {@link GemmMicroKernel}
 * updates C: updating C here, through a helper taking vectors, made C2 stop inlining in these large
 * methods and box every vector it passed. {@code SPECIES} is used directly, never through a local copy:
 * in an on-stack-replacement compile a local is not a constant, and the broadcast intrinsic then fails.
 */
final class GemmKernels8 {
    private GemmKernels8() {}

    static void kernel8x3(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00;
        FloatVector c70 = c00, c71 = c00, c72 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bp, bi + 2 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, LANES); c02.intoArray(acc, 2 * LANES);
        c10.intoArray(acc, NR_FEW); c11.intoArray(acc, NR_FEW + LANES); c12.intoArray(acc, NR_FEW + 2 * LANES);
        c20.intoArray(acc, 2 * NR_FEW); c21.intoArray(acc, 2 * NR_FEW + LANES); c22.intoArray(acc, 2 * NR_FEW + 2 * LANES);
        c30.intoArray(acc, 3 * NR_FEW); c31.intoArray(acc, 3 * NR_FEW + LANES); c32.intoArray(acc, 3 * NR_FEW + 2 * LANES);
        c40.intoArray(acc, 4 * NR_FEW); c41.intoArray(acc, 4 * NR_FEW + LANES); c42.intoArray(acc, 4 * NR_FEW + 2 * LANES);
        c50.intoArray(acc, 5 * NR_FEW); c51.intoArray(acc, 5 * NR_FEW + LANES); c52.intoArray(acc, 5 * NR_FEW + 2 * LANES);
        c60.intoArray(acc, 6 * NR_FEW); c61.intoArray(acc, 6 * NR_FEW + LANES); c62.intoArray(acc, 6 * NR_FEW + 2 * LANES);
        c70.intoArray(acc, 7 * NR_FEW); c71.intoArray(acc, 7 * NR_FEW + LANES); c72.intoArray(acc, 7 * NR_FEW + 2 * LANES);
    }

    static void kernel8x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00;
        FloatVector c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, LANES);
        c10.intoArray(acc, NR_FEW); c11.intoArray(acc, NR_FEW + LANES);
        c20.intoArray(acc, 2 * NR_FEW); c21.intoArray(acc, 2 * NR_FEW + LANES);
        c30.intoArray(acc, 3 * NR_FEW); c31.intoArray(acc, 3 * NR_FEW + LANES);
        c40.intoArray(acc, 4 * NR_FEW); c41.intoArray(acc, 4 * NR_FEW + LANES);
        c50.intoArray(acc, 5 * NR_FEW); c51.intoArray(acc, 5 * NR_FEW + LANES);
        c60.intoArray(acc, 6 * NR_FEW); c61.intoArray(acc, 6 * NR_FEW + LANES);
        c70.intoArray(acc, 7 * NR_FEW); c71.intoArray(acc, 7 * NR_FEW + LANES);
    }

    static void kernel8x1(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        FloatVector c20 = c00;
        FloatVector c30 = c00;
        FloatVector c40 = c00;
        FloatVector c50 = c00;
        FloatVector c60 = c00;
        FloatVector c70 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = b0.fma(x, c00);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = b0.fma(x, c30);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = b0.fma(x, c40);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = b0.fma(x, c50);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            c60 = b0.fma(x, c60);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            c70 = b0.fma(x, c70);
        }
        c00.intoArray(acc, 0);
        c10.intoArray(acc, NR_FEW);
        c20.intoArray(acc, 2 * NR_FEW);
        c30.intoArray(acc, 3 * NR_FEW);
        c40.intoArray(acc, 4 * NR_FEW);
        c50.intoArray(acc, 5 * NR_FEW);
        c60.intoArray(acc, 6 * NR_FEW);
        c70.intoArray(acc, 7 * NR_FEW);
    }

    /**
     * The 8 x 3 kernel reading B in place, {@code ldb} floats between depth steps, and (unless {@code copy}
     * is null) storing each B vector it loads into {@code copy} as a packed sliver: the few-rows path packs
     * B on its first use instead of in a pass of its own.
     */
    static void kernel8x3Direct(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                                float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00;
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
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
            if (copying) {
                int ci = p * NR_FEW;
                b0.intoArray(copy, ci);
                b1.intoArray(copy, ci + LANES);
                b2.intoArray(copy, ci + 2 * LANES);
            }
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, LANES); c02.intoArray(acc, 2 * LANES);
        c10.intoArray(acc, NR_FEW); c11.intoArray(acc, NR_FEW + LANES); c12.intoArray(acc, NR_FEW + 2 * LANES);
        c20.intoArray(acc, 2 * NR_FEW); c21.intoArray(acc, 2 * NR_FEW + LANES); c22.intoArray(acc, 2 * NR_FEW + 2 * LANES);
        c30.intoArray(acc, 3 * NR_FEW); c31.intoArray(acc, 3 * NR_FEW + LANES); c32.intoArray(acc, 3 * NR_FEW + 2 * LANES);
        c40.intoArray(acc, 4 * NR_FEW); c41.intoArray(acc, 4 * NR_FEW + LANES); c42.intoArray(acc, 4 * NR_FEW + 2 * LANES);
        c50.intoArray(acc, 5 * NR_FEW); c51.intoArray(acc, 5 * NR_FEW + LANES); c52.intoArray(acc, 5 * NR_FEW + 2 * LANES);
        c60.intoArray(acc, 6 * NR_FEW); c61.intoArray(acc, 6 * NR_FEW + LANES); c62.intoArray(acc, 6 * NR_FEW + 2 * LANES);
        c70.intoArray(acc, 7 * NR_FEW); c71.intoArray(acc, 7 * NR_FEW + LANES); c72.intoArray(acc, 7 * NR_FEW + 2 * LANES);
    }
}
