package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 8 x 8 float transposes for the packing routines: packing A (not transposed) and B (transposed) turns
 * rows into columns, which element by element costs a strided store per float. Eight 8-lane vectors go
 * through three rounds of two-vector permutes instead (24 permutes per 64 floats).
 *
 * <p>The 8-lane (256-bit) species is native on AVX2 and AVX-512; on machines with shorter vectors
 * {@link #ENABLED} is false and the packing routines copy element by element.
 */
final class GemmTranspose {
    private GemmTranspose() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final boolean ENABLED = FloatVector.SPECIES_PREFERRED.length() >= 8;

    // Round d (d = 4, 2, 1) pairs rows x and y that are d apart: "low" takes the even d-wide blocks of x
    // and y interleaved, "high" the odd ones. Indexes 0-7 pick from x, 8-15 from y.
    private static final FloatVector LOW4 = indexes(4, 0), HIGH4 = indexes(4, 1);
    private static final FloatVector LOW2 = indexes(2, 0), HIGH2 = indexes(2, 1);
    private static final FloatVector LOW1 = indexes(1, 0), HIGH1 = indexes(1, 1);

    private static FloatVector indexes(int d, int odd) {
        float[] idx = new float[8];
        for (int g = 0; g < 8 / (2 * d); g++) {
            for (int t = 0; t < d; t++) {
                idx[g * 2 * d + t] = g * 2 * d + odd * d + t;
                idx[g * 2 * d + d + t] = 8 + g * 2 * d + odd * d + t;
            }
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    /** dst[dOff + q * dStride + i] = src[sOff + i * sStride + q] for i, q in [0, 8). */
    static void transpose(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride) {
        FloatVector r0 = FloatVector.fromArray(S, src, sOff);
        FloatVector r1 = FloatVector.fromArray(S, src, sOff + sStride);
        FloatVector r2 = FloatVector.fromArray(S, src, sOff + 2 * sStride);
        FloatVector r3 = FloatVector.fromArray(S, src, sOff + 3 * sStride);
        FloatVector r4 = FloatVector.fromArray(S, src, sOff + 4 * sStride);
        FloatVector r5 = FloatVector.fromArray(S, src, sOff + 5 * sStride);
        FloatVector r6 = FloatVector.fromArray(S, src, sOff + 6 * sStride);
        FloatVector r7 = FloatVector.fromArray(S, src, sOff + 7 * sStride);

        FloatVector a0 = LOW4.selectFrom(r0, r4), a4 = HIGH4.selectFrom(r0, r4);
        FloatVector a1 = LOW4.selectFrom(r1, r5), a5 = HIGH4.selectFrom(r1, r5);
        FloatVector a2 = LOW4.selectFrom(r2, r6), a6 = HIGH4.selectFrom(r2, r6);
        FloatVector a3 = LOW4.selectFrom(r3, r7), a7 = HIGH4.selectFrom(r3, r7);

        FloatVector b0 = LOW2.selectFrom(a0, a2), b2 = HIGH2.selectFrom(a0, a2);
        FloatVector b1 = LOW2.selectFrom(a1, a3), b3 = HIGH2.selectFrom(a1, a3);
        FloatVector b4 = LOW2.selectFrom(a4, a6), b6 = HIGH2.selectFrom(a4, a6);
        FloatVector b5 = LOW2.selectFrom(a5, a7), b7 = HIGH2.selectFrom(a5, a7);

        LOW1.selectFrom(b0, b1).intoArray(dst, dOff);
        HIGH1.selectFrom(b0, b1).intoArray(dst, dOff + dStride);
        LOW1.selectFrom(b2, b3).intoArray(dst, dOff + 2 * dStride);
        HIGH1.selectFrom(b2, b3).intoArray(dst, dOff + 3 * dStride);
        LOW1.selectFrom(b4, b5).intoArray(dst, dOff + 4 * dStride);
        HIGH1.selectFrom(b4, b5).intoArray(dst, dOff + 5 * dStride);
        LOW1.selectFrom(b6, b7).intoArray(dst, dOff + 6 * dStride);
        HIGH1.selectFrom(b6, b7).intoArray(dst, dOff + 7 * dStride);
    }
}
