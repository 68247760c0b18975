package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.NR_MANY;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The many-rows micro-kernels for 16 lanes or more: 14 rows of C times 2 vectors (28 accumulators, 2 B
 * vectors and a broadcast of A: 31 of the 32 registers), with a 1-vector variant for a last column tail.
 * On AVX-512 this tile runs about 7% faster than 8 x 3 (both kernels alternating on one core, packed
 * panels in L2), and large products have few row tails to waste it on.
 *
 * <p>Each accumulator is a named local so that C2 keeps it in a register. The kernels end by storing the
 * accumulators, rows {@code NR} floats apart, into {@code acc}, from which {@link GemmMicroKernel}
 * updates C: updating C here, through a helper taking vectors, made C2 stop inlining in these large
 * methods and box every vector it passed. {@code SPECIES} is used directly, never through a local copy:
 * in an on-stack-replacement compile a local is not a constant, and the broadcast intrinsic then fails.
 */
final class GemmKernels14 {
    private GemmKernels14() {}

    static void kernel14x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00;
        FloatVector c70 = c00, c71 = c00;
        FloatVector c80 = c00, c81 = c00;
        FloatVector c90 = c00, c91 = c00;
        FloatVector ca0 = c00, ca1 = c00;
        FloatVector cb0 = c00, cb1 = c00;
        FloatVector cc0 = c00, cc1 = c00;
        FloatVector cd0 = c00, cd1 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_MANY, ai = aOff + p * 14;
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
            x = FloatVector.broadcast(SPECIES, ap[ai + 8]);
            c80 = b0.fma(x, c80); c81 = b1.fma(x, c81);
            x = FloatVector.broadcast(SPECIES, ap[ai + 9]);
            c90 = b0.fma(x, c90); c91 = b1.fma(x, c91);
            x = FloatVector.broadcast(SPECIES, ap[ai + 10]);
            ca0 = b0.fma(x, ca0); ca1 = b1.fma(x, ca1);
            x = FloatVector.broadcast(SPECIES, ap[ai + 11]);
            cb0 = b0.fma(x, cb0); cb1 = b1.fma(x, cb1);
            x = FloatVector.broadcast(SPECIES, ap[ai + 12]);
            cc0 = b0.fma(x, cc0); cc1 = b1.fma(x, cc1);
            x = FloatVector.broadcast(SPECIES, ap[ai + 13]);
            cd0 = b0.fma(x, cd0); cd1 = b1.fma(x, cd1);
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, LANES);
        c10.intoArray(acc, NR_MANY); c11.intoArray(acc, NR_MANY + LANES);
        c20.intoArray(acc, 2 * NR_MANY); c21.intoArray(acc, 2 * NR_MANY + LANES);
        c30.intoArray(acc, 3 * NR_MANY); c31.intoArray(acc, 3 * NR_MANY + LANES);
        c40.intoArray(acc, 4 * NR_MANY); c41.intoArray(acc, 4 * NR_MANY + LANES);
        c50.intoArray(acc, 5 * NR_MANY); c51.intoArray(acc, 5 * NR_MANY + LANES);
        c60.intoArray(acc, 6 * NR_MANY); c61.intoArray(acc, 6 * NR_MANY + LANES);
        c70.intoArray(acc, 7 * NR_MANY); c71.intoArray(acc, 7 * NR_MANY + LANES);
        c80.intoArray(acc, 8 * NR_MANY); c81.intoArray(acc, 8 * NR_MANY + LANES);
        c90.intoArray(acc, 9 * NR_MANY); c91.intoArray(acc, 9 * NR_MANY + LANES);
        ca0.intoArray(acc, 10 * NR_MANY); ca1.intoArray(acc, 10 * NR_MANY + LANES);
        cb0.intoArray(acc, 11 * NR_MANY); cb1.intoArray(acc, 11 * NR_MANY + LANES);
        cc0.intoArray(acc, 12 * NR_MANY); cc1.intoArray(acc, 12 * NR_MANY + LANES);
        cd0.intoArray(acc, 13 * NR_MANY); cd1.intoArray(acc, 13 * NR_MANY + LANES);
    }

    static void kernel14x1(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        FloatVector c20 = c00;
        FloatVector c30 = c00;
        FloatVector c40 = c00;
        FloatVector c50 = c00;
        FloatVector c60 = c00;
        FloatVector c70 = c00;
        FloatVector c80 = c00;
        FloatVector c90 = c00;
        FloatVector ca0 = c00;
        FloatVector cb0 = c00;
        FloatVector cc0 = c00;
        FloatVector cd0 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR_MANY, ai = aOff + p * 14;
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
            x = FloatVector.broadcast(SPECIES, ap[ai + 8]);
            c80 = b0.fma(x, c80);
            x = FloatVector.broadcast(SPECIES, ap[ai + 9]);
            c90 = b0.fma(x, c90);
            x = FloatVector.broadcast(SPECIES, ap[ai + 10]);
            ca0 = b0.fma(x, ca0);
            x = FloatVector.broadcast(SPECIES, ap[ai + 11]);
            cb0 = b0.fma(x, cb0);
            x = FloatVector.broadcast(SPECIES, ap[ai + 12]);
            cc0 = b0.fma(x, cc0);
            x = FloatVector.broadcast(SPECIES, ap[ai + 13]);
            cd0 = b0.fma(x, cd0);
        }
        c00.intoArray(acc, 0);
        c10.intoArray(acc, NR_MANY);
        c20.intoArray(acc, 2 * NR_MANY);
        c30.intoArray(acc, 3 * NR_MANY);
        c40.intoArray(acc, 4 * NR_MANY);
        c50.intoArray(acc, 5 * NR_MANY);
        c60.intoArray(acc, 6 * NR_MANY);
        c70.intoArray(acc, 7 * NR_MANY);
        c80.intoArray(acc, 8 * NR_MANY);
        c90.intoArray(acc, 9 * NR_MANY);
        ca0.intoArray(acc, 10 * NR_MANY);
        cb0.intoArray(acc, 11 * NR_MANY);
        cc0.intoArray(acc, 12 * NR_MANY);
        cd0.intoArray(acc, 13 * NR_MANY);
    }
}
