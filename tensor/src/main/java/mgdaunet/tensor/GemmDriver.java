package mgdaunet.tensor;

import static mgdaunet.tensor.GemmMicroKernel.MR_FEW;
import static mgdaunet.tensor.GemmMicroKernel.MR_MANY;
import static mgdaunet.tensor.GemmMicroKernel.NR_FEW;
import static mgdaunet.tensor.GemmMicroKernel.NR_MANY;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The SIMD path of {@link Gemm}: BLIS-style loops around {@link GemmMicroKernel}, in two shapes.
 *
 * <p>Many rows (m > MC): op(B) is packed once per KC x NC panel, shared by all threads, and reused by
 * every MR-row sliver of A.
 * <pre>
 * for each NC-wide column panel (jc), for each KC-deep slice (pc):
 *   for each task = MC-row block x part of the panel:          (in parallel)
 *     help pack op(B)[pc, jc] into NR-column slivers             (shared, chunks claimed by tasks)
 *     pack op(A)[ic, pc] into MR-row slivers                     (per thread)
 *     for each A sliver (stays in L1), for each B sliver (streams from L2): one tile
 * </pre>
 * The panel is sized to stay in L2 next to the traffic of C, which the tiles read and write once per slice.
 *
 * <p>Few rows (m <= MC, the shape of a convolution: Cout x Cin*9 times Cin*9 x H*W): each B sliver is used
 * by only a few tiles, so instead of a panel that would go through memory twice, each task handles one
 * sliver at a time: the first tile reads B where it lies and stores a packed copy in a small per-thread
 * buffer, from which the next tiles of the sliver read it (a transposed B is packed first).
 *
 * <p>Later slices add to C (beta = 1). Pack buffers live per thread and are reused across calls.
 */
final class GemmDriver {
    private GemmDriver() {}

    /**
     * The cache blocking. {@code kc}: depth of a slice on the many-rows path (an A sliver, MR x kc, stays in
     * L1); {@code kcFew}: depth of a slice on the few-rows path (a B sliver, kcFew x NR, stays in L2 next
     * to the thread's A block); {@code mc}: rows of an A block, the unit of parallel work and the limit of
     * the few-rows path; {@code panelFloats}: size of a packed B panel, which stays in L2 while every
     * A sliver streams over it. Tests pass tiny blockings so that small matrices run every loop.
     */
    record Blocking(int kc, int kcFew, int mc, int panelFloats) {
        /** Measured on AVX-512 (2 MB L2): larger slices and a panel filling most of L2 beat smaller ones. */
        static final Blocking DEFAULT = new Blocking(512, 512, 128, 384 * 1024);

        Blocking {
            if (kc < 1 || kcFew < 1 || mc < 1 || panelFloats < 1) {
                throw new IllegalArgumentException("GEMM blocking sizes must be >= 1, got " + this);
            }
        }

        /** The depth of the slices that cut k into equal pieces of at most {@code limit}. */
        static int sliceDepth(int k, int limit) {
            return Math.ceilDiv(k, Math.ceilDiv(k, limit));
        }

        /** The widest B panel of slices {@code kc} deep within the panel budget (a multiple of NR_MANY). */
        int panelWidth(int kc) {
            return Math.max(NR_MANY, panelFloats / kc / NR_MANY * NR_MANY);
        }
    }

    /** Below this many flops, forking costs more than it saves. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;
    /** Tasks per thread when splitting work, so that a thread slowed by other load gets fewer. */
    private static final int TASKS_PER_THREAD = 4;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread pack buffers, grown on first need and then reused by every call on that thread. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] sliver = new float[0];
        final float[] tile = new float[GemmMicroKernel.TILE_FLOATS];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }

        float[] sliver(int size) {
            if (sliver.length < size) sliver = new float[size];
            return sliver;
        }
    }

    /** Arguments are validated and m, n, k > 0. */
    static void sgemm(Blocking blocking, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        boolean parallel = !Parallel.inParallelRegion() && Parallel.threads() > 1
                && 2.0 * m * n * k >= PARALLEL_MIN_FLOPS;
        int tasks = parallel ? Parallel.threads() * TASKS_PER_THREAD : 1;
        if (m <= blocking.mc()) {
            fewRows(blocking, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, tasks);
        } else {
            manyRows(blocking, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, tasks);
        }
    }

    private static void fewRows(Blocking blocking, boolean transA, boolean transB, int m, int n, int k,
                                float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, int tasks) {
        int kcMax = Blocking.sliceDepth(k, blocking.kcFew());
        int slivers = Math.ceilDiv(n, NR_FEW);
        int parts = Math.min(slivers, tasks);
        if (parts == 1) {
            // The common case inside a parallel loop over a batch: no task objects at all.
            fewRowsPart(transA, transB, m, n, k, kcMax, 0, slivers, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Parallel.forEach(parts, part -> fewRowsPart(transA, transB, m, n, k, kcMax,
                share(slivers, parts, part), share(slivers, parts, part + 1),
                alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    /** Columns of B slivers [s0, s1) of C, all m rows, every slice. */
    private static void fewRowsPart(boolean transA, boolean transB, int m, int n, int k, int kcMax, int s0, int s1,
                                    float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc) {
        Workspace ws = WORKSPACE.get();
        float[] ap = ws.a(roundUp(m, MR_FEW) * kcMax), bs = ws.sliver(kcMax * NR_FEW);
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            float betaNow = p0 == 0 ? beta : 1f;
            GemmPacking.packA(transA, MR_FEW, a, aOff, lda, 0, m, p0, kc, ap);
            for (int s = s0; s < s1; s++) {
                int j0 = s * NR_FEW, cols = Math.min(NR_FEW, n - j0), ir = 0;
                if (!transB && cols == NR_FEW) {
                    // The first tile reads B where it lies and packs it for the others on the way.
                    GemmMicroKernel.tileDirect(kc, ap, 0, b, bOff + p0 * ldb + j0, ldb, m > MR_FEW ? bs : null,
                            alpha, betaNow, c, cOff + j0, ldc, Math.min(MR_FEW, m), ws.tile);
                    ir = MR_FEW;
                } else {
                    GemmPacking.packB(transB, NR_FEW, b, bOff, ldb, p0, kc, j0, cols, bs, 0);
                }
                for (; ir < m; ir += MR_FEW) {
                    GemmMicroKernel.tile(false, kc, ap, ir * kc, bs, 0, alpha, betaNow,
                            c, cOff + ir * ldc + j0, ldc, Math.min(MR_FEW, m - ir), cols, ws.tile);
                }
            }
        }
    }

    private static void manyRows(Blocking blocking, boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc, int tasks) {
        int kcMax = Blocking.sliceDepth(k, blocking.kc());
        int ncLimit = blocking.panelWidth(kcMax);
        int ncMax = roundUp(Math.ceilDiv(n, Math.ceilDiv(n, ncLimit)), NR_MANY);
        // Row blocks of whole A slivers, as equal as possible: a short last block would leave a thread idle.
        int mSlivers = Math.ceilDiv(m, MR_MANY);
        int mBlocks = Math.min(mSlivers, Math.ceilDiv(m, blocking.mc()));
        float[] bp = WORKSPACE.get().b(kcMax * ncMax);
        boolean parallel = tasks > 1;

        for (int j0 = 0; j0 < n; j0 += ncMax) {
            int nc = Math.min(ncMax, n - j0);
            int slivers = Math.ceilDiv(nc, NR_MANY);
            // Split the panel's columns too when there are too few row blocks to keep every thread busy.
            int parts = Math.min(slivers, Math.ceilDiv(tasks, mBlocks));
            for (int p0 = 0; p0 < k; p0 += kcMax) {
                int kc = Math.min(kcMax, k - p0);
                int jb = j0, pb = p0;
                float betaNow = p0 == 0 ? beta : 1f;
                // One fork per slice: every task first helps pack the shared B panel, chunk by chunk, then
                // waits for the chunks other threads are still packing. A waiting task only ever waits for
                // chunks that running threads have claimed, so this holds with any number of threads.
                PanelPacking panel = new PanelPacking(parallel ? Math.min(slivers, 2 * tasks) : 1);
                Parallel.forEach(mBlocks * parts, t -> {
                    panel.help(chunk -> {
                        int s0 = share(slivers, panel.chunks, chunk), s1 = share(slivers, panel.chunks, chunk + 1);
                        GemmPacking.packB(transB, NR_MANY, b, bOff, ldb, pb, kc, jb + s0 * NR_MANY,
                                Math.min(nc, s1 * NR_MANY) - s0 * NR_MANY, bp, s0 * NR_MANY * kc);
                    });
                    int block = t / parts, part = t % parts;
                    int i0 = share(mSlivers, mBlocks, block) * MR_MANY;
                    int i1 = Math.min(m, share(mSlivers, mBlocks, block + 1) * MR_MANY);
                    block(transA, a, aOff, lda, i0, i1 - i0, pb, kc, bp, jb, nc,
                            share(slivers, parts, part), share(slivers, parts, part + 1), alpha, betaNow, c, cOff, ldc);
                });
            }
        }
    }

    /** Rows [i0, i0 + mc) of C times B slivers [s0, s1) of the packed panel starting at column j0. */
    private static void block(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                              float[] bp, int j0, int nc, int s0, int s1,
                              float alpha, float beta, float[] c, int cOff, int ldc) {
        Workspace ws = WORKSPACE.get();
        float[] ap = ws.a(roundUp(mc, MR_MANY) * kc);
        GemmPacking.packA(transA, MR_MANY, a, aOff, lda, i0, mc, p0, kc, ap);
        for (int ir = 0; ir < mc; ir += MR_MANY) {
            int rows = Math.min(MR_MANY, mc - ir);
            int cRow = cOff + (i0 + ir) * ldc + j0;
            for (int s = s0; s < s1; s++) {
                int col = s * NR_MANY;
                GemmMicroKernel.tile(true, kc, ap, ir * kc, bp, col * kc, alpha, beta,
                        c, cRow + col, ldc, rows, Math.min(NR_MANY, nc - col), ws.tile);
            }
        }
    }

    /** Packing of a shared B panel in chunks that whichever tasks arrive first claim. */
    private static final class PanelPacking {
        final int chunks;
        private final AtomicInteger claimed = new AtomicInteger();
        private final AtomicInteger packed = new AtomicInteger();

        PanelPacking(int chunks) {
            this.chunks = chunks;
        }

        /** Packs unclaimed chunks with {@code pack}, then returns once every chunk is packed. */
        void help(IntConsumer pack) {
            for (int chunk; (chunk = claimed.getAndIncrement()) < chunks; ) {
                try {
                    pack.accept(chunk);
                } finally {
                    packed.incrementAndGet(); // even on failure, so that no other task waits forever
                }
            }
            while (packed.get() < chunks) Thread.onSpinWait();
        }
    }

    /** The start of piece {@code index} when {@code total} units are cut into {@code pieces} near-equal pieces. */
    private static int share(int total, int pieces, int index) {
        return (int) ((long) total * index / pieces);
    }

    private static int roundUp(int x, int multiple) {
        return Math.ceilDiv(x, multiple) * multiple;
    }
}
