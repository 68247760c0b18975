package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;

/**
 * Stride-1 convolution by the shifted GEMM ({@link ShiftGemm}), with any kernel size and any
 * padding below the kernel size: the forward pass, and through it the input gradient (a stride-1
 * convolution of the padded output gradient with the flipped, transposed weights), and the weight
 * gradient.
 *
 * <p>The source image is copied, a band of rows at a time, into a flat zero-padded layout whose
 * rows lie {@code W + padW} apart: the left padding of a row is the right padding of the row above,
 * so one zero gap serves both. Output pixel {@code (y, x)} of the band then sits at flat index
 * {@code o = y * rowStride + x} and reads its window at {@code o + ky * rowStride + kx}: a constant
 * shift per kernel tap. The {@code padW} columns past the output width are computed and dropped.
 *
 * <p>When the output width is a whole number of vectors, output rows are runs of whole vectors
 * written straight into place ("row mode"; rows of 1 to 3 vectors go 6, 3 or 2 to a tile);
 * otherwise the band is one flat run computed into a scratch buffer and cropped into place ("flat
 * mode").
 */
final class ShiftConv {
    // Geometry of the source and the product.
    final boolean simd;
    final int batch, channels, height, width, kh, kw, padH, padW, rows, outH, outW;
    // Layout: rows of the padded source lie rowStride apart; a band of bandRows output rows per task.
    final int lanes, rowStride, bandRows, bands, channelStride;
    final boolean rowMode, direct;
    final int vecs;       // vectors per run: one output row (row mode) or one band (flat mode)
    final int segment;    // row mode: vectors per row when a tile takes several rows (1 to 3), else 0
    final int outStride;  // flat mode: floats per output row in the scratch (vecs * lanes)

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
        this.rowStride = width + padW;
        this.bands = chooseBands(batch, outH);
        this.bandRows = (outH + bands - 1) / bands;
        // A 1x1 kernel without padding over whole vectors reads the source and writes the output in place.
        this.direct = kh == 1 && kw == 1 && bands == 1 && (outH * outW) % lanes == 0;
        int flatVecs = direct ? outH * outW / lanes : ceilDiv((bandRows - 1) * rowStride + outW, lanes);
        int rowVecs = outW / lanes;
        double rowCost = Double.MAX_VALUE;
        if (!direct && outW % lanes == 0) {
            // Rows of 1-3 vectors share 4 x 6 tiles (segments run about 5% slower than one contiguous run).
            rowCost = bandRows * (rowVecs <= 3 ? rowVecs / (ShiftGemm.NV * 0.95) : ShiftGemm.runCost(rowVecs));
        }
        // Flat mode pays for the crop pass too.
        this.rowMode = rowCost <= 1.08 * ShiftGemm.runCost(flatVecs);
        this.segment = rowMode && rowVecs <= 3 ? rowVecs : 0;
        this.vecs = rowMode ? rowVecs : flatVecs;
        this.outStride = vecs * lanes;
        int inRows = bandRows + kh - 1;
        int readEnd = (rowMode ? (bandRows - 1) * rowStride + outW : vecs * lanes) + (kh - 1) * rowStride + kw - 1;
        this.channelStride = direct ? height * width : ceilDiv(Math.max(inRows * rowStride + padW, readEnd), lanes) * lanes;
    }

    // Enough tasks for an even spread over the pool, bands no thinner than 8 rows.
    private static int chooseBands(int batch, int outH) {
        int want = ceilDiv(8 * Parallel.threads(), Math.max(1, batch));
        return Math.max(1, Math.min(want, outH / 8));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Reduction length: channels x kernel taps. */
    int reduction() {
        return channels * kh * kw;
    }

    /** The tap offsets of the reduction rows (c, ky, kx) in the padded layout, into {@code xoff}. */
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
     * dst (batch x rows x outH x outW) = the product of {@code packed} (packed for {@link #tile}
     * rows, bias included) with the padded source {@code src} (batch x channels x height x width).
     */
    void forward(float[] src, float[] packed, float[] dst) {
        int k = reduction();
        int[] xoff = offsets();
        int blocks = ShiftGemm.blocks(rows);
        // Small images leave too few (image, band) tasks: split the output rows into groups as well.
        int groups = Math.max(1, Math.min(blocks, ceilDiv(8 * Parallel.threads(), Math.max(1, batch * bands))));
        int tasks = batch * bands * groups;
        Parallel.forEach(tasks, t -> {
            int n = t / (bands * groups), band = t / groups % bands, group = t % groups;
            int b0 = blocks * group / groups, b1 = blocks * (group + 1) / groups;
            int y0 = band * bandRows, y1 = Math.min(outH, y0 + bandRows);
            if (y0 >= y1) return;
            int imageOut = n * rows * outH * outW;
            if (direct) {
                ShiftGemm.forward(simd, b0, b1, rows, k, packed, 0, src, n * channels * channelStride, xoff, vecs, dst, imageOut, outH * outW);
                return;
            }
            float[] pad = Scratch.floats(Scratch.PADDED, channels * channelStride);
            fillBand(src, n, y0, y1, pad, 0);
            if (segment > 0) {
                ShiftGemm.forwardSegments(simd, segment, y1 - y0, b0, b1, rows, k, packed, pad, 0, rowStride, xoff,
                        dst, imageOut + y0 * outW, outW, outH * outW);
            } else if (rowMode) {
                for (int y = y0; y < y1; y++) {
                    ShiftGemm.forward(simd, b0, b1, rows, k, packed, 0, pad, (y - y0) * rowStride, xoff, vecs, dst, imageOut + y * outW, outH * outW);
                }
            } else {
                int m0 = b0 * ShiftGemm.MR, m1 = Math.min(rows, b1 * ShiftGemm.MR);
                float[] out = Scratch.floats(Scratch.OUT, (m1 - m0) * outStride);
                // Row block b lands at (b - b0) * MR rows into the scratch.
                ShiftGemm.forward(simd, b0, b1, rows, k, packed, 0, pad, 0, xoff, vecs, out, -m0 * outStride, outStride);
                for (int m = m0; m < m1; m++) {
                    for (int y = y0; y < y1; y++) {
                        System.arraycopy(out, (m - m0) * outStride + (y - y0) * rowStride, dst, imageOut + (m * outH + y) * outW, outW);
                    }
                }
            }
        });
    }

    /**
     * Copies the source rows that output rows [y0, y1) of image n read into the padded layout at
     * {@code buf[base..]}, writing every cell the kernels read (zeros outside the image).
     */
    void fillBand(float[] src, int n, int y0, int y1, float[] buf, int base) {
        int inRows = (y1 - y0) + kh - 1;
        for (int c = 0; c < channels; c++) {
            int cb = base + c * channelStride;
            int plane = (n * channels + c) * height * width;
            Arrays.fill(buf, cb, cb + padW, 0f);
            for (int j = 0; j < inRows; j++) {
                int iy = y0 - padH + j;
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

    // ------------------------------------------------------------------ weight gradient

    /**
     * dw (rows x channels*kh*kw, OIHW for a convolution) = sum over the batch of the gradient
     * {@code g} (batch x rows x outH x outW) times the shifted windows of the padded source
     * {@code src}. Chunks of the (image, band) units run in parallel, each into its own partial
     * sums in double; the partials are added at the end.
     */
    void weight(float[] g, float[] src, float[] dw) {
        int k = reduction();
        int mk = rows * k;
        int[] xoff = offsets();
        int[] taps = null;
        if (kw == 3) {
            taps = Scratch.ints(Scratch.TAPS, channels * kh);
            for (int t = 0; t < channels * kh; t++) taps[t] = xoff[3 * t];
        }
        int[] tapRows = taps;
        int units = batch * bands;
        int chunks = Math.max(1, Math.min(Parallel.threads(), units));
        double[] partials = Scratch.doubles(Scratch.PARTIALS, chunks * mk);
        // Each tile reduces its sums once per group: several small bands share one reduction.
        int perUnit = channels * channelStride + rows * outStride;
        int group = rowMode ? 1 : direct ? units : Math.max(1, Math.min(units, GROUP_BUDGET / perUnit));
        Parallel.forEach(chunks, c -> {
            int u0 = units * c / chunks, u1 = units * (c + 1) / chunks;
            Arrays.fill(partials, c * mk, (c + 1) * mk, 0.0);
            for (int u = u0; u < u1; u += group) weightGroup(g, src, u, Math.min(group, u1 - u), xoff, tapRows, k, partials, c * mk);
        });
        for (int i = 0; i < mk; i++) {
            double s = 0;
            for (int c = 0; c < chunks; c++) s += partials[c * mk + i];
            dw[i] = (float) s;
        }
    }

    /**
     * Adds one group's product to dw, through the tap-row kernels when the kernel is three columns
     * wide ({@code taps}: the offsets of its (channel, ky) rows, every third reduction-row offset).
     */
    private void weightProduct(int k, float[] g, int[] gRun, int gStride, float[] x, int[] xRun, int[] xoff, int[] taps, int runs,
                               double[] dw, int dwOff) {
        if (taps != null) {
            ShiftGemm.weightTaps(simd, rows, channels * kh, g, gRun, gStride, x, xRun, taps, xoff, runs, vecs, dw, dwOff);
        } else {
            ShiftGemm.weight(simd, rows, k, g, gRun, gStride, x, xRun, xoff, runs, vecs, dw, dwOff);
        }
    }

    /** Floats of padded copies a weight-gradient group may hold (about 1 MiB: within L2). */
    private static final int GROUP_BUDGET = 1 << 18;

    /** Adds the weight gradient of units [u0, u0 + count) to {@code dw[dwOff..]}. */
    private void weightGroup(float[] g, float[] src, int u0, int count, int[] xoff, int[] taps, int k, double[] dw, int dwOff) {
        int plane = outH * outW;
        if (direct) {
            int[] gRun = Scratch.ints(Scratch.RUNS_G, count), xRun = Scratch.ints(Scratch.RUNS_X, count);
            for (int i = 0; i < count; i++) {
                gRun[i] = (u0 + i) * rows * plane;
                xRun[i] = (u0 + i) * channels * channelStride;
            }
            weightProduct(k, g, gRun, plane, src, xRun, xoff, taps, count, dw, dwOff);
        } else if (rowMode) {
            // One band: the gradient rows are read in place, the source from its padded copy.
            int n = u0 / bands, y0 = u0 % bands * bandRows, y1 = Math.min(outH, y0 + bandRows);
            if (y0 >= y1) return;
            float[] pad = Scratch.floats(Scratch.PADDED, channels * channelStride);
            fillBand(src, n, y0, y1, pad, 0);
            int runs = y1 - y0;
            int[] gRun = Scratch.ints(Scratch.RUNS_G, runs), xRun = Scratch.ints(Scratch.RUNS_X, runs);
            for (int y = y0; y < y1; y++) {
                gRun[y - y0] = n * rows * plane + y * outW;
                xRun[y - y0] = (y - y0) * rowStride;
            }
            weightProduct(k, g, gRun, plane, pad, xRun, xoff, taps, runs, dw, dwOff);
        } else {
            // Flat mode: each band padded, its gradient laid out on the padded grid with zeros in the dropped columns.
            int perPad = channels * channelStride, perGrad = rows * outStride;
            float[] pad = Scratch.floats(Scratch.PADDED, count * perPad);
            float[] grad = Scratch.floats(Scratch.GRAD, count * perGrad);
            int[] gRun = Scratch.ints(Scratch.RUNS_G, count), xRun = Scratch.ints(Scratch.RUNS_X, count);
            int runs = 0;
            for (int i = 0; i < count; i++) {
                int u = u0 + i, n = u / bands, y0 = u % bands * bandRows, y1 = Math.min(outH, y0 + bandRows);
                if (y0 >= y1) continue;
                fillBand(src, n, y0, y1, pad, runs * perPad);
                fillGradient(g, n, y0, y1, grad, runs * perGrad);
                gRun[runs] = runs * perGrad;
                xRun[runs] = runs * perPad;
                runs++;
            }
            weightProduct(k, grad, gRun, outStride, pad, xRun, xoff, taps, runs, dw, dwOff);
        }
    }

    /**
     * Lays rows [y0, y1) of image n of the gradient out on the band's padded output grid: zeros in
     * the dropped columns and up to the end of the run, so that they add nothing.
     */
    void fillGradient(float[] g, int n, int y0, int y1, float[] buf, int base) {
        for (int m = 0; m < rows; m++) {
            int row = base + m * outStride;
            int plane = (n * rows + m) * outH * outW;
            for (int y = y0; y < y1; y++) {
                int at = row + (y - y0) * rowStride;
                System.arraycopy(g, plane + y * outW, buf, at, outW);
                Arrays.fill(buf, at + outW, y + 1 < y1 ? at + rowStride : row + outStride, 0f);
            }
        }
    }
}
