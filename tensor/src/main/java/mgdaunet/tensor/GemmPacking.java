package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.MR;
import static mgdaunet.tensor.GemmMicroKernel.NR;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the contiguous slivers the micro-kernel streams through, so that
 * it reads memory strictly sequentially whatever the transposes, offsets and leading dimensions.
 *
 * <p>Packed A: slivers of MR rows; element (i, p) of sliver s at {@code s*MR*kc + p*MR + i}.
 * Packed B: slivers of NR columns; element (p, j) of sliver t at {@code t*NR*kc + p*NR + j}.
 * Rows or columns past the edge of the block are zero, so edge tiles compute like full ones.
 */
final class GemmPacking {
    private GemmPacking() {}

    /** Packs rows [i0, i0 + mc) and depths [p0, p0 + kc) of op(A) into {@code ap} from index 0. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        for (int is = 0, base = 0; is < mc; is += MR, base += MR * kc) {
            int rows = Math.min(MR, mc - is);
            if (transA) {
                // A is stored k x m: one depth step of a sliver is `rows` contiguous floats.
                int src = aOff + p0 * lda + i0 + is;
                for (int p = 0, dst = base; p < kc; p++, src += lda, dst += MR) {
                    for (int i = 0; i < rows; i++) ap[dst + i] = a[src + i];
                    for (int i = rows; i < MR; i++) ap[dst + i] = 0f;
                }
            } else {
                // A is stored m x k: read each row sequentially, write it with a stride of MR.
                for (int i = 0; i < rows; i++) {
                    int src = aOff + (i0 + is + i) * lda + p0;
                    for (int p = 0, dst = base + i; p < kc; p++, dst += MR) ap[dst] = a[src + p];
                }
                for (int i = rows; i < MR; i++) {
                    for (int p = 0, dst = base + i; p < kc; p++, dst += MR) ap[dst] = 0f;
                }
            }
        }
    }

    /**
     * Packs depths [p0, p0 + kc) and columns [j0, j0 + nc) of op(B) into {@code bp} from {@code bpOff};
     * callers split a wide panel at multiples of NR and pack the pieces in parallel.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] bp, int bpOff) {
        for (int js = 0, base = bpOff; js < nc; js += NR, base += NR * kc) {
            int cols = Math.min(NR, nc - js);
            if (transB) {
                // B is stored n x k: read each column of op(B) sequentially, write it with a stride of NR.
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + js + j) * ldb + p0;
                    for (int p = 0, dst = base + j; p < kc; p++, dst += NR) bp[dst] = b[src + p];
                }
                for (int p = 0, dst = base; p < kc; p++, dst += NR) {
                    for (int j = cols; j < NR; j++) bp[dst + j] = 0f;
                }
            } else {
                int src = bOff + p0 * ldb + j0 + js;
                if (cols == NR) {
                    for (int p = 0, dst = base; p < kc; p++, src += ldb, dst += NR) {
                        for (int v = 0; v < NR; v += LANES) {
                            FloatVector.fromArray(SPECIES, b, src + v).intoArray(bp, dst + v);
                        }
                    }
                } else {
                    for (int p = 0, dst = base; p < kc; p++, src += ldb, dst += NR) {
                        for (int j = 0; j < cols; j++) bp[dst + j] = b[src + j];
                        for (int j = cols; j < NR; j++) bp[dst + j] = 0f;
                    }
                }
            }
        }
    }
}
