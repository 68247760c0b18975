package mgdaunet.tensor.spatial;

/**
 * The shifted GEMM every convolution kernel here is built on: a matrix product whose right-hand
 * rows are windows of one flat array at fixed offsets.
 *
 * <pre>
 *   forward:          out[m][o]  = bias[m] + sum_r A[m][r] * x[base + xoff[r] + o]
 *   weight gradient:  dA[m][r]  += sum_o g[m][o] * x[base + xoff[r] + o]
 * </pre>
 *
 * With {@code xoff[r] = c * channelStride + ky * rowStride + kx} over a zero-padded image whose
 * rows lie {@code rowStride} apart, the forward is a stride-1 convolution computed straight from
 * the image (output pixel {@code o = y * rowStride + x}): no im2col copy, whose memory traffic
 * dominates when a convolution has few channels. With {@code xoff[r] = r * rowLength} it is an
 * ordinary GEMM over im2col columns.
 *
 * <p>The left operand is packed per block of {@link #MR} = 4 rows: 4 bias values (zero for a
 * gradient), then for each reduction row r the block's 4 weights, so a micro-kernel reads its
 * broadcasts sequentially. Rows past the matrix's end are zero in the pack and never stored. The
 * forward micro-kernels ({@link ShiftGemmKernels}) compute 4 rows by 6 vectors of pixels (24
 * accumulators): measured with data in L1 this reaches 85-90% of the FMA peak, where tiles with
 * more rows and fewer vectors (8 x 3, 12 x 2) stay at 60-70%, since every broadcast costs an issue
 * slot on an FMA port. Each kernel has a scalar twin here with the same tile semantics, selected
 * when {@code simd} is false.
 */
final class ShiftGemm {
    private ShiftGemm() {}

    /** Pixels per "vector" in the scalar twins: layouts keep the same shape with either path. */
    static final int SCALAR_LANES = 8;

    /** Rows of the left operand per tile; a forward tile is MR rows by up to {@link #NV} vectors of pixels. */
    static final int MR = 4;
    static final int NV = 6;

    /**
     * Reduction rows per pass of a product with {@code m} rows whose reduction rows come in units of
     * {@code rowsPerUnit} (a channel's kernel taps) that read {@code floatsPerUnit} floats of the
     * right operand per tile: as many units as keep that and their packed weights for all row blocks
     * within about 24 KiB, half of L1, while a tile is computed for every row block.
     */
    static int chunk(int floatsPerUnit, int rowsPerUnit, int m) {
        return Math.max(1, 6144 / Math.max(1, floatsPerUnit + blocks(m) * MR * rowsPerUnit)) * rowsPerUnit;
    }

    /** Reduction rows of the generic weight-gradient tile. */
    static final int WEIGHT_COLS = 6;

    /** The width of a vector the layouts are built for: the SIMD lane count, or {@link #SCALAR_LANES}. */
    static int lanes(boolean simd) {
        return simd ? ShiftGemmKernels.L : SCALAR_LANES;
    }

    /** Row blocks of MR in m rows. */
    static int blocks(int m) {
        return (m + MR - 1) / MR;
    }

    /**
     * Relative speed of a tile of nv vectors (4 x 6 = 1), measured with data in L1: narrower tiles
     * leave the FMA ports idle behind loop overhead and latency.
     */
    static double efficiency(int nv) {
        return switch (nv) {
            case 6 -> 1.0;
            case 5 -> 0.72;
            case 4 -> 0.64;
            case 3 -> 0.6;
            case 2 -> 0.46;
            default -> 0.5;
        };
    }

    /** Modelled time, in units of one 6-vector tile, of a run of {@code vecs} vectors cut into 6-vector tiles and a tail. */
    static double runCost(int vecs) {
        int tail = vecs % NV;
        return vecs / NV + (tail == 0 ? 0 : tail / (NV * efficiency(tail)));
    }

    // ------------------------------------------------------------------ packing

    /** Floats in the pack of an m x k left operand. */
    static int packedSize(int m, int k) {
        return blocks(m) * MR * (k + 1);
    }

    /** Offset of row block {@code b} in a pack with reduction length k. */
    static int blockOffset(int b, int k) {
        return b * MR * (k + 1);
    }

    /** Packs a row-major m x k matrix {@code a} (row stride k) and an optional bias of length m. */
    static void pack(float[] a, float[] bias, int m, int k, float[] packed) {
        for (int b = 0, blocks = blocks(m); b < blocks; b++) {
            int base = blockOffset(b, k);
            for (int i = 0; i < MR; i++) {
                int row = b * MR + i;
                packed[base + i] = row < m && bias != null ? bias[row] : 0f;
                int dst = base + MR + i;
                if (row < m) {
                    for (int r = 0, src = row * k; r < k; r++, dst += MR) packed[dst] = a[src + r];
                } else {
                    for (int r = 0; r < k; r++, dst += MR) packed[dst] = 0f;
                }
            }
        }
    }

    // ------------------------------------------------------------------ forward

    /**
     * Computes row blocks [b0, b1) of the forward product over {@code vecs} vectors of pixels that
     * start at {@code xBase}: {@code out[oBase + row * oStride + i]} for i < vecs * lanes, in 4 x 6
     * tiles and one narrower tail. The pack starts at {@code packBase} (one of several in an array).
     *
     * <p>The reduction runs {@code kc} rows at a time, the tiles keeping their partial sums in
     * {@code out} between passes, and for each pass a tile is computed for every row block before
     * the next: the pixels a pass reads (kc rows of a tile) then stay in L1 across the row blocks.
     */
    static void forward(boolean simd, int b0, int b1, int m, int k, int kc, float[] packed, int packBase,
                        float[] x, int xBase, int[] xoff, int vecs, float[] out, int oBase, int oStride) {
        int lanes = lanes(simd);
        for (int r0 = 0; r0 < k; r0 += kc) {
            int r1 = Math.min(k, r0 + kc);
            boolean add = r0 > 0;
            for (int v = 0; v < vecs; v += NV) {
                int nv = Math.min(NV, vecs - v);
                int off = v * lanes;
                for (int b = b0; b < b1; b++) {
                    int wBase = packBase + blockOffset(b, k);
                    int mValid = Math.min(MR, m - b * MR);
                    int rowBase = oBase + b * MR * oStride + off;
                    if (simd) {
                        forwardTile(nv, x, xBase + off, xoff, r0, r1, packed, wBase, out, rowBase, oStride, mValid, add);
                    } else {
                        forwardTileScalar(nv * lanes, x, xBase + off, xoff, r0, r1, packed, wBase, out, rowBase, oStride, mValid, add);
                    }
                }
            }
        }
    }

    /**
     * As {@link #forward} over {@code count} segments of {@code seg} vectors each (seg = 1, 2 or 3),
     * segment j reading at {@code xBase + j * xSeg} and writing at {@code oBase + j * oSeg}: image
     * rows narrower than a tile, 6 / seg of them per 4 x 6 tile, written straight into place.
     */
    static void forwardSegments(boolean simd, int seg, int count, int b0, int b1, int m, int k, int kc, float[] packed,
                                float[] x, int xBase, int xSeg, int[] xoff, float[] out, int oBase, int oSeg, int oStride) {
        int lanes = lanes(simd), perTile = NV / seg;
        for (int r0 = 0; r0 < k; r0 += kc) {
            int r1 = Math.min(k, r0 + kc);
            boolean add = r0 > 0;
            for (int j = 0; j < count; j += perTile) {
                int xo = xBase + j * xSeg;
                for (int b = b0; b < b1; b++) {
                    int wBase = blockOffset(b, k);
                    int mValid = Math.min(MR, m - b * MR);
                    int oo = oBase + b * MR * oStride + j * oSeg;
                    if (simd && j + perTile <= count) {
                        switch (seg) {
                            case 1 -> ShiftGemmKernels.forward4x6s1(x, xo, xSeg, xoff, r0, r1, packed, wBase, out, oo, oSeg, oStride, mValid, add);
                            case 2 -> ShiftGemmKernels.forward4x6s2(x, xo, xSeg, xoff, r0, r1, packed, wBase, out, oo, oSeg, oStride, mValid, add);
                            case 3 -> ShiftGemmKernels.forward4x6s3(x, xo, xSeg, xoff, r0, r1, packed, wBase, out, oo, oSeg, oStride, mValid, add);
                            default -> throw new IllegalStateException("no segmented micro-kernel for segments of " + seg);
                        }
                        continue;
                    }
                    // The scalar twin, and the segments left over at the end: one segment at a time.
                    for (int t = j; t < Math.min(count, j + perTile); t++) {
                        int xs = xBase + t * xSeg, os = oo + (t - j) * oSeg;
                        if (simd) {
                            forwardTile(seg, x, xs, xoff, r0, r1, packed, wBase, out, os, oStride, mValid, add);
                        } else {
                            forwardTileScalar(seg * lanes, x, xs, xoff, r0, r1, packed, wBase, out, os, oStride, mValid, add);
                        }
                    }
                }
            }
        }
    }

    private static void forwardTile(int nv, float[] x, int xBase, int[] xoff, int r0, int r1, float[] w, int wBase,
                                    float[] out, int oBase, int oStride, int mValid, boolean add) {
        switch (nv) {
            case 1 -> ShiftGemmKernels.forward4x1(x, xBase, xoff, r0, r1, w, wBase, out, oBase, oStride, mValid, add);
            case 2 -> ShiftGemmKernels.forward4x2(x, xBase, xoff, r0, r1, w, wBase, out, oBase, oStride, mValid, add);
            case 3 -> ShiftGemmKernels.forward4x3(x, xBase, xoff, r0, r1, w, wBase, out, oBase, oStride, mValid, add);
            case 4 -> ShiftGemmKernels.forward4x4(x, xBase, xoff, r0, r1, w, wBase, out, oBase, oStride, mValid, add);
            case 5 -> ShiftGemmKernels.forward4x5(x, xBase, xoff, r0, r1, w, wBase, out, oBase, oStride, mValid, add);
            case 6 -> ShiftGemmKernels.forward4x6(x, xBase, xoff, r0, r1, w, wBase, out, oBase, oStride, mValid, add);
            default -> throw new IllegalStateException("no forward micro-kernel 4x" + nv);
        }
    }

    /**
     * Scalar twin of a forward tile over {@code width} pixels: Math.fma in the same order gives the
     * SIMD result bit for bit (the partial sums pass through out as the same floats).
     */
    static void forwardTileScalar(int width, float[] x, int xBase, int[] xoff, int r0, int r1, float[] w, int wBase,
                                  float[] out, int oBase, int oStride, int mValid, boolean add) {
        for (int i = 0; i < mValid; i++) {
            int o = oBase + i * oStride;
            for (int p = 0; p < width; p++) {
                float acc = add ? out[o + p] : w[wBase + i];
                for (int r = r0, wo = wBase + MR * (r0 + 1) + i; r < r1; r++, wo += MR) acc = Math.fma(x[xBase + xoff[r] + p], w[wo], acc);
                out[o + p] = acc;
            }
        }
    }

    // ------------------------------------------------------------------ weight gradient

    /**
     * Adds the weight-gradient product of rows [0, m) and reduction rows [0, k) to {@code dw}
     * (row-major m x k from {@code dwOff}, double): for each run, g rows at
     * {@code gRun[run] + row * gStride} and x windows at {@code xRun[run] + xoff[r]}, each
     * {@code runVecs} vectors long. Every tile keeps its sums in registers over all the runs and
     * reduces them once. A last block of fewer than 4 rows is computed as the 4 rows ending at row
     * m (the kernel reads whole blocks of rows), of which only the rows not yet done are added;
     * with fewer than 4 rows in all, the scalar twin computes them.
     */
    static void weight(boolean simd, int m, int k, float[] g, int[] gRun, int gStride, float[] x, int[] xRun, int[] xoff,
                       int runs, int runVecs, double[] dw, int dwOff) {
        int lanes = lanes(simd);
        int full = simd ? m / MR * MR : 0;
        if (full > 0) {
            int[] rowRuns = Scratch.ints(Scratch.ROW_RUNS, runs);
            int[] cols = Scratch.ints(Scratch.TILE_OFFSETS, WEIGHT_COLS);
            double[] sums = Scratch.doubles(Scratch.TILE_SUMS, MR * WEIGHT_COLS);
            for (int start = 0; start < m; start += MR) {
                // The last, partial block overlaps the one before it; its first rows are skipped.
                int m0 = Math.min(start, m - MR), skip = start - m0;
                for (int i = 0; i < runs; i++) rowRuns[i] = gRun[i] + m0 * gStride;
                for (int r0 = 0; r0 < k; r0 += WEIGHT_COLS) {
                    // Past the last reduction row the tile repeats it: finite, computed, not stored.
                    for (int c = 0; c < WEIGHT_COLS; c++) cols[c] = xoff[Math.min(r0 + c, k - 1)];
                    ShiftGemmKernels.weight4x6(g, rowRuns, gStride, x, xRun, cols, runs, runVecs * lanes, sums);
                    int cMax = Math.min(WEIGHT_COLS, k - r0);
                    for (int i = skip; i < MR; i++) {
                        int d = dwOff + (m0 + i) * k + r0;
                        for (int c = 0; c < cMax; c++) dw[d + c] += sums[i * WEIGHT_COLS + c];
                    }
                }
            }
            return;
        }
        for (int m0 = 0; m0 < m; m0 += MR) {
            weightTileScalar(g, gRun, gStride, m0, Math.min(m, m0 + MR), x, xRun, xoff, 0, k, runs, runVecs * lanes, dw, dwOff, k);
        }
    }

    /** Floats of the per-lane sums of {@link #weightLanes} for an m x k product. */
    static int laneSumsSize(boolean simd, int m, int k) {
        return blocks(m) * ((k + WEIGHT_COLS - 1) / WEIGHT_COLS) * MR * WEIGHT_COLS * lanes(simd);
    }

    /**
     * As {@link #weight}, but each tile adds its per-lane sums to {@code acc} (laid out tile by
     * tile, see {@link #laneSumsSize}) instead of reducing them: for products computed a few rows
     * at a time, so that a tile's data stays in L1, then reduced once by {@link #flushLanes}.
     */
    static void weightLanes(boolean simd, int m, int k, float[] g, int[] gRun, int gStride, float[] x, int[] xRun, int[] xoff,
                            int runs, int runVecs, float[] acc) {
        int lanes = lanes(simd), rBlocks = (k + WEIGHT_COLS - 1) / WEIGHT_COLS, tile = MR * WEIGHT_COLS * lanes;
        int mBlocks = blocks(m), full = simd ? m / MR : 0;
        // Row blocks outside, reduction blocks inside: a row block's 4 rows of g stay in L1 while
        // the x windows stream from L2 (the other order, g rows of all blocks re-read from L2 for
        // every 6 reduction rows, measured ~9% slower at 16 rows x 48 vectors per piece).
        int[] rowRuns = Scratch.ints(Scratch.ROW_RUNS, runs * mBlocks);
        for (int b = 0; b < mBlocks; b++) {
            for (int i = 0; i < runs; i++) rowRuns[b * runs + i] = gRun[i] + b * MR * gStride;
        }
        int[] cols = Scratch.ints(Scratch.TILE_OFFSETS, WEIGHT_COLS);
        int[] blockRuns = Scratch.ints(Scratch.BLOCK_RUNS, runs);
        for (int b = 0; b < mBlocks; b++) {
            System.arraycopy(rowRuns, b * runs, blockRuns, 0, runs);
            for (int rb = 0; rb < rBlocks; rb++) {
                int r0 = rb * WEIGHT_COLS;
                for (int c = 0; c < WEIGHT_COLS; c++) cols[c] = xoff[Math.min(r0 + c, k - 1)];
                int at = (b * rBlocks + rb) * tile;
                if (b < full) {
                    ShiftGemmKernels.weightLanes4x6(g, blockRuns, gStride, x, xRun, cols, runs, runVecs * lanes, acc, at);
                    continue;
                }
                // Scalar twin (and the last, partial row block): each sum into the first lane of its slot.
                int m0 = b * MR;
                for (int i = 0; i < Math.min(MR, m - m0); i++) {
                    for (int c = 0; c < Math.min(WEIGHT_COLS, k - r0); c++) {
                        double sum = 0;
                        for (int run = 0; run < runs; run++) {
                            int gb = blockRuns[run] + i * gStride, xb = xRun[run] + cols[c];
                            for (int p = 0, n = runVecs * lanes; p < n; p++) sum += (double) g[gb + p] * x[xb + p];
                        }
                        acc[at + (i * WEIGHT_COLS + c) * lanes] += (float) sum;
                    }
                }
            }
        }
    }

    /** Adds the per-lane sums of {@link #weightLanes} to dw (row-major m x k from dwOff, double) and clears them. */
    static void flushLanes(boolean simd, int m, int k, float[] acc, double[] dw, int dwOff) {
        int lanes = lanes(simd), rBlocks = (k + WEIGHT_COLS - 1) / WEIGHT_COLS, tile = MR * WEIGHT_COLS * lanes;
        for (int m0 = 0, t = 0; m0 < m; m0 += MR) {
            for (int r0 = 0; r0 < k; r0 += WEIGHT_COLS, t++) {
                for (int i = 0; i < Math.min(MR, m - m0); i++) {
                    for (int c = 0; c < Math.min(WEIGHT_COLS, k - r0); c++) {
                        int at = t * tile + (i * WEIGHT_COLS + c) * lanes;
                        dw[dwOff + (m0 + i) * k + r0 + c] += simd ? ShiftGemmKernels.laneSum(acc, at) : laneSum(acc, at, lanes);
                    }
                }
            }
        }
        java.util.Arrays.fill(acc, 0, laneSumsSize(simd, m, k), 0f);
    }

    /** Scalar twin of {@link ShiftGemmKernels#laneSum}: the sum of a slot's lanes, in double. */
    static double laneSum(float[] acc, int at, int lanes) {
        double sum = 0;
        for (int l = 0; l < lanes; l++) sum += acc[at + l];
        return sum;
    }

    /**
     * Scalar twin of a weight-gradient tile, rows [m0, m1) by reduction rows [r0, r1): one long
     * sum per element, so in double (the vector kernels spread theirs over the lanes).
     */
    static void weightTileScalar(float[] g, int[] gRun, int gStride, int m0, int m1, float[] x, int[] xRun, int[] xoff, int r0, int r1,
                                 int runs, int runLength, double[] dw, int dwOff, int ldw) {
        for (int i = m0; i < m1; i++) {
            for (int r = r0; r < r1; r++) {
                double acc = 0;
                for (int run = 0; run < runs; run++) {
                    int gb = gRun[run] + i * gStride, xb = xRun[run] + xoff[r];
                    for (int p = 0; p < runLength; p++) acc += (double) g[gb + p] * x[xb + p];
                }
                dw[dwOff + i * ldw + r] += acc;
            }
        }
    }
}
