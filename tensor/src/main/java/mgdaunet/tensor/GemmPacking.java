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
        if (transA) {
            // A is stored k x m: each depth step is a contiguous run of mc floats, dealt out to the slivers.
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                for (int is = 0, dst = p * MR; is < mc; is += MR, dst += MR * kc) {
                    int rows = Math.min(MR, mc - is);
                    for (int i = 0; i < rows; i++) ap[dst + i] = a[src + is + i];
                    for (int i = rows; i < MR; i++) ap[dst + i] = 0f;
                }
            }
            return;
        }
        // A is stored m x k: a sliver's rows become its columns, 8 x 8 at a time where whole.
        for (int is = 0, base = 0; is < mc; is += MR, base += MR * kc) {
            int rows = Math.min(MR, mc - is);
            int src = aOff + (i0 + is) * lda + p0, done = 0;
            if (rows == 8 && MR == 8 && GemmTranspose.ENABLED) {
                for (; done + 8 <= kc; done += 8) GemmTranspose.transpose(a, src + done, lda, ap, base + done * 8, 8);
            }
            for (int i = 0; i < rows; i++) {
                for (int p = done, dst = base + done * MR + i; p < kc; p++, dst += MR) ap[dst] = a[src + i * lda + p];
            }
            for (int i = rows; i < MR; i++) {
                for (int p = 0, dst = base + i; p < kc; p++, dst += MR) ap[dst] = 0f;
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
                // B is stored n x k: its rows become the sliver's columns, 8 x 8 at a time where whole.
                int src = bOff + (j0 + js) * ldb + p0, done = 0;
                if (cols == NR && GemmTranspose.ENABLED) {
                    for (; done + 8 <= kc; done += 8) {
                        for (int j = 0; j < NR; j += 8) {
                            GemmTranspose.transpose(b, src + j * ldb + done, ldb, bp, base + done * NR + j, NR);
                        }
                    }
                }
                for (int j = 0; j < cols; j++) {
                    for (int p = done, dst = base + done * NR + j; p < kc; p++, dst += NR) bp[dst] = b[src + j * ldb + p];
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
