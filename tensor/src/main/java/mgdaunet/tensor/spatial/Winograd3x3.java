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
    final ShiftGemm.Tile tile;

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
        // Bands: enough for an even spread, quarter planes of a band within about 1 MiB.
        int perRow = channels * 4 * rowStride;
        int byCache = Math.max(1, (1 << 18) / Math.max(1, perRow) - 1);
        int byTasks = Math.max(1, tileRows / (4 * Parallel.threads()));
        this.bandTiles = Math.max(1, Math.min(byCache, byTasks));
        this.bands = ShiftConv.ceilDiv(tileRows, bandTiles);
        int bandSlots = bandTiles * rowStride;
        this.planeStride = ShiftConv.ceilDiv((bandTiles + 1) * rowStride + lanes + 2, lanes) * lanes;
        // Slot blocks: transformed tiles and products of a block within about 512 KiB.
        int vecs = (1 << 17) / (16 * (channels + rows) * lanes);
        int maxVecs = rowMode ? batch * tileRows * (tileCols / lanes) : ShiftConv.ceilDiv(bandSlots, lanes);
        this.blockVecs = Math.max(1, Math.min(Math.min(vecs, 12), maxVecs));
        this.tile = ShiftGemm.chooseTile(rows, blockVecs, false);
    }

    /**
     * The 16 transformed filters U[e] (rows x channels each), packed for {@link #tile} one after the
     * other. Weights are {@code w[row][channel][3][3]} (OIHW), or with {@code flippedTransposed}
     * {@code w[channel][row][3][3]} mirrored: the input gradient's kernel. The bias (length rows, may
     * be null) goes into element e = 5 = (1, 1), which A^T M A adds to all four outputs of a tile.
     */
    float[] packFilters(float[] w, float[] bias, boolean flippedTransposed) {
        int mr = tile.mr(), one = ShiftGemm.packedSize(rows, channels, mr);
        float[] packed = Scratch.floats(Scratch.PACKED, 16 * one);
        double[] u = new double[16];
        int blocks = tile.blocks(rows);
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < mr; i++) {
                int row = b * mr + i;
                for (int e = 0; e < 16; e++) {
                    packed[e * one + ShiftGemm.blockOffset(b, channels, mr) + i] = e == 5 && row < rows && bias != null ? bias[row] : 0f;
                }
                for (int c = 0; c < channels; c++) {
                    if (row < rows) {
                        int g = flippedTransposed ? (c * rows + row) * 9 : (row * channels + c) * 9;
                        WinogradTransforms.filter(w, g, flippedTransposed, u);
                    } else {
                        Arrays.fill(u, 0);
                    }
                    for (int e = 0; e < 16; e++) packed[e * one + ShiftGemm.blockOffset(b, channels, mr) + mr + c * mr + i] = (float) u[e];
                }
            }
        }
        return packed;
    }

    /** dst (batch x rows x height x width) = the convolution of src (batch x channels x height x width). */
    void forward(float[] src, float[] packed, float[] dst) {
        int slots = blockVecs * lanes;
        int[] xoff = Scratch.ints(Scratch.OFFSETS, channels);
        for (int c = 0; c < channels; c++) xoff[c] = c * slots;
        Parallel.forEach(bands, band -> {
            int ty0 = band * bandTiles, ty1 = Math.min(tileRows, ty0 + bandTiles);
            float[] q = Scratch.floats(Scratch.PADDED, channels * 4 * planeStride);
            fillQuarters(src, ty0, ty1, q);
            float[] v = Scratch.floats(Scratch.TRANSFORMED, 16 * channels * slots);
            float[] m = Scratch.floats(Scratch.PRODUCTS, 16 * rows * slots);
            if (rowMode) {
                int perRow = tileCols / lanes, total = (ty1 - ty0) * batch * perRow;
                for (int i0 = 0; i0 < total; i0 += blockVecs) {
                    int count = Math.min(blockVecs, total - i0);
                    for (int i = 0; i < count; i++) {
                        WinogradTransforms.input(simd, channels, q, rowModeSlot(i0 + i, ty0), planeStride, rowStride, v, i * lanes,
                                channels * slots, slots, lanes);
                    }
                    multiply(packed, v, m, xoff, count);
                    for (int i = 0; i < count; i++) {
                        int j = i0 + i, vx = j % perRow, g = j / perRow % batch, ty = ty0 + j / perRow / batch;
                        int at = ((g * rows) * height + 2 * ty) * width + 2 * vx * lanes;
                        WinogradTransforms.output(simd, true, rows, m, i * lanes, rows * slots, slots, dst, at, height * width, width, lanes);
                    }
                }
            } else {
                int bandSlots = (ty1 - ty0) * rowStride;
                float[] y = Scratch.floats(Scratch.OUT, 4 * rows * slots);
                for (int s0 = 0; s0 < bandSlots; s0 += slots) {
                    int width = Math.min(slots, bandSlots - s0);
                    int count = ShiftConv.ceilDiv(width, lanes);
                    WinogradTransforms.input(simd, channels, q, s0, planeStride, rowStride, v, 0, channels * slots, slots, count * lanes);
                    multiply(packed, v, m, xoff, count);
                    WinogradTransforms.output(simd, false, rows, m, 0, rows * slots, slots, y, 0, rows * slots, 0, count * lanes);
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

    /** The 16 GEMMs of one block: M[e] (rows x count vectors) = U[e] V[e]. */
    private void multiply(float[] packed, float[] v, float[] m, int[] xoff, int count) {
        int slots = blockVecs * lanes, one = ShiftGemm.packedSize(rows, channels, tile.mr()), blocks = tile.blocks(rows);
        for (int e = 0; e < 16; e++) {
            ShiftGemm.forward(simd, tile, 0, blocks, rows, channels, packed, e * one, v, e * channels * slots, xoff, count,
                    m, e * rows * slots, slots);
        }
    }

    /** Writes the outputs of slots [s0, s0 + count) of the band starting at tile row ty0 into dst, dropping non-tiles and overhang. */
    private void scatter(float[] y, int slots, int ty0, int s0, int count, float[] dst) {
        int plane = height * width, ab = rows * slots;
        int s = s0, end = s0 + count;
        while (s < end) {
            int ty = ty0 + s / rowStride, rem = s % rowStride, g = rem / slotCols, tx = rem % slotCols;
            int run = Math.min(end - s, slotCols - tx); // slots left in this image's part of the tile row
            int real = Math.min(run, tileCols - tx);
            int oy = 2 * ty;
            for (int o = 0; o < rows; o++) {
                int src = o * slots + (s - s0);
                int base = (g * rows + o) * plane;
                for (int a = 0; a < 2 && oy + a < height; a++) {
                    int row = base + (oy + a) * width;
                    for (int t = 0; t < real; t++) {
                        int ox = 2 * (tx + t);
                        dst[row + ox] = y[(2 * a) * ab + src + t];
                        if (ox + 1 < width) dst[row + ox + 1] = y[(2 * a + 1) * ab + src + t];
                    }
                }
            }
            s += run;
        }
    }

    /** Builds the quarter planes for tile rows [ty0, ty1): quarter rows ty0..ty1 of every channel and image, zeros outside. */
    void fillQuarters(float[] src, int ty0, int ty1, float[] q) {
        int quarterRows = ty1 - ty0 + 1;
        for (int c = 0; c < channels; c++) {
            for (int a = 0; a < 2; a++) {
                for (int k = 0; k < quarterRows; k++) {
                    int r = 2 * (ty0 + k) + a - 1; // input row of padded row 2 * k + a
                    for (int b = 0; b < 2; b++) {
                        int plane = (c * 4 + a * 2 + b) * planeStride + k * rowStride;
                        for (int g = 0; g < batch; g++) {
                            int at = plane + g * slotCols;
                            if (r < 0 || r >= height) {
                                Arrays.fill(q, at, at + slotCols, 0f);
                                continue;
                            }
                            int row = ((g * channels + c) * height + r) * width;
                            for (int kc = 0; kc < slotCols; kc++) {
                                int x = 2 * kc + b - 1;
                                q[at + kc] = x >= 0 && x < width ? src[row + x] : 0f;
                            }
                        }
                    }
                }
            }
            for (int ab = 0; ab < 4; ab++) {
                int plane = (c * 4 + ab) * planeStride;
                Arrays.fill(q, plane + quarterRows * rowStride, plane + planeStride, 0f);
            }
        }
    }
}
