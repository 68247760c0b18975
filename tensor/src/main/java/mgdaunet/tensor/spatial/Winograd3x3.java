package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;

/**
 * 3x3, stride-1, padding-1 convolution by Winograd's F(2x2, 3x3): each 2x2 output tile from a 4x4
 * input tile with 16 multiplications per channel pair instead of 36, a 2.25-fold cut of the
 * arithmetic of the channel-heavy layers. Transform the input tiles (V = B^T d B), multiply in the
 * transformed domain (16 GEMMs: M[e] = U[e] V[e] over channels, U = G g G^T the transformed
 * filters), transform back (Y = A^T M A); see {@link WinogradTransforms}.
 *
 * <p>Layout: the images of the batch lie side by side in four "quarter planes" per channel (the
 * zero-padded image split by row and column parity), {@code tileCols + 1} quarter columns per image.
 * A tile "slot" s = ty * rowStride + image * (tileCols + 1) + tx then reads its 4x4 input at
 * constant offsets from s in the four planes, so one vector of consecutive slots transforms at once,
 * across image boundaries; the one slot column per image that is no tile is computed and dropped.
 * When a tile row is a whole number of vectors ("row mode"), only real tiles are computed and the
 * output transform writes straight into the output rows.
 *
 * <p>Tasks are bands of tile rows; each builds the quarter planes of its rows, then runs blocks of
 * slot vectors through transform, GEMM and inverse transform in cache-sized scratch buffers.
 */
final class Winograd3x3 {
    final boolean simd;
    final int batch, channels, height, width, rows;
    final int lanes, tileRows, tileCols, rowStride, slotCols;
    final boolean rowMode;
    final int bands, bandTiles, planeStride, blockVecs;
    final int slots, vStride, mStride; // slots per block; floats per transform element e of V and of M

    /** True when the geometry is a 3x3 stride-1 padding-1 convolution, the only one this computes. */
    static boolean applies(int kh, int kw, int padH, int padW) {
        return kh == 3 && kw == 3 && padH == 1 && padW == 1;
    }

    /**
     * Plans the product of a batch x channels x height x width source (3x3 kernel, padding 1) into
     * {@code rows} output channels of the same size.
     */
    Winograd3x3(boolean simd, int batch, int channels, int height, int width, int rows) {
        this.simd = simd;
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.rows = rows;
        this.lanes = ShiftGemm.lanes(simd);
        this.tileRows = (height + 1) / 2;
        this.tileCols = (width + 1) / 2;
        this.slotCols = tileCols + 1;
        this.rowStride = batch * slotCols;
        this.rowMode = height % 2 == 0 && width % 2 == 0 && tileCols % lanes == 0;
        // Bands: two per thread, quarter planes of a band within about 2 MiB. A band of T tile rows
        // fills T + 1 quarter rows, so single-row bands padded every row twice (measured, one thread:
        // 2-row bands 5-10% faster at 16 x 24 with 48-112 channels).
        int perRow = channels * 4 * rowStride;
        int byCache = Math.max(1, (1 << 19) / Math.max(1, perRow) - 1);
        int byTasks = Math.max(1, tileRows / (2 * Parallel.threads()));
        this.bandTiles = Math.max(1, Math.min(byCache, byTasks));
        this.bands = ShiftConv.ceilDiv(tileRows, bandTiles);
        int bandSlots = bandTiles * rowStride;
        this.planeStride = Scratch.spread((bandTiles + 1) * rowStride + lanes + 2);
        // Slot blocks: whole 6-vector GEMM tiles, transformed tiles and products within about 512 KiB.
        int vecs = (1 << 17) / (16 * (channels + rows) * lanes) / ShiftGemm.NV * ShiftGemm.NV;
        int maxVecs = rowMode ? batch * tileRows * (tileCols / lanes) : ShiftConv.ceilDiv(bandSlots, lanes);
        this.blockVecs = Math.max(1, Math.min(Math.max(vecs, ShiftGemm.NV), Math.min(2 * ShiftGemm.NV, maxVecs)));
        this.slots = blockVecs * lanes;
        this.vStride = Scratch.spread(channels * slots);
        this.mStride = Scratch.spread(rows * slots);
    }

    /**
     * The 16 transformed filters U[e] (rows x channels each), packed one after the
     * other. Weights are {@code w[row][channel][3][3]} (OIHW), or with {@code flippedTransposed}
     * {@code w[channel][row][3][3]} mirrored: the input gradient's kernel. The bias (length rows, may
     * be null) goes into element e = 5 = (1, 1), which A^T M A adds to all four outputs of a tile.
     */
    float[] packFilters(float[] w, float[] bias, boolean flippedTransposed) {
        int mr = ShiftGemm.MR, one = ShiftGemm.packedSize(rows, channels);
        float[] packed = Scratch.floats(Scratch.PACKED, 16 * one);
        Parallel.forRange(ShiftGemm.blocks(rows), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int block = ShiftGemm.blockOffset(b, channels);
                for (int i = 0; i < mr; i++) {
                    int row = b * mr + i;
                    for (int e = 0; e < 16; e++) packed[e * one + block + i] = e == 5 && row < rows && bias != null ? bias[row] : 0f;
                    for (int c = 0; c < channels; c++) {
                        int at = block + mr + c * mr + i;
                        if (row < rows) {
                            int g = flippedTransposed ? (c * rows + row) * 9 : (row * channels + c) * 9;
                            WinogradTransforms.filter(w, g, flippedTransposed, packed, at, one);
                        } else {
                            for (int e = 0; e < 16; e++) packed[e * one + at] = 0f;
                        }
                    }
                }
            }
        });
        return packed;
    }

    /**
     * dst (batch x rows x height x width) = the convolution of src (batch x channels x height x
     * width); with {@code relu}, max(0, .) of it, applied in the output transform.
     */
    void forward(float[] src, float[] packed, float[] dst, boolean relu) {
        int[] xoff = Scratch.ints(Scratch.OFFSETS, channels);
        for (int c = 0; c < channels; c++) xoff[c] = c * slots;
        Parallel.forEach(bands, band -> {
            int ty0 = band * bandTiles, ty1 = Math.min(tileRows, ty0 + bandTiles);
            float[] q = Scratch.floats(Scratch.PADDED, channels * 4 * planeStride);
            fillQuarters(src, ty0, ty1, q);
            float[] v = Scratch.floats(Scratch.TRANSFORMED, 16 * vStride);
            float[] m = Scratch.floats(Scratch.PRODUCTS, 16 * mStride);
            if (rowMode) {
                int perRow = tileCols / lanes, total = (ty1 - ty0) * batch * perRow;
                for (int i0 = 0; i0 < total; i0 += blockVecs) {
                    int count = Math.min(blockVecs, total - i0);
                    for (int i = 0; i < count; i++) {
                        WinogradTransforms.input(simd, channels, q, rowModeSlot(i0 + i, ty0), planeStride, rowStride, v, i * lanes,
                                vStride, slots, lanes);
                    }
                    multiply(packed, v, m, xoff, count);
                    for (int i = 0; i < count; i++) {
                        int j = i0 + i, vx = j % perRow, g = j / perRow % batch, ty = ty0 + j / perRow / batch;
                        int at = ((g * rows) * height + 2 * ty) * width + 2 * vx * lanes;
                        WinogradTransforms.output(simd, true, relu, rows, m, i * lanes, mStride, slots, dst, at, height * width, width, lanes);
                    }
                }
            } else {
                int bandSlots = (ty1 - ty0) * rowStride;
                // Output rows in slot order, both pixels of a tile side by side: 2 rows x 2 * slots per channel.
                float[] y = Scratch.floats(Scratch.OUT, 4 * rows * slots);
                for (int s0 = 0; s0 < bandSlots; s0 += slots) {
                    int width = Math.min(slots, bandSlots - s0);
                    int count = ShiftConv.ceilDiv(width, lanes);
                    WinogradTransforms.input(simd, channels, q, s0, planeStride, rowStride, v, 0, vStride, slots, count * lanes);
                    multiply(packed, v, m, xoff, count);
                    WinogradTransforms.output(simd, true, relu, rows, m, 0, mStride, slots, y, 0, 4 * slots, 2 * slots, count * lanes);
                    scatter(y, slots, ty0, s0, width, dst);
                }
            }
        });
    }

    /** Band-relative slot of the j-th whole vector of real tiles (tile row, image, vector of the row). */
    private int rowModeSlot(int j, int ty0) {
        int perRow = tileCols / lanes;
        int vx = j % perRow, g = j / perRow % batch, ty = j / perRow / batch;
        return ty * rowStride + g * slotCols + vx * lanes;
    }

    /** The 16 GEMMs of one block: M[e] (rows x count vectors) = U[e] V[e], each over all channels in one pass (see ShiftConv's chunk). */
    private void multiply(float[] packed, float[] v, float[] m, int[] xoff, int count) {
        int one = ShiftGemm.packedSize(rows, channels), blocks = ShiftGemm.blocks(rows);
        for (int e = 0; e < 16; e++) {
            ShiftGemm.forward(simd, 0, blocks, rows, channels, channels, packed, e * one, v, e * vStride, xoff, count, m, e * mStride, slots);
        }
    }

    /**
     * Copies the outputs of slots [s0, s0 + count) of the band starting at tile row ty0 from the
     * zipped rows {@code y} into dst: one copy per image segment of a tile row, dropping the slot
     * that is no tile and the overhang of odd sizes.
     */
    private void scatter(float[] y, int slots, int ty0, int s0, int count, float[] dst) {
        int plane = height * width;
        int s = s0, end = s0 + count;
        while (s < end) {
            int ty = ty0 + s / rowStride, rem = s % rowStride, g = rem / slotCols, tx = rem % slotCols;
            int run = Math.min(end - s, slotCols - tx); // slots left in this image's part of the tile row
            int pixels = Math.min(2 * Math.min(run, tileCols - tx), width - 2 * tx);
            if (pixels > 0) {
                for (int o = 0; o < rows; o++) {
                    int from = o * 4 * slots + 2 * (s - s0), to = (g * rows + o) * plane + 2 * ty * width + 2 * tx;
                    System.arraycopy(y, from, dst, to, pixels);
                    if (2 * ty + 1 < height) System.arraycopy(y, from + 2 * slots, dst, to + width, pixels);
                }
            }
            s += run;
        }
    }

    /**
     * Builds the quarter planes for tile rows [ty0, ty1): quarter rows ty0..ty1 of every channel and
     * image, zeros outside the image. Padded column 2k + b is input column 2k + b - 1, so the odd
     * input columns fill the even-column plane from its second column and the even ones the
     * odd-column plane from its first: one unzip per input row.
     */
    void fillQuarters(float[] src, int ty0, int ty1, float[] q) {
        int quarterRows = ty1 - ty0 + 1, pairs = width / 2;
        boolean odd = width % 2 == 1;
        // In address order within each plane (channel, quarter row, image), so that the whole vectors of
        // WinogradTransforms.unzipSpilling, which run past an image's columns, land on cells written later.
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < quarterRows; k++) {
                for (int g = 0; g < batch; g++) {
                    int plane = (g * channels + c) * height * width;
                    for (int a = 0; a < 2; a++) {
                        int r = 2 * (ty0 + k) + a - 1; // input row of padded row 2 * k + a
                        int e = (c * 4 + a * 2) * planeStride + k * rowStride + g * slotCols, o = e + planeStride;
                        if (r < 0 || r >= height) {
                            Arrays.fill(q, e, e + slotCols, 0f);
                            Arrays.fill(q, o, o + slotCols, 0f);
                            continue;
                        }
                        int row = plane + r * width;
                        WinogradTransforms.unzipSpilling(simd, src, row, pairs, q, o, q, e + 1);
                        q[e] = 0f;
                        if (odd) {
                            // One more tile column hangs over: its last input column and the padding after it.
                            q[o + pairs] = src[row + width - 1];
                            q[o + pairs + 1] = 0f;
                            q[e + pairs + 1] = 0f;
                        } else {
                            q[o + pairs] = 0f;
                        }
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int ab = 0; ab < 4; ab++) {
                int plane = (c * 4 + ab) * planeStride;
                Arrays.fill(q, plane + quarterRows * rowStride, plane + planeStride, 0f);
            }
        }
    }
}
