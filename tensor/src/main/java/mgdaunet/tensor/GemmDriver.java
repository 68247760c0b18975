package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.MR;
import static mgdaunet.tensor.GemmMicroKernel.NR;

/**
 * The SIMD path of {@link Gemm}: BLIS-style loops around {@link GemmMicroKernel}.
 *
 * <pre>
 * for each NC-wide column panel of C                       (jc)
 *   for each KC-deep slice of the product                   (pc)
 *     pack op(B)[pc, jc] into NR-column slivers            (shared, packed in parallel)
 *     for each task = MC-row block x part of the panel      (in parallel)
 *       pack op(A)[ic, pc] into MR-row slivers              (per thread)
 *       for each MR-row sliver of A, for each NR sliver of B: one micro-kernel tile
 * </pre>
 *
 * An A sliver (MR x KC) stays in L1 while the B slivers stream from the packed panel (KC x NC, sized
 * for L2). Later KC slices add to C (beta = 1). Pack buffers live per thread and are reused.
 */
final class GemmDriver {
    private GemmDriver() {}

    /** Depth of a slice: an A sliver of MR x KC floats stays in L1. */
    static final int KC = 256;
    /** Rows of an A block: the unit of parallel work. */
    static final int MC = 128 / MR * MR;
    /** Columns of a B panel: KC x NC floats fit L2 (1 MB). */
    static final int NC = Math.max(NR, 1024 / NR * NR);
    /** Below this many flops per slice, forking costs more than it saves. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;
    /** Tasks per thread when splitting a panel, so that a thread slowed by other load gets fewer. */
    private static final int TASKS_PER_THREAD = 4;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread pack buffers, grown on first need and then reused by every call on that thread. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] edge = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }
    }

    /** Arguments are validated and m, n, k > 0. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int kSlices = ceilDiv(k, KC);
        int kcMax = ceilDiv(k, kSlices);
        int nPanels = ceilDiv(n, NC);
        int ncMax = roundUp(ceilDiv(n, nPanels), NR);
        int mBlocks = ceilDiv(m, MC);
        int mcMax = roundUp(ceilDiv(m, mBlocks), MR);
        float[] bp = WORKSPACE.get().b(kcMax * ncMax);
        int threads = Parallel.inParallelRegion() ? 1 : Parallel.threads();

        for (int j0 = 0; j0 < n; j0 += ncMax) {
            int nc = Math.min(ncMax, n - j0);
            int slivers = ceilDiv(nc, NR);
            for (int p0 = 0; p0 < k; p0 += kcMax) {
                int kc = Math.min(kcMax, k - p0);
                boolean parallel = threads > 1 && 2L * m * nc * kc >= PARALLEL_MIN_FLOPS;
                int jb = j0, pb = p0;
                if (parallel) {
                    Parallel.forRange(slivers, (s0, s1) -> GemmPacking.packB(transB, b, bOff, ldb, pb, kc,
                            jb + s0 * NR, Math.min(nc, s1 * NR) - s0 * NR, bp, s0 * NR * kc));
                } else {
                    GemmPacking.packB(transB, b, bOff, ldb, p0, kc, j0, nc, bp, 0);
                }
                // Split the panel's columns too when there are too few row blocks to keep every thread busy.
                int parts = parallel ? Math.min(slivers, Math.max(1, ceilDiv(threads * TASKS_PER_THREAD, mBlocks))) : 1;
                int sliversPerPart = ceilDiv(slivers, parts);
                int partCount = ceilDiv(slivers, sliversPerPart);
                float betaNow = p0 == 0 ? beta : 1f;
                Parallel.forEach(mBlocks * partCount, t -> {
                    int i0 = (t / partCount) * mcMax;
                    int s0 = (t % partCount) * sliversPerPart;
                    block(transA, a, aOff, lda, i0, Math.min(mcMax, m - i0), pb, kc, bp, jb, nc,
                            s0, Math.min(slivers, s0 + sliversPerPart), alpha, betaNow, c, cOff, ldc);
                });
            }
        }
    }

    /** Rows [i0, i0 + mc) of C times B slivers [s0, s1) of the packed panel starting at column j0. */
    private static void block(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                              float[] bp, int j0, int nc, int s0, int s1,
                              float alpha, float beta, float[] c, int cOff, int ldc) {
        Workspace ws = WORKSPACE.get();
        float[] ap = ws.a(roundUp(mc, MR) * kc);
        GemmPacking.packA(transA, a, aOff, lda, i0, mc, p0, kc, ap);
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int aSliver = ir * kc;
            int cRow = cOff + (i0 + ir) * ldc + j0;
            for (int s = s0; s < s1; s++) {
                int col = s * NR;
                GemmMicroKernel.tile(kc, ap, aSliver, bp, col * kc, alpha, beta,
                        c, cRow + col, ldc, rows, Math.min(NR, nc - col), ws.edge);
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return Math.ceilDiv(x, y);
    }

    private static int roundUp(int x, int multiple) {
        return Math.ceilDiv(x, multiple) * multiple;
    }
}
