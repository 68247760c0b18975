package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.LANES;
import static mgdaunet.tensor.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the contiguous slivers the micro-kernel streams through, so that
 * it reads memory strictly sequentially whatever the transposes, offsets and leading dimensions.
 *
 * <p>Packed A: slivers of {@code mr} rows; element (i, p) of sliver s at {@code s*mr*kc + p*mr + i}.
 * Packed B: slivers of {@code nr} columns; element (p, j) of sliver t at {@code t*nr*kc + p*nr + j}.
 * Rows or columns past the edge of the block are zero, so edge tiles compute like full ones. A
 * transposed B is packed by LANES x LANES blocks with {@link GemmTranspose}.
 */
final class GemmPacking {
    private GemmPacking() {}

    /** Packs rows [i0, i0 + mc) and depths [p0, p0 + kc) of op(A) into {@code ap} from index 0. */
    static void packA(boolean transA, int mr, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        if (transA) {
            // A is stored k x m: each depth step is a contiguous run of mc floats, dealt out to the slivers.
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                for (int is = 0, dst = p * mr; is < mc; is += mr, dst += mr * kc) {
                    int rows = Math.min(mr, mc - is);
                    for (int i = 0; i < rows; i++) ap[dst + i] = a[src + is + i];
                    for (int i = rows; i < mr; i++) ap[dst + i] = 0f;
                }
            }
            return;
        }
        // A is stored m x k: read each row sequentially, write it with a stride of mr. (A transposing
        // variant would need a permute network per sliver height; packing A costs a few percent at most.)
        for (int is = 0, base = 0; is < mc; is += mr, base += mr * kc) {
            int rows = Math.min(mr, mc - is);
            for (int i = 0; i < rows; i++) {
                int src = aOff + (i0 + is + i) * lda + p0;
                for (int p = 0, dst = base + i; p < kc; p++, dst += mr) ap[dst] = a[src + p];
            }
            for (int i = rows; i < mr; i++) {
                for (int p = 0, dst = base + i; p < kc; p++, dst += mr) ap[dst] = 0f;
            }
        }
    }

    /**
     * Packs depths [p0, p0 + kc) and columns [j0, j0 + nc) of op(B) into {@code bp} from {@code bpOff};
     * callers split a wide panel at multiples of {@code nr} and pack the pieces in parallel.
     */
    static void packB(boolean transB, int nr, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] bp, int bpOff) {
        for (int js = 0, base = bpOff; js < nc; js += nr, base += nr * kc) {
            int cols = Math.min(nr, nc - js);
            if (transB) {
                // B is stored n x k: its rows become the sliver's columns, LANES x LANES at a time where whole.
                int src = bOff + (j0 + js) * ldb + p0, done = 0;
                if (cols == nr && nr % LANES == 0 && GemmTranspose.ENABLED) {
                    for (; done + LANES <= kc; done += LANES) {
                        for (int j = 0; j < nr; j += LANES) {
                            GemmTranspose.transpose(b, src + j * ldb + done, ldb, bp, base + done * nr + j, nr);
                        }
                    }
                }
                for (int j = 0; j < cols; j++) {
                    for (int p = done, dst = base + done * nr + j; p < kc; p++, dst += nr) bp[dst] = b[src + j * ldb + p];
                }
                for (int p = 0, dst = base; p < kc; p++, dst += nr) {
                    for (int j = cols; j < nr; j++) bp[dst + j] = 0f;
                }
            } else {
                int src = bOff + p0 * ldb + j0 + js;
                if (cols == nr) {
                    for (int p = 0, dst = base; p < kc; p++, src += ldb, dst += nr) {
                        for (int v = 0; v < nr; v += LANES) {
                            FloatVector.fromArray(SPECIES, b, src + v).intoArray(bp, dst + v);
                        }
                    }
                } else {
                    for (int p = 0, dst = base; p < kc; p++, src += ldb, dst += nr) {
                        for (int j = 0; j < cols; j++) bp[dst + j] = b[src + j];
                        for (int j = cols; j < nr; j++) bp[dst + j] = 0f;
                    }
                }
            }
        }
    }
}
