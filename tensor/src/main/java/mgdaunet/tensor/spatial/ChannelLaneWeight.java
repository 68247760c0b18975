package mgdaunet.tensor.spatial;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import mgdaunet.tensor.Parallel;

/**
 * The weight gradient of a stride-1 convolution with output channels in the vector lanes, for
 * 32 or more output channels: dW^T[r][o] += sum over pixels p of gT[p][o] * x[r-window at p].
 *
 * <p>Each pixel contributes one vector load per 16 output channels and one broadcast per reduction
 * row, and the sums stay in their lanes: no horizontal reduction, no per-lane partials. The price
 * is a transposed copy of the output gradient (pixel-major, channels contiguous), the same size as
 * the gradient. The source is padded a band of rows at a time as in {@link ShiftConv}'s row mode:
 * pixel (y, x) of the band at flat index {@code o = y * rowStride + x}, its window at
 * {@code o + ky * rowStride + kx}.
 */
final class ChannelLaneWeight {
    /** Pixels summed into the float sums of a tile before they go into the double sums. */
    private static final int FLUSH_PIXELS = 1024;
    /** Floats of a band's transposed gradient: about 24 KiB, so it stays in L1 across the tiles. */
    private static final int GRADIENT_BUDGET = 6144;
    /** Reduction rows per block of the final sum over chunks: one cache line of dw per output channel. */
    private static final int REDUCE_BLOCK = 16;
    /** Source rows shorter than this are copied with a plain loop rather than a call to arraycopy. */
    private static final int SHORT_ROW = 16;

    final boolean simd;
    final int batch, channels, height, width, kh, kw, padH, padW, rows, outH, outW;
    final int lanes, rowStride, vectors, paddedRows, bandRows, bands, channelStride, k;
    final int[] groupStart, groupVectors; // output-channel vectors of each group of at most 4
    final int[] groupCols, groupAcc;      // reduction rows per tile of each group, and where its sums start
    final int[] channelIndex;             // lane l of a gather: output channel l's plane
    final int accSize;

    /** True when there are enough output channels for the lanes (two vectors or more). */
    static boolean applies(boolean simd, int rows) {
        return rows >= 2 * ShiftGemm.lanes(simd);
    }

    ChannelLaneWeight(boolean simd, int batch, int channels, int height, int width, int kh, int kw, int padH, int padW, int rows) {
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
        this.vectors = ShiftConv.ceilDiv(rows, lanes);
        this.paddedRows = vectors * lanes;
        // Bands of equal height: a short last band would pay a tile's fixed costs for a few pixels.
        int maxRows = Math.max(1, Math.min(outH, GRADIENT_BUDGET / (rowStride * paddedRows)));
        this.bands = ShiftConv.ceilDiv(outH, maxRows);
        this.bandRows = ShiftConv.ceilDiv(outH, bands);
        // The whole image is padded once; its bands read their rows in place.
        int inRows = outH + kh - 1;
        this.channelStride = Scratch.spread(inRows * rowStride + padW + kw);
        this.k = channels * kh * kw;
        // Groups of 4, 3 or 2 vectors (a group of one would load once per FMA).
        int count = 0;
        int[] start = new int[vectors], size = new int[vectors];
        for (int v = 0; v < vectors; ) {
            int left = vectors - v, take = left == 5 ? 3 : Math.min(4, left);
            start[count] = v;
            size[count++] = take;
            v += take;
        }
        this.groupStart = Arrays.copyOf(start, count);
        this.groupVectors = Arrays.copyOf(size, count);
        this.groupCols = new int[count];
        this.groupAcc = new int[count];
        int at = 0;
        for (int gi = 0; gi < count; gi++) {
            groupCols[gi] = cols(groupVectors[gi]);
            groupAcc[gi] = at;
            at += ShiftConv.ceilDiv(k, groupCols[gi]) * groupCols[gi] * groupVectors[gi] * lanes;
        }
        this.accSize = at;
        this.channelIndex = new int[lanes];
        for (int l = 0; l < lanes; l++) channelIndex[l] = l * outH * outW;
    }

    /**
     * Reduction rows per tile of {@code mv} channel vectors: about 24 accumulators, so that each
     * broadcast of a source pixel feeds as many FMAs as the registers allow. Measured in L1 on this
     * machine (GFLOP/s, one thread): 2 x 12 177 against 2 x 6 157, 3 x 8 154 against 3 x 6 141, 4 x 6 201.
     */
    static int cols(int mv) {
        return switch (mv) {
            case 2 -> 12;
            case 3 -> 8;
            default -> 6;
        };
    }

    /** dw (rows x channels*kh*kw) for the gradient g (batch x rows x outH x outW) and the source src. */
    void weight(float[] g, float[] src, float[] dw) {
        int mk = rows * k;
        int[] xoff = Scratch.ints(Scratch.OFFSETS, k);
        for (int c = 0, r = 0; c < channels; c++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) xoff[r++] = c * channelStride + ky * rowStride + kx;
            }
        }
        // Each chunk (one per thread) takes an even share of all output rows of the batch, in bands
        // or parts of bands: whole (image, band) units would leave a thread idle at the end.
        int total = batch * outH;
        int chunks = Math.max(1, Math.min(Parallel.threads(), total));
        double[] partials = Scratch.doubles(Scratch.PARTIALS, chunks * mk);
        Parallel.forEach(chunks, c -> {
            int start = (int) ((long) total * c / chunks), end = (int) ((long) total * (c + 1) / chunks);
            Arrays.fill(partials, c * mk, (c + 1) * mk, 0.0);
            float[] acc = Scratch.floats(Scratch.LANE_SUMS, accSize);
            Arrays.fill(acc, 0, accSize, 0f);
            float[] pad = Scratch.floats(Scratch.PADDED, channels * channelStride);
            // The padding cells are the same for every image: zero them once, then copy only the rows.
            Arrays.fill(pad, 0, channels * channelStride, 0f);
            float[] gt = Scratch.floats(Scratch.GRAD, bandRows * rowStride * paddedRows);
            int[] cols = Scratch.ints(Scratch.TILE_OFFSETS, 12);
            int pending = 0, padded = -1;
            for (int row = start; row < end; ) {
                int n = row / outH, y0 = row % outH;
                int y1 = Math.min(Math.min(outH, (y0 / bandRows + 1) * bandRows), y0 + end - row);
                row += y1 - y0;
                if (n != padded) {
                    fill(src, n, -padH, outH - padH + kh - 1, pad);
                    padded = n;
                }
                transpose(g, n, y0, y1, gt);
                int pixels = (y1 - y0 - 1) * rowStride + outW;
                for (int gi = 0; gi < groupStart.length; gi++) {
                    int kb = groupCols[gi], mv = groupVectors[gi], tile = kb * mv * lanes;
                    for (int r0 = 0, at = groupAcc[gi]; r0 < k; r0 += kb, at += tile) {
                        // Past the last reduction row a tile repeats it: finite, computed, never read back.
                        for (int i = 0; i < kb; i++) cols[i] = xoff[Math.min(r0 + i, k - 1)];
                        product(mv, kb, gt, groupStart[gi] * lanes, pad, y0 * rowStride, cols, pixels, acc, at);
                    }
                }
                pending += pixels;
                if (pending >= FLUSH_PIXELS || row == end) {
                    flush(acc, partials, c * mk);
                    pending = 0;
                }
            }
        });
        // The chunks' sums in parallel, in blocks of 16 reduction rows: each block writes whole runs
        // of dw and reads its rows of the partials while they are in L1 (one thread, walking dw along
        // m for every r, took 6-8% of the call at 8 x 12).
        int blocks = ShiftConv.ceilDiv(k, REDUCE_BLOCK);
        Parallel.forRange(blocks, (b0, b1) -> {
            for (int r0 = b0 * REDUCE_BLOCK, rEnd = Math.min(k, b1 * REDUCE_BLOCK); r0 < rEnd; r0 += REDUCE_BLOCK) {
                int r1 = Math.min(rEnd, r0 + REDUCE_BLOCK);
                for (int m = 0; m < rows; m++) {
                    for (int r = r0; r < r1; r++) {
                        double s = 0;
                        for (int c = 0; c < chunks; c++) s += partials[c * mk + r * rows + m];
                        dw[m * k + r] = (float) s;
                    }
                }
            }
        });
    }

    /** One tile: {@code mv} vectors of output channels from lane {@code m0} on, {@code kb} reduction rows. */
    private void product(int mv, int kb, float[] gt, int m0, float[] pad, int xBase, int[] cols, int pixels, float[] acc, int at) {
        if (simd) {
            switch (mv * 100 + kb) {
                case 406 -> ShiftGemmKernels.weightOut4x6(gt, m0, paddedRows, pad, xBase, cols, pixels, acc, at);
                case 308 -> ShiftGemmKernels.weightOut3x8(gt, m0, paddedRows, pad, xBase, cols, pixels, acc, at);
                case 212 -> ShiftGemmKernels.weightOut2x12(gt, m0, paddedRows, pad, xBase, cols, pixels, acc, at);
                default -> throw new IllegalStateException("no channel-lane weight kernel " + mv + " x " + kb);
            }
            return;
        }
        // Scalar twin: the same sums, lane by lane.
        int width = mv * lanes;
        for (int r = 0; r < kb; r++) {
            for (int j = 0; j < width; j++) {
                float s = acc[at + r * width + j];
                for (int o = 0; o < pixels; o++) s = Math.fma(gt[m0 + o * paddedRows + j], pad[xBase + cols[r] + o], s);
                acc[at + r * width + j] = s;
            }
        }
    }

    /**
     * Moves the float sums into the chunk's double sums, laid out as the tiles are (reduction row
     * major, dwT[dwOff + r * rows + m]) so that this pass runs along both arrays, and clears them.
     */
    private void flush(float[] acc, double[] dw, int dwOff) {
        for (int gi = 0; gi < groupStart.length; gi++) {
            int width = groupVectors[gi] * lanes, m0 = groupStart[gi] * lanes, kb = groupCols[gi];
            for (int r0 = 0, at = groupAcc[gi]; r0 < k; r0 += kb, at += kb * width) {
                for (int i = 0; i < kb && r0 + i < k; i++) {
                    int to = dwOff + (r0 + i) * rows + m0, from = at + i * width;
                    for (int j = 0, jn = Math.min(width, rows - m0); j < jn; j++) dw[to + j] += acc[from + j];
                }
            }
        }
        Arrays.fill(acc, 0, accSize, 0f);
    }

    /**
     * Source rows [r0, r1) of image n into the band buffer, whose padding cells are zero already
     * (cleared once per call): only the rows inside the image are copied, short rows with a plain
     * loop (a call per row of 12 floats made this fill 6% of the call at 8 x 12; rows of 48 copy
     * faster with arraycopy).
     */
    private void fill(float[] src, int n, int r0, int r1, float[] buf) {
        int j0 = Math.max(0, -r0), j1 = Math.min(r1 - r0, height - r0);
        for (int c = 0; c < channels; c++) {
            int cb = c * channelStride + padW, plane = (n * channels + c) * height * width;
            for (int j = j0; j < j1; j++) {
                int from = plane + (r0 + j) * width, to = cb + j * rowStride;
                if (width >= SHORT_ROW) System.arraycopy(src, from, buf, to, width);
                else for (int x = 0; x < width; x++) buf[to + x] = src[from + x];
            }
        }
    }

    /**
     * {@link #transpose} with one gather per pixel and vector of output channels (lanes a plane
     * apart), for output channels in whole vectors: the scalar loop's scattered stores cost more
     * than a tenth of the weight gradient at 32 output channels.
     */
    private void transposeVector(float[] g, int n, int y0, int y1, float[] gt) {
        int plane = outH * outW;
        for (int y = y0; y < y1; y++) {
            int row = (y - y0) * rowStride * paddedRows;
            for (int v = 0; v < vectors; v++) {
                int from = ((n * rows + v * lanes) * outH + y) * outW;
                for (int x = 0, to = row + v * lanes; x < outW; x++, to += paddedRows) {
                    FloatVector.fromArray(ShiftGemmKernels.S, g, from + x, channelIndex, 0).intoArray(gt, to);
                }
            }
            Arrays.fill(gt, row + outW * paddedRows, row + rowStride * paddedRows, 0f);
        }
    }

    /**
     * Rows [y0, y1) of image n of the gradient, pixel-major: gt[o * paddedRows + m] for band pixel
     * o = (y - y0) * rowStride + x, zeros in the dropped columns and past the output channels.
     */
    private void transpose(float[] g, int n, int y0, int y1, float[] gt) {
        if (simd && rows % lanes == 0) {
            transposeVector(g, n, y0, y1, gt);
            return;
        }
        int pixels = (y1 - y0) * rowStride;
        Arrays.fill(gt, 0, pixels * paddedRows, 0f);
        for (int m = 0; m < rows; m++) {
            int plane = (n * rows + m) * outH * outW;
            for (int y = y0; y < y1; y++) {
                int from = plane + y * outW, to = (y - y0) * rowStride * paddedRows + m;
                for (int x = 0; x < outW; x++, to += paddedRows) gt[to] = g[from + x];
            }
        }
    }
}
