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
 * <p>The left operand is packed per block of {@code mr} rows: {@code mr} bias values (zero for a
 * gradient), then for each reduction row r the block's {@code mr} weights, so a micro-kernel
 * reads its broadcasts sequentially. Rows past the matrix's end are zero in the pack and never
 * stored. The micro-kernels ({@link ShiftGemmKernels}) work in whole vectors of pixels; each has
 * a scalar twin here with the same tile semantics, selected when {@code simd} is false.
 */
final class ShiftGemm {
    private ShiftGemm() {}

    /** Pixels per "vector" in the scalar twins: layouts keep the same shape with either path. */
    static final int SCALAR_LANES = 8;

    /** Row-block heights of the forward tiles and the widest tile (in vectors) each one has. */
    private static final int[] BLOCK_ROWS = {4, 8, 12};
    private static final int[] MAX_VECTORS = {6, 3, 2};

    /** Rows x reduction rows of the weight-gradient tile. */
    static final int WEIGHT_ROWS = 4;
    static final int WEIGHT_COLS = 6;

    /** The width of a vector the layouts are built for: the SIMD lane count, or {@link #SCALAR_LANES}. */
    static int lanes(boolean simd) {
        return simd ? ShiftGemmKernels.L : SCALAR_LANES;
    }

    /** A forward tile shape: {@code mr} rows of the left operand, up to {@code nv} vectors of pixels per call. */
    record Tile(int mr, int nv) {
        int blocks(int rows) {
            return (rows + mr - 1) / mr;
        }
    }

    // ------------------------------------------------------------------ packing

    /** Floats in the pack of an m x k left operand for blocks of mr rows. */
    static int packedSize(int m, int k, int mr) {
        return ((m + mr - 1) / mr) * mr * (k + 1);
    }

    /** Offset of row block {@code b} in a pack with reduction length k. */
    static int blockOffset(int b, int k, int mr) {
        return b * mr * (k + 1);
    }

    /** Packs a row-major m x k matrix {@code a} (row stride k) and an optional bias of length m. */
    static void pack(float[] a, float[] bias, int m, int k, int mr, float[] packed) {
        for (int b = 0, blocks = (m + mr - 1) / mr; b < blocks; b++) {
            int base = blockOffset(b, k, mr);
            for (int i = 0; i < mr; i++) {
                int row = b * mr + i;
                packed[base + i] = row < m && bias != null ? bias[row] : 0f;
                int dst = base + mr + i;
                if (row < m) {
                    for (int r = 0, src = row * k; r < k; r++, dst += mr) packed[dst] = a[src + r];
                } else {
                    for (int r = 0; r < k; r++, dst += mr) packed[dst] = 0f;
                }
            }
        }
    }

    // ------------------------------------------------------------------ forward

    /**
     * Chooses the forward tile for {@code rows} output rows over runs of {@code vecs} vectors by a
     * cycle model: per reduction step a tile issues mr * nv FMAs (two per cycle), mr + nv loads
     * (two per cycle), and waits at least one FMA latency when it has too few accumulators. With
     * {@code exact} the tile width must divide {@code vecs} (runs written in place, no tail).
     */
    static Tile chooseTile(int rows, int vecs, boolean exact) {
        Tile best = null;
        double bestCost = Double.MAX_VALUE;
        for (int f = 0; f < BLOCK_ROWS.length; f++) {
            int mr = BLOCK_ROWS[f];
            for (int nv = Math.min(MAX_VECTORS[f], vecs); nv >= 1; nv--) {
                if (exact && vecs % nv != 0) continue;
                double cost = 0;
                for (int v = 0; v < vecs; v += nv) cost += stepCycles(mr, Math.min(nv, vecs - v));
                cost *= (rows + mr - 1) / mr;
                if (cost < bestCost - 1e-9) {
                    bestCost = cost;
                    best = new Tile(mr, nv);
                }
                break; // the widest admissible width of a family is its best
            }
        }
        return best;
    }

    /** Modelled cost of one tile of {@code mr} rows by {@code nv} vectors, as in {@link #chooseTile}. */
    static double stepCycles(int mr, int nv) {
        return Math.max(Math.max(mr * nv / 2.0, (mr + nv) / 2.0), 4.0) + 1.0;
    }

    /** The modelled cost of {@code tile} over {@code rows} x {@code vecs}, for comparing layouts. */
    static double cost(Tile tile, int rows, int vecs) {
        double c = 0;
        for (int v = 0; v < vecs; v += tile.nv()) c += stepCycles(tile.mr(), Math.min(tile.nv(), vecs - v));
        return c * tile.blocks(rows);
    }

    /**
     * Computes row blocks [b0, b1) of the forward product over {@code vecs} vectors of pixels that
     * start at {@code xBase}: {@code out[oBase + row * oStride + i]} for i < vecs * lanes.
     */
    static void forward(boolean simd, Tile tile, int b0, int b1, int m, int k, float[] packed,
                        float[] x, int xBase, int[] xoff, int vecs, float[] out, int oBase, int oStride) {
        forward(simd, tile, b0, b1, m, k, packed, 0, x, xBase, xoff, vecs, out, oBase, oStride);
    }

    /** As above with the pack starting at {@code packBase} (one of several packs in one array). */
    static void forward(boolean simd, Tile tile, int b0, int b1, int m, int k, float[] packed, int packBase,
                        float[] x, int xBase, int[] xoff, int vecs, float[] out, int oBase, int oStride) {
        int mr = tile.mr(), lanes = lanes(simd);
        for (int b = b0; b < b1; b++) {
            int wBase = packBase + blockOffset(b, k, mr);
            int mValid = Math.min(mr, m - b * mr);
            int rowBase = oBase + b * mr * oStride;
            for (int v = 0; v < vecs; v += tile.nv()) {
                int nv = Math.min(tile.nv(), vecs - v);
                int off = v * lanes;
                if (simd) {
                    forwardTile(mr, nv, x, xBase + off, xoff, k, packed, wBase, out, rowBase + off, oStride, mValid);
                } else {
                    forwardTileScalar(mr, nv * lanes, x, xBase + off, xoff, k, packed, wBase, out, rowBase + off, oStride, mValid);
                }
            }
        }
    }

    private static void forwardTile(int mr, int nv, float[] x, int xBase, int[] xoff, int k, float[] w, int wBase,
                                    float[] out, int oBase, int oStride, int mValid) {
        switch (mr * 16 + nv) {
            case 4 * 16 + 1 -> ShiftGemmKernels.forward4x1(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 4 * 16 + 2 -> ShiftGemmKernels.forward4x2(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 4 * 16 + 3 -> ShiftGemmKernels.forward4x3(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 4 * 16 + 4 -> ShiftGemmKernels.forward4x4(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 4 * 16 + 5 -> ShiftGemmKernels.forward4x5(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 4 * 16 + 6 -> ShiftGemmKernels.forward4x6(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 8 * 16 + 1 -> ShiftGemmKernels.forward8x1(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 8 * 16 + 2 -> ShiftGemmKernels.forward8x2(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 8 * 16 + 3 -> ShiftGemmKernels.forward8x3(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 12 * 16 + 1 -> ShiftGemmKernels.forward12x1(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            case 12 * 16 + 2 -> ShiftGemmKernels.forward12x2(x, xBase, xoff, k, w, wBase, out, oBase, oStride, mValid);
            default -> throw new IllegalStateException("no forward micro-kernel " + mr + "x" + nv);
        }
    }

    /** Scalar twin of a forward tile over {@code width} pixels; Math.fma in the same order gives the SIMD result bit for bit. */
    static void forwardTileScalar(int mr, int width, float[] x, int xBase, int[] xoff, int k, float[] w, int wBase,
                                  float[] out, int oBase, int oStride, int mValid) {
        for (int i = 0; i < mValid; i++) {
            int o = oBase + i * oStride;
            for (int p = 0; p < width; p++) {
                float acc = w[wBase + i];
                for (int r = 0, wo = wBase + mr + i; r < k; r++, wo += mr) acc = Math.fma(x[xBase + xoff[r] + p], w[wo], acc);
                out[o + p] = acc;
            }
        }
    }

    // ------------------------------------------------------------------ weight gradient

    /**
     * Adds the weight-gradient product of rows [0, m) and reduction rows [0, k) to {@code dw}
     * (row-major m x k from {@code dwOff}, double): for each run, g rows at {@code gRun[run] + row * gStride} and x
     * windows at {@code xRun[run] + xoff[r]}, each {@code runVecs} vectors long. Every tile keeps
     * its sums in registers over all the runs and reduces them once.
     */
    static void weight(boolean simd, int m, int k, float[] g, int[] gRun, int gStride, float[] x, int[] xRun, int[] xoff,
                       int runs, int runVecs, double[] dw, int dwOff) {
        for (int m0 = 0; m0 < m; m0 += WEIGHT_ROWS) {
            for (int r0 = 0; r0 < k; r0 += WEIGHT_COLS) {
                if (simd) {
                    ShiftGemmKernels.weight4x6(g, gRun, gStride, m0, m - 1, x, xRun, xoff, r0, k - 1, runs, runVecs, dw, dwOff, k);
                } else {
                    weightTileScalar(g, gRun, gStride, m0, Math.min(m, m0 + WEIGHT_ROWS), x, xRun, xoff, r0, Math.min(k, r0 + WEIGHT_COLS),
                            runs, runVecs * SCALAR_LANES, dw, dwOff, k);
                }
            }
        }
    }

    /** Scalar twin of a weight-gradient tile: rows [m0, m1) by reduction rows [r0, r1). */
    static void weightTileScalar(float[] g, int[] gRun, int gStride, int m0, int m1, float[] x, int[] xRun, int[] xoff, int r0, int r1,
                                 int runs, int runLength, double[] dw, int dwOff, int ldw) {
        for (int i = m0; i < m1; i++) {
            for (int r = r0; r < r1; r++) {
                float acc = 0f;
                for (int run = 0; run < runs; run++) {
                    int gb = gRun[run] + i * gStride, xb = xRun[run] + xoff[r];
                    for (int p = 0; p < runLength; p++) acc = Math.fma(g[gb + p], x[xb + p], acc);
                }
                dw[dwOff + i * ldw + r] += acc;
            }
        }
    }
}
