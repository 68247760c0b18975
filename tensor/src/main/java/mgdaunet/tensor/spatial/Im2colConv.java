package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;

/**
 * Convolution of any stride and padding through im2col columns and the shifted GEMM with plain
 * row offsets: the forward pass, the input gradient (GEMM into columns, then col2im), the weight
 * gradient. Strided convolutions are small in a U-Net (the heads, transposed convolutions), so
 * their column copies cost little. Columns are {@code C*kh*kw} rows of {@code P = outH*outW}
 * pixels, each row padded with zeros to a whole number of vectors.
 */
final class Im2colConv {
    final boolean simd;
    final ConvGeometry g;
    final int lanes, pixels, vecs, paddedPixels, k, kc;

    Im2colConv(boolean simd, ConvGeometry g) {
        this.simd = simd;
        this.g = g;
        this.lanes = ShiftGemm.lanes(simd);
        this.pixels = g.outHeight() * g.outWidth();
        this.vecs = ShiftConv.ceilDiv(pixels, lanes);
        this.paddedPixels = vecs * lanes;
        this.k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        // Each reduction row of a tile is a fresh row of columns: 6 vectors.
        this.kc = ShiftGemm.chunk(ShiftGemm.NV * lanes, 1, Math.max(g.outChannels(), k));
    }

    /** Offsets of {@code count} rows lying {@code paddedPixels} apart, in the caller's shared offsets buffer. */
    private int[] rowOffsets(int count) {
        int[] xoff = Scratch.ints(Scratch.OFFSETS, count);
        for (int r = 0; r < count; r++) xoff[r] = r * paddedPixels;
        return xoff;
    }

    /** y = conv(x, w) + bias with the weights packed (O rows, bias included). */
    void forward(float[] x, float[] packed, float[] y) {
        int o = g.outChannels();
        int[] xoff = rowOffsets(k);
        int blocks = ShiftGemm.blocks(o);
        int groups = Math.max(1, Math.min(blocks, ShiftConv.ceilDiv(4 * Parallel.threads(), Math.max(1, g.batch()))));
        Parallel.forEach(g.batch() * groups, t -> {
            int n = t / groups, group = t % groups;
            int b0 = blocks * group / groups, b1 = blocks * (group + 1) / groups;
            float[] cols = Scratch.floats(Scratch.COLUMNS, k * paddedPixels);
            im2col(x, n, cols);
            int m0 = b0 * ShiftGemm.MR, m1 = Math.min(o, b1 * ShiftGemm.MR);
            int imageOut = n * o * pixels;
            if (pixels == paddedPixels) {
                ShiftGemm.forward(simd, b0, b1, o, k, kc, packed, 0, cols, 0, xoff, vecs, y, imageOut, pixels);
            } else {
                float[] out = Scratch.floats(Scratch.OUT, (m1 - m0) * paddedPixels);
                ShiftGemm.forward(simd, b0, b1, o, k, kc, packed, 0, cols, 0, xoff, vecs, out, -m0 * paddedPixels, paddedPixels);
                for (int m = m0; m < m1; m++) System.arraycopy(out, (m - m0) * paddedPixels, y, imageOut + m * pixels, pixels);
            }
        });
    }

    /**
     * dx = the input gradient of the convolution for the output gradient dy: columns = W^T dy per
     * image, then col2im adds every column entry into the input pixel it came from. {@code packedT}
     * holds W^T (C*kh*kw rows over O) packed. With a bias (length C, the transposed convolution's)
     * dx starts from it instead of zero.
     */
    void backwardInput(float[] dy, float[] packedT, float[] bias, float[] dx) {
        int o = g.outChannels();
        int[] xoff = rowOffsets(o);
        int plane = g.inHeight() * g.inWidth(), imageIn = g.inChannels() * plane;
        Parallel.forEach(g.batch(), n -> {
            float[] grad = Scratch.floats(Scratch.GRAD, o * paddedPixels);
            copyRows(dy, n * o * pixels, o, grad);
            float[] cols = Scratch.floats(Scratch.COLUMNS, k * paddedPixels);
            ShiftGemm.forward(simd, 0, ShiftGemm.blocks(k), k, o, kc, packedT, 0, grad, 0, xoff, vecs, cols, 0, paddedPixels);
            for (int c = 0; c < g.inChannels(); c++) {
                int at = n * imageIn + c * plane;
                Arrays.fill(dx, at, at + plane, bias == null ? 0f : bias[c]);
            }
            col2im(cols, n, dx);
        });
    }

    /** dw (O x C*kh*kw) = sum over images of dy times the im2col columns of x; per-chunk partials in double. */
    void weight(float[] dy, float[] x, float[] dw) {
        int o = g.outChannels();
        int mk = o * k;
        int[] xoff = rowOffsets(k);
        int chunks = Math.max(1, Math.min(Parallel.threads(), g.batch()));
        double[] partials = Scratch.doubles(Scratch.PARTIALS, chunks * mk);
        Parallel.forEach(chunks, c -> {
            int n0 = g.batch() * c / chunks, n1 = g.batch() * (c + 1) / chunks;
            Arrays.fill(partials, c * mk, (c + 1) * mk, 0.0);
            int[] run = Scratch.ints(Scratch.RUNS_G, 1);
            run[0] = 0;
            for (int n = n0; n < n1; n++) {
                float[] cols = Scratch.floats(Scratch.COLUMNS, k * paddedPixels);
                im2col(x, n, cols);
                float[] grad = Scratch.floats(Scratch.GRAD, o * paddedPixels);
                copyRows(dy, n * o * pixels, o, grad);
                ShiftGemm.weight(simd, o, k, grad, run, paddedPixels, cols, run, xoff, 1, vecs, partials, c * mk);
            }
        });
        for (int i = 0; i < mk; i++) {
            double s = 0;
            for (int c = 0; c < chunks; c++) s += partials[c * mk + i];
            dw[i] = (float) s;
        }
    }

    /** {@code rows} rows of {@code pixels} floats from {@code src[off..]} into rows of {@code paddedPixels}, zero tails. */
    private void copyRows(float[] src, int off, int rows, float[] dst) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, off + r * pixels, dst, r * paddedPixels, pixels);
            Arrays.fill(dst, r * paddedPixels + pixels, (r + 1) * paddedPixels, 0f);
        }
    }

    /** The columns of image n: row (c, ky, kx), pixel (oy, ox) holds x[n][c][oy*sh - ph + ky][ox*sw - pw + kx] or 0. */
    void im2col(float[] x, int n, float[] cols) {
        int c = g.inChannels(), h = g.inHeight(), w = g.inWidth(), kh = g.kernelHeight(), kw = g.kernelWidth();
        int oh = g.outHeight(), ow = g.outWidth(), sh = g.strideHeight(), sw = g.strideWidth(), ph = g.padHeight(), pw = g.padWidth();
        int r = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = (n * c + ci) * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, r++) {
                    int row = r * paddedPixels;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - ph + ky;
                        int at = row + oy * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, at, at + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * w;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw - pw + kx;
                            cols[at + ox] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                        }
                    }
                    Arrays.fill(cols, row + pixels, row + paddedPixels, 0f);
                }
            }
        }
    }

    /** Adds the columns of image n back into dx: the adjoint of {@link #im2col}. */
    void col2im(float[] cols, int n, float[] dx) {
        int c = g.inChannels(), h = g.inHeight(), w = g.inWidth(), kh = g.kernelHeight(), kw = g.kernelWidth();
        int oh = g.outHeight(), ow = g.outWidth(), sh = g.strideHeight(), sw = g.strideWidth(), ph = g.padHeight(), pw = g.padWidth();
        int r = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = (n * c + ci) * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, r++) {
                    int row = r * paddedPixels;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - ph + ky;
                        if (iy < 0 || iy >= h) continue;
                        int dst = plane + iy * w, at = row + oy * ow;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw - pw + kx;
                            if (ix >= 0 && ix < w) dx[dst + ix] += cols[at + ox];
                        }
                    }
                }
            }
        }
    }
}
