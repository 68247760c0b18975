package mgdaunet.tensor.spatial;

import java.util.Arrays;
import java.util.function.IntConsumer;
import mgdaunet.tensor.Parallel;

/**
 * Convolution of any stride and padding through im2col columns and the shifted GEMM with plain
 * row offsets: the forward pass, the input gradient (GEMM into columns, then col2im), the weight
 * gradient. Strided convolutions are small in a U-Net (the heads, transposed convolutions), so
 * their column copies cost little.
 *
 * <p>The columns of a group of images lie side by side: row (c, ky, kx) holds the pixels of every
 * image of the group one after the other, so that the GEMM runs over long rows of whole 4 x 6
 * tiles even when an image has few output pixels (a 4 x 6 map has 24). Each step fills the shared
 * columns in parallel (by images), then multiplies in parallel (by row blocks and column ranges).
 */
final class Im2colConv {
    /** Floats of side-by-side columns a group of images may take (8 MiB). */
    private static final int BUDGET = 1 << 21;

    final boolean simd;
    final ConvGeometry g;
    final int lanes, pixels, k;
    final int group, groups;   // images side by side per group, groups per batch
    final int width;           // floats per row of a group: group * pixels, rounded up to whole vectors
    final int vecs;

    Im2colConv(boolean simd, ConvGeometry g) {
        this.simd = simd;
        this.g = g;
        this.lanes = ShiftGemm.lanes(simd);
        this.pixels = g.outHeight() * g.outWidth();
        this.k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        int rows = Math.max(k, g.outChannels());
        this.group = Math.max(1, Math.min(Math.max(1, g.batch()), BUDGET / Math.max(1, rows * pixels)));
        this.groups = ShiftConv.ceilDiv(Math.max(1, g.batch()), group);
        this.vecs = ShiftConv.ceilDiv(group * pixels, lanes);
        this.width = Scratch.spread(vecs * lanes);
    }

    /** Offsets of {@code count} rows lying {@code width} apart, in the caller's shared offsets buffer. */
    private int[] rowOffsets(int count) {
        int[] xoff = Scratch.ints(Scratch.OFFSETS, count);
        for (int r = 0; r < count; r++) xoff[r] = r * width;
        return xoff;
    }

    /** Images in group s. */
    private int images(int s) {
        return Math.min(group, g.batch() - s * group);
    }

    /**
     * The GEMM of {@code m} rows over a group's side-by-side pixels, in parallel over row blocks and
     * ranges of whole tiles, into {@code out} (m rows of {@code width}).
     */
    private void multiply(int m, int kk, float[] packed, float[] x, int[] xoff, int count, float[] out) {
        int blocks = ShiftGemm.blocks(m), tiles = ShiftConv.ceilDiv(ShiftConv.ceilDiv(count * pixels, lanes), ShiftGemm.NV);
        int vecsUsed = ShiftConv.ceilDiv(count * pixels, lanes);
        int ranges = Math.max(1, Math.min(tiles, ShiftConv.ceilDiv(4 * Parallel.threads(), blocks)));
        int kc = ShiftGemm.chunk(ShiftGemm.NV * lanes, 1, m);
        Parallel.forEach(blocks * ranges, t -> {
            int b = t / ranges, range = t % ranges;
            int v0 = tiles * range / ranges * ShiftGemm.NV, v1 = Math.min(vecsUsed, tiles * (range + 1) / ranges * ShiftGemm.NV);
            if (v0 >= v1) return;
            ShiftGemm.forward(simd, b, b + 1, m, kk, kc, packed, 0, x, v0 * lanes, xoff, v1 - v0, out, v0 * lanes, width);
        });
    }

    /** y = conv(x, w) + bias with the weights packed (O rows, bias included); with {@code relu}, max(0, .) of it. */
    void forward(float[] x, float[] packed, float[] y, boolean relu) {
        int o = g.outChannels();
        float[] cols = Scratch.floats(Scratch.SLAB, k * width);
        float[] out = Scratch.floats(Scratch.GRAD_SLAB, o * width);
        for (int s = 0; s < groups; s++) {
            int n0 = s * group, count = images(s);
            eachImage(count, i -> im2col(x, n0 + i, cols, i * pixels));
            zeroTail(cols, k, count);
            multiply(o, k, packed, cols, rowOffsets(k), count, out);
            Parallel.forEach(count, i -> {
                for (int m = 0; m < o; m++) {
                    System.arraycopy(out, m * width + i * pixels, y, ((n0 + i) * o + m) * pixels, pixels);
                    if (relu) PlaneOps.relu(simd, y, ((n0 + i) * o + m) * pixels, pixels);
                }
            });
        }
    }

    /**
     * dx = the input gradient of the convolution for the output gradient dy: columns = W^T dy, then
     * col2im adds every column entry into the input pixel it came from. {@code packedT} holds W^T
     * (C*kh*kw rows over O) packed. With a bias (length C, the transposed convolution's) dx starts
     * from it instead of zero.
     */
    void backwardInput(float[] dy, float[] packedT, float[] bias, float[] dx) {
        int o = g.outChannels();
        int plane = g.inHeight() * g.inWidth(), imageIn = g.inChannels() * plane;
        float[] grad = Scratch.floats(Scratch.GRAD_SLAB, o * width);
        float[] cols = Scratch.floats(Scratch.SLAB, k * width);
        for (int s = 0; s < groups; s++) {
            int n0 = s * group, count = images(s);
            eachImage(count, i -> {
                for (int m = 0; m < o; m++) System.arraycopy(dy, ((n0 + i) * o + m) * pixels, grad, m * width + i * pixels, pixels);
            });
            zeroTail(grad, o, count);
            multiply(k, o, packedT, grad, rowOffsets(o), count, cols);
            Parallel.forEach(count, i -> {
                int n = n0 + i;
                for (int c = 0; c < g.inChannels(); c++) {
                    int at = n * imageIn + c * plane;
                    Arrays.fill(dx, at, at + plane, bias == null ? 0f : bias[c]);
                }
                col2im(cols, i * pixels, n, dx);
            });
        }
    }

    /**
     * dw (O x C*kh*kw) = sum over images of dy times the im2col columns of x: row blocks of dw in
     * parallel, each over the side-by-side pixels of a group a piece at a time with per-lane sums,
     * then reduced in double; groups add up in order.
     */
    void weight(float[] dy, float[] x, float[] dw) {
        int o = g.outChannels();
        int mk = o * k;
        double[] sums = Scratch.doubles(Scratch.PARTIALS, mk);
        Arrays.fill(sums, 0, mk, 0.0);
        float[] cols = Scratch.floats(Scratch.SLAB, k * width);
        float[] grad = Scratch.floats(Scratch.GRAD_SLAB, o * width);
        int[] xoff = rowOffsets(k);
        int blocks = ShiftGemm.blocks(o), tasks = Math.max(1, Math.min(blocks, 4 * Parallel.threads()));
        for (int s = 0; s < groups; s++) {
            int n0 = s * group, count = images(s);
            eachImage(count, i -> {
                im2col(x, n0 + i, cols, i * pixels);
                for (int m = 0; m < o; m++) System.arraycopy(dy, ((n0 + i) * o + m) * pixels, grad, m * width + i * pixels, pixels);
            });
            zeroTail(cols, k, count);
            zeroTail(grad, o, count);
            int runVecs = ShiftConv.ceilDiv(count * pixels, lanes);
            Parallel.forEach(tasks, t -> {
                int b0 = blocks * t / tasks, b1 = blocks * (t + 1) / tasks;
                int m0 = b0 * ShiftGemm.MR, m1 = Math.min(o, b1 * ShiftGemm.MR);
                if (m0 >= m1) return;
                float[] lanesAcc = Scratch.floats(Scratch.LANE_SUMS, ShiftGemm.laneSumsSize(simd, m1 - m0, k));
                Arrays.fill(lanesAcc, 0, ShiftGemm.laneSumsSize(simd, m1 - m0, k), 0f);
                int[] gr = Scratch.ints(Scratch.RUNS_G, 1), xr = Scratch.ints(Scratch.RUNS_X, 1);
                for (int v0 = 0; v0 < runVecs; v0 += ShiftConv.WEIGHT_PIECE) {
                    gr[0] = m0 * width + v0 * lanes;
                    xr[0] = v0 * lanes;
                    ShiftGemm.weightLanes(simd, m1 - m0, k, grad, gr, width, cols, xr, xoff, 1, Math.min(ShiftConv.WEIGHT_PIECE, runVecs - v0), lanesAcc);
                }
                ShiftGemm.flushLanes(simd, m1 - m0, k, lanesAcc, sums, m0 * k);
            });
        }
        for (int i = 0; i < mk; i++) dw[i] = (float) sums[i];
    }

    /**
     * body(i) for the images [0, count) of a group, in one contiguous range per thread. For filling
     * the side-by-side rows: neighbouring images share cache lines there (an image's run of pixels
     * is rarely a whole number of lines), and single images handed out in turn would have the threads
     * write the same lines at every image boundary of every row (false sharing: im2col of k2 s2,
     * 64 channels at 8 x 12, batch 25, took 124 us on 2 threads this way, 50 us on one).
     */
    private static void eachImage(int count, IntConsumer body) {
        Parallel.forRange(count, (i0, i1) -> {
            for (int i = i0; i < i1; i++) body.accept(i);
        });
    }

    /** Zeros each of {@code rows} rows past the pixels of {@code count} images, so that the tiles past them add nothing. */
    private void zeroTail(float[] a, int rows, int count) {
        for (int r = 0; r < rows; r++) Arrays.fill(a, r * width + count * pixels, (r + 1) * width, 0f);
    }

    /**
     * The columns of image n into {@code cols} from column {@code at} on: row (c, ky, kx), pixel
     * (oy, ox) holds x[n][c][oy*sh - ph + ky][ox*sw - pw + kx] or 0.
     */
    void im2col(float[] x, int n, float[] cols, int at) {
        int c = g.inChannels(), h = g.inHeight(), w = g.inWidth(), kh = g.kernelHeight(), kw = g.kernelWidth();
        int oh = g.outHeight(), ow = g.outWidth(), sh = g.strideHeight(), sw = g.strideWidth(), ph = g.padHeight(), pw = g.padWidth();
        boolean pairs = pairedColumns();
        int r = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = (n * c + ci) * h * w;
            if (pairs) {
                // Kernel width 2, stride 2, no padding, even width: the rows kx = 0 and 1 are the even
                // and odd columns of input row iy, one unzip per row.
                for (int ky = 0; ky < kh; ky++, r += 2) {
                    int row = r * width + at;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - ph + ky, to = row + oy * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, to, to + ow, 0f);
                            Arrays.fill(cols, to + width, to + width + ow, 0f);
                            continue;
                        }
                        WinogradTransforms.unzip(simd, x, plane + iy * w, ow, cols, to, cols, to + width);
                    }
                }
                continue;
            }
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, r++) {
                    int row = r * width + at;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - ph + ky;
                        int to = row + oy * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, to, to + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * w;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw - pw + kx;
                            cols[to + ox] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * True for kernel width 2, stride 2 and no column padding over an even width (the transposed
     * convolutions' k2 s2): columns kx = 0 and 1 of an output row are then the even and odd input
     * columns, an unzip (and col2im a zip) instead of a loop per element.
     */
    private boolean pairedColumns() {
        return g.kernelWidth() == 2 && g.strideWidth() == 2 && g.padWidth() == 0 && g.inWidth() == 2 * g.outWidth();
    }

    /** Adds the columns of image n (from column {@code at}) back into dx: the adjoint of {@link #im2col}. */
    void col2im(float[] cols, int at, int n, float[] dx) {
        int c = g.inChannels(), h = g.inHeight(), w = g.inWidth(), kh = g.kernelHeight(), kw = g.kernelWidth();
        int oh = g.outHeight(), ow = g.outWidth(), sh = g.strideHeight(), sw = g.strideWidth(), ph = g.padHeight(), pw = g.padWidth();
        boolean pairs = pairedColumns();
        int r = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = (n * c + ci) * h * w;
            if (pairs) {
                for (int ky = 0; ky < kh; ky++, r += 2) {
                    int row = r * width + at;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - ph + ky;
                        if (iy < 0 || iy >= h) continue;
                        int from = row + oy * ow;
                        WinogradTransforms.zipAdd(simd, cols, from, cols, from + width, ow, dx, plane + iy * w);
                    }
                }
                continue;
            }
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, r++) {
                    int row = r * width + at;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - ph + ky;
                        if (iy < 0 || iy >= h) continue;
                        int dst = plane + iy * w, from = row + oy * ow;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw - pw + kx;
                            if (ix >= 0 && ix < w) dx[dst + ix] += cols[from + ox];
                        }
                    }
                }
            }
        }
    }
}
