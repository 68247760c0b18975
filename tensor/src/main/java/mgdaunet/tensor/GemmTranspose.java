package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * LANES x LANES float transposes for packing a transposed B: packing turns its rows into the sliver's
 * columns, which element by element costs a strided store per float. LANES vectors go through log2(LANES)
 * rounds of two-vector permutes instead ({@code selectFrom}: one instruction on AVX-512).
 *
 * <p>Only the preferred species is used, as everywhere in the engine: vectors of a second shape would
 * make the JDK's shared vector methods see two receiver classes, and C2 then fails to intrinsify (and
 * boxes) vector loads and stores in unrelated kernels. Written out for 16 lanes (AVX-512) and 8 (AVX2);
 * on other machines {@link #ENABLED} is false and packing copies element by element.
 */
final class GemmTranspose {
    private GemmTranspose() {}

    static final boolean ENABLED = LANES == 16 || LANES == 8;

    // Round d pairs rows x and y that are d apart: LOW_d takes the even d-wide blocks of x and y
    // interleaved, HIGH_d the odd ones. Indexes below LANES pick from x, the others from y.
    private static final FloatVector LOW_8 = indexes(8, 0), HIGH_8 = indexes(8, 1);
    private static final FloatVector LOW_4 = indexes(4, 0), HIGH_4 = indexes(4, 1);
    private static final FloatVector LOW_2 = indexes(2, 0), HIGH_2 = indexes(2, 1);
    private static final FloatVector LOW_1 = indexes(1, 0), HIGH_1 = indexes(1, 1);

    private static FloatVector indexes(int d, int odd) {
        if (2 * d > LANES) return null;
        float[] idx = new float[LANES];
        for (int g = 0; g < LANES / (2 * d); g++) {
            for (int t = 0; t < d; t++) {
                idx[g * 2 * d + t] = g * 2 * d + odd * d + t;
                idx[g * 2 * d + d + t] = LANES + g * 2 * d + odd * d + t;
            }
        }
        return FloatVector.fromArray(SPECIES, idx, 0);
    }

    /** dst[dOff + q * dStride + i] = src[sOff + i * sStride + q] for i, q in [0, LANES); needs {@link #ENABLED}. */
    static void transpose(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride) {
        if (LANES == 16) {
            transpose16(src, sOff, sStride, dst, dOff, dStride);
        } else {
            transpose8(src, sOff, sStride, dst, dOff, dStride);
        }
    }

    private static void transpose16(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, src, sOff);
        FloatVector r1 = FloatVector.fromArray(SPECIES, src, sOff + sStride);
        FloatVector r2 = FloatVector.fromArray(SPECIES, src, sOff + 2 * sStride);
        FloatVector r3 = FloatVector.fromArray(SPECIES, src, sOff + 3 * sStride);
        FloatVector r4 = FloatVector.fromArray(SPECIES, src, sOff + 4 * sStride);
        FloatVector r5 = FloatVector.fromArray(SPECIES, src, sOff + 5 * sStride);
        FloatVector r6 = FloatVector.fromArray(SPECIES, src, sOff + 6 * sStride);
        FloatVector r7 = FloatVector.fromArray(SPECIES, src, sOff + 7 * sStride);
        FloatVector r8 = FloatVector.fromArray(SPECIES, src, sOff + 8 * sStride);
        FloatVector r9 = FloatVector.fromArray(SPECIES, src, sOff + 9 * sStride);
        FloatVector r10 = FloatVector.fromArray(SPECIES, src, sOff + 10 * sStride);
        FloatVector r11 = FloatVector.fromArray(SPECIES, src, sOff + 11 * sStride);
        FloatVector r12 = FloatVector.fromArray(SPECIES, src, sOff + 12 * sStride);
        FloatVector r13 = FloatVector.fromArray(SPECIES, src, sOff + 13 * sStride);
        FloatVector r14 = FloatVector.fromArray(SPECIES, src, sOff + 14 * sStride);
        FloatVector r15 = FloatVector.fromArray(SPECIES, src, sOff + 15 * sStride);
        FloatVector a0 = LOW_8.selectFrom(r0, r8), a8 = HIGH_8.selectFrom(r0, r8);
        FloatVector a1 = LOW_8.selectFrom(r1, r9), a9 = HIGH_8.selectFrom(r1, r9);
        FloatVector a2 = LOW_8.selectFrom(r2, r10), a10 = HIGH_8.selectFrom(r2, r10);
        FloatVector a3 = LOW_8.selectFrom(r3, r11), a11 = HIGH_8.selectFrom(r3, r11);
        FloatVector a4 = LOW_8.selectFrom(r4, r12), a12 = HIGH_8.selectFrom(r4, r12);
        FloatVector a5 = LOW_8.selectFrom(r5, r13), a13 = HIGH_8.selectFrom(r5, r13);
        FloatVector a6 = LOW_8.selectFrom(r6, r14), a14 = HIGH_8.selectFrom(r6, r14);
        FloatVector a7 = LOW_8.selectFrom(r7, r15), a15 = HIGH_8.selectFrom(r7, r15);
        FloatVector b0 = LOW_4.selectFrom(a0, a4), b4 = HIGH_4.selectFrom(a0, a4);
        FloatVector b1 = LOW_4.selectFrom(a1, a5), b5 = HIGH_4.selectFrom(a1, a5);
        FloatVector b2 = LOW_4.selectFrom(a2, a6), b6 = HIGH_4.selectFrom(a2, a6);
        FloatVector b3 = LOW_4.selectFrom(a3, a7), b7 = HIGH_4.selectFrom(a3, a7);
        FloatVector b8 = LOW_4.selectFrom(a8, a12), b12 = HIGH_4.selectFrom(a8, a12);
        FloatVector b9 = LOW_4.selectFrom(a9, a13), b13 = HIGH_4.selectFrom(a9, a13);
        FloatVector b10 = LOW_4.selectFrom(a10, a14), b14 = HIGH_4.selectFrom(a10, a14);
        FloatVector b11 = LOW_4.selectFrom(a11, a15), b15 = HIGH_4.selectFrom(a11, a15);
        FloatVector c0 = LOW_2.selectFrom(b0, b2), c2 = HIGH_2.selectFrom(b0, b2);
        FloatVector c1 = LOW_2.selectFrom(b1, b3), c3 = HIGH_2.selectFrom(b1, b3);
        FloatVector c4 = LOW_2.selectFrom(b4, b6), c6 = HIGH_2.selectFrom(b4, b6);
        FloatVector c5 = LOW_2.selectFrom(b5, b7), c7 = HIGH_2.selectFrom(b5, b7);
        FloatVector c8 = LOW_2.selectFrom(b8, b10), c10 = HIGH_2.selectFrom(b8, b10);
        FloatVector c9 = LOW_2.selectFrom(b9, b11), c11 = HIGH_2.selectFrom(b9, b11);
        FloatVector c12 = LOW_2.selectFrom(b12, b14), c14 = HIGH_2.selectFrom(b12, b14);
        FloatVector c13 = LOW_2.selectFrom(b13, b15), c15 = HIGH_2.selectFrom(b13, b15);
        LOW_1.selectFrom(c0, c1).intoArray(dst, dOff);
        HIGH_1.selectFrom(c0, c1).intoArray(dst, dOff + dStride);
        LOW_1.selectFrom(c2, c3).intoArray(dst, dOff + 2 * dStride);
        HIGH_1.selectFrom(c2, c3).intoArray(dst, dOff + 3 * dStride);
        LOW_1.selectFrom(c4, c5).intoArray(dst, dOff + 4 * dStride);
        HIGH_1.selectFrom(c4, c5).intoArray(dst, dOff + 5 * dStride);
        LOW_1.selectFrom(c6, c7).intoArray(dst, dOff + 6 * dStride);
        HIGH_1.selectFrom(c6, c7).intoArray(dst, dOff + 7 * dStride);
        LOW_1.selectFrom(c8, c9).intoArray(dst, dOff + 8 * dStride);
        HIGH_1.selectFrom(c8, c9).intoArray(dst, dOff + 9 * dStride);
        LOW_1.selectFrom(c10, c11).intoArray(dst, dOff + 10 * dStride);
        HIGH_1.selectFrom(c10, c11).intoArray(dst, dOff + 11 * dStride);
        LOW_1.selectFrom(c12, c13).intoArray(dst, dOff + 12 * dStride);
        HIGH_1.selectFrom(c12, c13).intoArray(dst, dOff + 13 * dStride);
        LOW_1.selectFrom(c14, c15).intoArray(dst, dOff + 14 * dStride);
        HIGH_1.selectFrom(c14, c15).intoArray(dst, dOff + 15 * dStride);
    }

    private static void transpose8(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, src, sOff);
        FloatVector r1 = FloatVector.fromArray(SPECIES, src, sOff + sStride);
        FloatVector r2 = FloatVector.fromArray(SPECIES, src, sOff + 2 * sStride);
        FloatVector r3 = FloatVector.fromArray(SPECIES, src, sOff + 3 * sStride);
        FloatVector r4 = FloatVector.fromArray(SPECIES, src, sOff + 4 * sStride);
        FloatVector r5 = FloatVector.fromArray(SPECIES, src, sOff + 5 * sStride);
        FloatVector r6 = FloatVector.fromArray(SPECIES, src, sOff + 6 * sStride);
        FloatVector r7 = FloatVector.fromArray(SPECIES, src, sOff + 7 * sStride);
        FloatVector a0 = LOW_4.selectFrom(r0, r4), a4 = HIGH_4.selectFrom(r0, r4);
        FloatVector a1 = LOW_4.selectFrom(r1, r5), a5 = HIGH_4.selectFrom(r1, r5);
        FloatVector a2 = LOW_4.selectFrom(r2, r6), a6 = HIGH_4.selectFrom(r2, r6);
        FloatVector a3 = LOW_4.selectFrom(r3, r7), a7 = HIGH_4.selectFrom(r3, r7);
        FloatVector b0 = LOW_2.selectFrom(a0, a2), b2 = HIGH_2.selectFrom(a0, a2);
        FloatVector b1 = LOW_2.selectFrom(a1, a3), b3 = HIGH_2.selectFrom(a1, a3);
        FloatVector b4 = LOW_2.selectFrom(a4, a6), b6 = HIGH_2.selectFrom(a4, a6);
        FloatVector b5 = LOW_2.selectFrom(a5, a7), b7 = HIGH_2.selectFrom(a5, a7);
        LOW_1.selectFrom(b0, b1).intoArray(dst, dOff);
        HIGH_1.selectFrom(b0, b1).intoArray(dst, dOff + dStride);
        LOW_1.selectFrom(b2, b3).intoArray(dst, dOff + 2 * dStride);
        HIGH_1.selectFrom(b2, b3).intoArray(dst, dOff + 3 * dStride);
        LOW_1.selectFrom(b4, b5).intoArray(dst, dOff + 4 * dStride);
        HIGH_1.selectFrom(b4, b5).intoArray(dst, dOff + 5 * dStride);
        LOW_1.selectFrom(b6, b7).intoArray(dst, dOff + 6 * dStride);
        HIGH_1.selectFrom(b6, b7).intoArray(dst, dOff + 7 * dStride);
    }
}
