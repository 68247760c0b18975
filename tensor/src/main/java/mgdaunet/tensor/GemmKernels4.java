package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.NR_FEW;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernels for 8 lanes or fewer (AVX2 and SSE: 16 vector registers), for both driver paths:
 * 4 rows of C times 2 or 1 vectors of columns. The 4 x 2 tile keeps 8 accumulators, which is what two
 * FMA ports with a latency of 4 cycles need, and leaves registers free so that C2 never spills in the
 * loop (6 x 2 measured slower, with the 16 registers of AVX2 emulated on an AVX-512 machine).
 *
 * <p>Each accumulator is a named local so that C2 keeps it in a register. The kernels end by storing the
 * accumulators, rows {@code NR} floats apart, into {@code acc}, from which {@link GemmMicroKernel}
 * updates C: updating C here, through a helper taking vectors, made C2 stop inlining in these large
 * methods and box every vector it passed. {@code SPECIES} is used directly, never through a local copy:
 * in an on-stack-replacement compile a local is not a constant, and the broadcast intrinsic then fails.
 */
final class GemmKernels4 {
    private GemmKernels4() {}

    static void kernel4x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 4;
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
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, LANES);
        c10.intoArray(acc, NR_FEW); c11.intoArray(acc, NR_FEW + LANES);
        c20.intoArray(acc, 2 * NR_FEW); c21.intoArray(acc, 2 * NR_FEW + LANES);
        c30.intoArray(acc, 3 * NR_FEW); c31.intoArray(acc, 3 * NR_FEW + LANES);
    }

    static void kernel4x1(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        FloatVector c20 = c00;
        FloatVector c30 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_FEW, ai = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = b0.fma(x, c00);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = b0.fma(x, c30);
        }
        c00.intoArray(acc, 0);
        c10.intoArray(acc, NR_FEW);
        c20.intoArray(acc, 2 * NR_FEW);
        c30.intoArray(acc, 3 * NR_FEW);
    }

    /** The 4 x 2 kernel reading B in place and packing it on the way, as {@code GemmKernels8.kernel8x3Direct}. */
    static void kernel4x2Direct(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] copy,
                                float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        boolean copying = copy != null;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * ldb, ai = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            if (copying) {
                int ci = p * NR_FEW;
                b0.intoArray(copy, ci);
                b1.intoArray(copy, ci + LANES);
            }
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, LANES);
        c10.intoArray(acc, NR_FEW); c11.intoArray(acc, NR_FEW + LANES);
        c20.intoArray(acc, 2 * NR_FEW); c21.intoArray(acc, 2 * NR_FEW + LANES);
        c30.intoArray(acc, 3 * NR_FEW); c31.intoArray(acc, 3 * NR_FEW + LANES);
    }
}
