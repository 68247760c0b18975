package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;

/**
 * Stride-1 convolution by the shifted GEMM ({@link ShiftGemm}), with any kernel size and any
 * padding below the kernel size: the forward pass, and through it the input gradient (a stride-1
 * convolution of the padded output gradient with the flipped, transposed weights), and the weight
 * gradient.
 *
 * <p>The source is copied into a flat zero-padded layout: each padded row holds {@code W + padW}
 * columns per image ({@code padW} zeros, then the image row), so the right padding of a row is the
 * left padding of the next image or row and one zero gap serves both. Output pixel (y, x) of image
 * g then sits at flat index {@code o = y * rowStride + g * (W + padW) + x} and reads its window at
 * {@code o + ky * rowStride + kx}: a constant shift per kernel tap. The {@code padW} columns past
 * each output row are computed and dropped.
 *
 * <p>Two layouts use it:
 * <ul>
 *   <li>Row mode, when the output width is a whole number of vectors (large images): one image
 *       per buffer, a band of rows per task, each output row a run of whole vectors written straight
 *       into place (rows of 1 to 3 vectors go 6, 3 or 2 to a 4 x 6 tile).</li>
 *   <li>Slab mode, for the rest (small images): a slab of images side by side, so that the flat
 *       runs are long enough for whole 4 x 6 tiles. The slab is padded once into a buffer that the
 *       tasks share, then bands of output rows (and groups of output channels) run in parallel,
 *       each computing into a scratch buffer and cropping its rows into place.</li>
 * </ul>
 */
final class ShiftConv {
    /**
     * Vectors per pass of the weight gradient (pieces of the run over a band or slab on the padded
     * grid): few enough that their data stays near L1 across the tiles, enough to amortize a tile's
     * per-lane sums.
     */
    static final int WEIGHT_PIECE = 48;
    /** Output rows per pass of the weight gradient in row mode when the gradient is read in place. */
    static final int WEIGHT_ROWS = 8;
    /** Reduction rows from which row mode's weight gradient copies the gradient onto the padded grid. */
    static final int GRID_MIN_REDUCTION = 36;

    /** Floats a padded band or slab should stay within: 1 MiB, half of this machine's L2. */
    private static final int BUDGET = 1 << 18;

    final boolean simd;
    final int batch, channels, height, width, kh, kw, padH, padW, rows, outH, outW;
    final int lanes;
    final boolean rowMode, direct;
    final int slab, slabs;       // images side by side per buffer (1 in row mode) and buffers per batch
    final int imageCols, rowStride;
    final int bandRows, bands;   // output rows per task, tasks per image (row mode) or per slab
    final int channelStride;     // floats per channel of a padded buffer (a band in row mode, a whole slab otherwise)
    final int vecs;              // vectors per run: one output row (row mode) or one band of a slab
    final int segment;           // row mode: vectors per row when a tile takes several rows (1 to 3), else 0
    final int outStride;         // slab mode: floats per output channel in a task's scratch (vecs * lanes)
    final int chunk;             // reduction rows per pass of the forward product: all of them

    /**
     * Plans a stride-1 product of a batch x channels x height x width source with a kh x kw kernel
     * and padding padH x padW (each below the kernel size) into {@code rows} output channels.
     */
    ShiftConv(boolean simd, int batch, int channels, int height, int width, int kh, int kw, int padH, int padW, int rows) {
        this.simd = simd;
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kh = kh;
        this.kw = kw;
        this.padH = padH;
        this.padW = padW;
        this.rows = rows;
        this.outH = height + 2 * padH - kh + 1;
        this.outW = width + 2 * padW - kw + 1;
        this.lanes = ShiftGemm.lanes(simd);
        this.imageCols = width + padW;
        // A 1x1 kernel without padding over whole vectors reads the source and writes the output in place.
        this.direct = kh == 1 && kw == 1 && (outH * outW) % lanes == 0;
        int rowVecs = outW / lanes;
        // Per vector of output: whole 4 x 6 tiles of a long slab run, plus its crop pass, against row tiles.
        double rowCost = outW % lanes != 0 ? Double.MAX_VALUE
                : rowVecs <= 3 ? 1 / (ShiftGemm.NV * 0.95) : ShiftGemm.runCost(rowVecs) / rowVecs;
        this.rowMode = !direct && rowCost <= 1.08 / ShiftGemm.NV;
        int threads = Parallel.threads();
        if (direct) {
            slab = 1;
            bands = 1;
        } else if (rowMode) {
            slab = 1;
            // Enough (image, band) tasks for an even spread, bands no thinner than 8 rows.
            bands = Math.max(1, Math.min(ceilDiv(8 * threads, Math.max(1, batch)), outH / 8));
        } else {
            // As many images as keep 8 padded rows of the slab within budget; bands as many as spread
            // the work and keep a band's rows within budget, at least 2 rows each.
            slab = Math.max(1, Math.min(batch, BUDGET / (channels * (8 + kh - 1) * imageCols)));
            int slabCount = ceilDiv(batch, slab);
            int byBudget = ceilDiv(outH, Math.max(1, BUDGET / (channels * slab * imageCols) - (kh - 1)));
            int byTasks = ceilDiv(4 * threads, slabCount);
            bands = Math.max(1, Math.min(Math.max(byBudget, byTasks), outH / 2));
        }
        this.slabs = ceilDiv(Math.max(1, batch), slab);
        this.rowStride = slab * imageCols;
        this.bandRows = ceilDiv(outH, bands);
        this.segment = rowMode && rowVecs <= 3 ? rowVecs : 0;
        this.vecs = direct ? outH * outW / lanes
                : rowMode ? rowVecs : ceilDiv((bandRows - 1) * rowStride + (slab - 1) * imageCols + outW, lanes);
        this.outStride = Scratch.spread(vecs * lanes);
        // The whole reduction in one pass: each tile keeps its sums in registers from the bias to the
        // last tap. Passes sized for L1 (a few channels at a time, the sums through memory between
        // them) measured 7-15% slower on this machine: the L2 feeds the shifted windows fast enough,
        // the extra loads and stores of the partial sums cost more.
        this.chunk = channels * kh * kw;
        // A row-mode buffer holds one band; a slab buffer all rows. Either ends with zeros up to the furthest read.
        int inRows = (rowMode ? bandRows : outH) + kh - 1;
        int lastRun = rowMode ? (bandRows - 1) * rowStride + outW : (bands - 1) * bandRows * rowStride + vecs * lanes;
        // The weight gradient reads one run over the whole slab, rounded up to a vector.
        int readEnd = Math.max(lastRun, (outH - 1) * rowStride + rowStride + lanes) + (kh - 1) * rowStride + kw - 1;
        this.channelStride = direct ? height * width : Scratch.spread(Math.max(inRows * rowStride + padW, readEnd));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Reduction length: channels x kernel taps. */
    int reduction() {
        return channels * kh * kw;
    }

    /** The offsets of the reduction rows (c, ky, kx) in the padded layout, in the caller's shared buffer. */
    int[] offsets() {
        int[] xoff = Scratch.ints(Scratch.OFFSETS, reduction());
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) xoff[r++] = c * channelStride + ky * rowStride + kx;
            }
        }
        return xoff;
    }

    // ------------------------------------------------------------------ forward

    /**
     * dst (batch x rows x outH x outW) = the product of {@code packed} (rows x channels*kh*kw, bias
     * included) with the padded source {@code src} (batch x channels x height x width); with
     * {@code relu}, max(0, .) of it, applied by each task to the rows it just wrote (still in cache).
     */
    void forward(float[] src, float[] packed, float[] dst, boolean relu) {
        int k = reduction();
        int[] xoff = offsets();
        int blocks = ShiftGemm.blocks(rows);
        int units = rowMode || direct ? batch * bands : bands;
        // Too few units for the pool: split the output channels into groups as well.
        int groups = Math.max(1, Math.min(blocks, ceilDiv(4 * Parallel.threads(), Math.max(1, units))));
        if (rowMode || direct) {
            Parallel.forEach(units * groups, t -> {
                int n = t / (bands * groups), band = t / groups % bands, group = t % groups;
                int b0 = blocks * group / groups, b1 = blocks * (group + 1) / groups;
                int y0 = band * bandRows, y1 = Math.min(outH, y0 + bandRows);
                int imageOut = n * rows * outH * outW;
                if (direct) {
                    ShiftGemm.forward(simd, b0, b1, rows, k, chunk, packed, 0, src, n * channels * channelStride, xoff, vecs, dst, imageOut, outH * outW);
                    if (relu) reluRows(dst, imageOut, b0, b1, 0, outH);
                    return;
                }
                if (y0 >= y1) return;
                float[] pad = Scratch.floats(Scratch.PADDED, channels * channelStride);
                fill(src, n, y0 - padH, y1 - padH + kh - 1, pad, 0);
                if (segment > 0) {
                    ShiftGemm.forwardSegments(simd, segment, y1 - y0, b0, b1, rows, k, chunk, packed, pad, 0, rowStride, xoff,
                            dst, imageOut + y0 * outW, outW, outH * outW);
                } else {
                    for (int y = y0; y < y1; y++) {
                        ShiftGemm.forward(simd, b0, b1, rows, k, chunk, packed, 0, pad, (y - y0) * rowStride, xoff, vecs,
                                dst, imageOut + y * outW, outH * outW);
                    }
                }
                if (relu) reluRows(dst, imageOut, b0, b1, y0, y1);
            });
            return;
        }
        float[] pad = Scratch.floats(Scratch.SLAB, channels * channelStride);
        for (int s = 0; s < slabs; s++) {
            int n0 = s * slab;
            Parallel.forRange(channels, (c0, c1) -> fillSlab(src, n0, c0, c1, pad));
            Parallel.forEach(bands * groups, t -> {
                int band = t / groups, group = t % groups;
                int b0 = blocks * group / groups, b1 = blocks * (group + 1) / groups;
                int y0 = band * bandRows, y1 = Math.min(outH, y0 + bandRows);
                if (y0 >= y1) return;
                int m0 = b0 * ShiftGemm.MR, m1 = Math.min(rows, b1 * ShiftGemm.MR);
                float[] out = Scratch.floats(Scratch.OUT, (m1 - m0) * outStride);
                // Row block b lands at (b - b0) * MR rows into the scratch.
                ShiftGemm.forward(simd, b0, b1, rows, k, chunk, packed, 0, pad, y0 * rowStride, xoff, vecs, out, -m0 * outStride, outStride);
                crop(out, m0, m1, y0, y1, n0, dst, relu);
            });
        }
    }

    /** max(0, .) over output rows [y0, y1) of the channels of row blocks [b0, b1) of the image at {@code imageOut}. */
    private void reluRows(float[] dst, int imageOut, int b0, int b1, int y0, int y1) {
        for (int m = b0 * ShiftGemm.MR, m1 = Math.min(rows, b1 * ShiftGemm.MR); m < m1; m++) {
            PlaneOps.relu(simd, dst, imageOut + (m * outH + y0) * outW, (y1 - y0) * outW);
        }
    }

    /** Copies output rows [y0, y1) of channels [m0, m1) of every image of the slab from a task's scratch into dst (with relu, max(0, .) of them). */
    private void crop(float[] out, int m0, int m1, int y0, int y1, int n0, float[] dst, boolean relu) {
        int images = Math.min(slab, batch - n0);
        for (int m = m0; m < m1; m++) {
            for (int y = y0; y < y1; y++) {
                int from = (m - m0) * outStride + (y - y0) * rowStride;
                for (int g = 0; g < images; g++) {
                    int at = from + g * imageCols, to = (((n0 + g) * rows + m) * outH + y) * outW;
                    if (relu) {
                        for (int x = 0; x < outW; x++) dst[to + x] = Math.max(0f, out[at + x]);
                    } else {
                        for (int x = 0; x < outW; x++) dst[to + x] = out[at + x];
                    }
                }
            }
        }
    }

    /**
     * Copies source rows [r0, r1) of image n (rows outside the image as zeros) into a one-image
     * padded buffer at {@code buf[base..]}, writing every cell the kernels read.
     */
    void fill(float[] src, int n, int r0, int r1, float[] buf, int base) {
        int inRows = r1 - r0;
        for (int c = 0; c < channels; c++) {
            int cb = base + c * channelStride;
            int plane = (n * channels + c) * height * width;
            Arrays.fill(buf, cb, cb + padW, 0f);
            for (int j = 0; j < inRows; j++) {
                int iy = r0 + j;
                int row = cb + j * rowStride + padW;
                if (iy >= 0 && iy < height) {
                    System.arraycopy(src, plane + iy * width, buf, row, width);
                    Arrays.fill(buf, row + width, row + rowStride, 0f);
                } else {
                    Arrays.fill(buf, row, row + rowStride, 0f);
                }
            }
            Arrays.fill(buf, cb + inRows * rowStride + padW, cb + channelStride, 0f);
        }
    }

    /** Pads channels [c0, c1) of the slab of images from n0 into the shared slab buffer, all rows, zeros for missing images. */
    void fillSlab(float[] src, int n0, int c0, int c1, float[] buf) {
        int inRows = outH + kh - 1, images = Math.min(slab, batch - n0);
        for (int c = c0; c < c1; c++) {
            int cb = c * channelStride;
            // Padding rows, the columns of missing images, and the tail.
            Arrays.fill(buf, cb, cb + padH * rowStride, 0f);
            for (int j = padH; j < padH + height; j++) Arrays.fill(buf, cb + j * rowStride + images * imageCols, cb + (j + 1) * rowStride, 0f);
            Arrays.fill(buf, cb + (padH + height) * rowStride, cb + channelStride, 0f);
        }
        // Image by image, so that the source is read in order (images lie C * H * W apart: walking
        // them row by row would hit the same cache sets over and over).
        for (int g = 0; g < images; g++) {
            for (int c = c0; c < c1; c++) {
                int from = ((n0 + g) * channels + c) * height * width;
                int at = c * channelStride + padH * rowStride + g * imageCols;
                for (int iy = 0; iy < height; iy++, at += rowStride, from += width) {
                    // Rows of small images are a few floats: a plain loop beats the calls of arraycopy and fill.
                    for (int i = 0; i < padW; i++) buf[at + i] = 0f;
                    for (int i = 0; i < width; i++) buf[at + padW + i] = src[from + i];
                }
            }
        }
    }

    // ------------------------------------------------------------------ weight gradient

    /**
     * dw (rows x channels*kh*kw, OIHW for a convolution) = sum over the batch of the gradient
     * {@code g} (batch x rows x outH x outW) times the shifted windows of the padded source.
     *
     * <p>Row mode: chunks of the batch's output rows (an even split, in bands) run in parallel, each into its own partial sums
     * in double, added at the end. Slab mode: the slab and its gradient (laid out on the padded grid,
     * zeros in the dropped columns) are filled once, then the tiles of dw are split between tasks,
     * each summing over the whole slab; slabs add up in order, so the sums are deterministic.
     */
    void weight(float[] g, float[] src, float[] dw) {
        int k = reduction();
        int mk = rows * k;
        int[] xoff = offsets();
        int plane = outH * outW;
        if (rowMode || direct) {
            int units = batch * bands;
            // Row mode splits all output rows evenly (not whole bands): a chunk per thread.
            int chunks = Math.max(1, Math.min(Parallel.threads(), direct ? units : batch * outH));
            double[] partials = Scratch.doubles(Scratch.PARTIALS, chunks * mk);
            Parallel.forEach(chunks, c -> {
                int u0 = units * c / chunks, u1 = units * (c + 1) / chunks;
                Arrays.fill(partials, c * mk, (c + 1) * mk, 0.0);
                if (direct) {
                    // All images of the chunk as runs of one call: each tile reduces once.
                    int count = u1 - u0;
                    int[] gRun = Scratch.ints(Scratch.RUNS_G, count), xRun = Scratch.ints(Scratch.RUNS_X, count);
                    for (int i = 0; i < count; i++) {
                        gRun[i] = (u0 + i) * rows * plane;
                        xRun[i] = (u0 + i) * channels * channelStride;
                    }
                    weightProduct(k, g, gRun, plane, src, xRun, xoff, count, partials, c * mk);
                    return;
                }
                // Rows of a band a few at a time, so that all tiles find them in L1; per-lane sums
                // in float over one band, then reduced into the chunk's double sums. The gradient is
                // laid out on the padded grid (zeros in the dropped columns), so that the rows of a
                // pass are one long run: a tile's fixed costs (its sums in and out of memory, the
                // loop set-up) are paid once per pass rather than once per row.
                float[] lanesAcc = Scratch.floats(Scratch.LANE_SUMS, ShiftGemm.laneSumsSize(simd, rows, k));
                Arrays.fill(lanesAcc, 0, ShiftGemm.laneSumsSize(simd, rows, k), 0f);
                int gradStride = Scratch.spread(bandRows * rowStride + lanes);
                // The chunk's share of all output rows of the batch, in bands (or their parts).
                int end = rowSplit(c, chunks);
                for (int at = rowSplit(c - 1, chunks); at < end; ) {
                    // One band: the source and the gradient rows copied onto the padded grid.
                    int n = at / outH, y0 = at % outH, y1 = bandEnd(at, end);
                    at += y1 - y0;
                    float[] pad = Scratch.floats(Scratch.PADDED, channels * channelStride);
                    fill(src, n, y0 - padH, y1 - padH + kh - 1, pad, 0);
                    if (k < GRID_MIN_REDUCTION) {
                        // Few reduction rows: copying the gradient would cost more than it saves; its
                        // rows are read in place, a few runs of one row each per pass.
                        int[] gRun = Scratch.ints(Scratch.RUNS_G, WEIGHT_ROWS), xRun = Scratch.ints(Scratch.RUNS_X, WEIGHT_ROWS);
                        for (int ys = y0; ys < y1; ys += WEIGHT_ROWS) {
                            int runs = Math.min(WEIGHT_ROWS, y1 - ys);
                            for (int y = ys; y < ys + runs; y++) {
                                gRun[y - ys] = n * rows * plane + y * outW;
                                xRun[y - ys] = (y - y0) * rowStride;
                            }
                            ShiftGemm.weightLanes(simd, rows, k, g, gRun, plane, pad, xRun, xoff, runs, vecs, lanesAcc);
                        }
                        ShiftGemm.flushLanes(simd, rows, k, lanesAcc, partials, c * mk);
                        continue;
                    }
                    float[] grad = Scratch.floats(Scratch.GRAD, rows * gradStride);
                    fillGradientRows(g, n, y0, y1, grad, gradStride);
                    int[] gRun = Scratch.ints(Scratch.RUNS_G, 1), xRun = Scratch.ints(Scratch.RUNS_X, 1);
                    // Pieces of one run over the band, disjoint: the gradient is zero past each row and past the band.
                    // Pieces of about equal length (no short last piece paying a tile's fixed costs).
                    int runVecs = ceilDiv((y1 - y0 - 1) * rowStride + outW, lanes);
                    int piece = ceilDiv(runVecs, ceilDiv(runVecs, WEIGHT_PIECE));
                    for (int v0 = 0; v0 < runVecs; v0 += piece) {
                        gRun[0] = xRun[0] = v0 * lanes;
                        ShiftGemm.weightLanes(simd, rows, k, grad, gRun, gradStride, pad, xRun, xoff, 1, Math.min(piece, runVecs - v0), lanesAcc);
                    }
                    ShiftGemm.flushLanes(simd, rows, k, lanesAcc, partials, c * mk);
                }
            });
            for (int i = 0; i < mk; i++) {
                double s = 0;
                for (int c = 0; c < chunks; c++) s += partials[c * mk + i];
                dw[i] = (float) s;
            }
            return;
        }
        double[] sums = Scratch.doubles(Scratch.PARTIALS, mk);
        Arrays.fill(sums, 0, mk, 0.0);
        float[] pad = Scratch.floats(Scratch.SLAB, channels * channelStride);
        int gradStride = Scratch.spread(outH * rowStride + lanes);
        float[] grad = Scratch.floats(Scratch.GRAD_SLAB, rows * gradStride);
        int runVecs = ceilDiv((outH - 1) * rowStride + (slab - 1) * imageCols + outW, lanes);
        // Whole row blocks per task, so that tasks never share a dw element. Each task walks the slab's
        // run a piece at a time (its data in L1 across the tiles), keeping per-lane sums per piece.
        int blocks = ShiftGemm.blocks(rows), tasks = Math.max(1, Math.min(blocks, 4 * Parallel.threads()));
        for (int s = 0; s < slabs; s++) {
            int n0 = s * slab;
            Parallel.forRange(channels, (c0, c1) -> fillSlab(src, n0, c0, c1, pad));
            Parallel.forRange(rows, (m0, m1) -> fillGradientSlab(g, n0, m0, m1, grad, gradStride));
            Parallel.forEach(tasks, t -> {
                int b0 = blocks * t / tasks, b1 = blocks * (t + 1) / tasks;
                int m0 = b0 * ShiftGemm.MR, m1 = Math.min(rows, b1 * ShiftGemm.MR);
                if (m0 >= m1) return;
                float[] lanesAcc = Scratch.floats(Scratch.LANE_SUMS, ShiftGemm.laneSumsSize(simd, m1 - m0, k));
                Arrays.fill(lanesAcc, 0, ShiftGemm.laneSumsSize(simd, m1 - m0, k), 0f);
                int[] gr = Scratch.ints(Scratch.RUNS_G, 1), xr = Scratch.ints(Scratch.RUNS_X, 1);
                for (int v0 = 0; v0 < runVecs; v0 += WEIGHT_PIECE) {
                    gr[0] = m0 * gradStride + v0 * lanes;
                    xr[0] = v0 * lanes;
                    ShiftGemm.weightLanes(simd, m1 - m0, k, grad, gr, gradStride, pad, xr, xoff, 1, Math.min(WEIGHT_PIECE, runVecs - v0), lanesAcc);
                }
                ShiftGemm.flushLanes(simd, m1 - m0, k, lanesAcc, sums, m0 * k);
            });
        }
        for (int i = 0; i < mk; i++) dw[i] = (float) sums[i];
    }

    /** Start of chunk c + 1's share of the batch's output rows (row mode's weight gradient): all rows split evenly. */
    int rowSplit(int c, int chunks) {
        return (int) ((long) batch * outH * (c + 1) / chunks);
    }

    /** End row (within its image) of the band part that starts at global output row {@code at}, stopping at {@code end}. */
    int bandEnd(int at, int end) {
        int y0 = at % outH;
        return Math.min(Math.min(outH, (y0 / bandRows + 1) * bandRows), y0 + end - at);
    }

    /** Adds one product over {@code runs} runs of {@link #vecs} vectors to dw. */
    private void weightProduct(int k, float[] g, int[] gRun, int gStride, float[] x, int[] xRun, int[] xoff, int runs, double[] dw, int dwOff) {
        ShiftGemm.weight(simd, rows, k, g, gRun, gStride, x, xRun, xoff, runs, vecs, dw, dwOff);
    }

    /**
     * Rows [y0, y1) of image n of the gradient on the padded grid of a band: output channel m's
     * row y at {@code buf[m * stride + (y - y0) * rowStride]}, zeros in the dropped columns and up to
     * the end of the channel's stride (a pass's run reads up to a vector past its last row).
     */
    void fillGradientRows(float[] g, int n, int y0, int y1, float[] buf, int stride) {
        for (int m = 0; m < rows; m++) {
            int row = m * stride, from = ((n * rows + m) * outH + y0) * outW;
            for (int y = y0; y < y1; y++, row += rowStride, from += outW) {
                System.arraycopy(g, from, buf, row, outW);
                Arrays.fill(buf, row + outW, row + rowStride, 0f);
            }
            Arrays.fill(buf, row, m * stride + stride, 0f);
        }
    }

    /**
     * Lays rows [m0, m1) of the gradient of the slab of images from n0 out on the padded output
     * grid of the slab: zeros in the dropped columns, for missing images and up to the end of each
     * row's run, so that they add nothing.
     */
    void fillGradientSlab(float[] g, int n0, int m0, int m1, float[] buf, int stride) {
        for (int m = m0; m < m1; m++) {
            int row = m * stride;
            Arrays.fill(buf, row, row + stride, 0f);
            for (int y = 0; y < outH; y++) {
                for (int i = 0; i < slab && n0 + i < batch; i++) {
                    System.arraycopy(g, (((n0 + i) * rows + m) * outH + y) * outW, buf, row + y * rowStride + i * imageCols, outW);
                }
            }
        }
    }
}
