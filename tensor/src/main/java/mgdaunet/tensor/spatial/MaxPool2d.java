package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Simd;
import mgdaunet.tensor.Tensor;

/**
 * 2-D max pooling (PyTorch's {@code max_pool2d_with_indices}, {@code ceil_mode=False}): the forward
 * pass saves the argmax of every window, the backward pass sends each output gradient to it.
 *
 * <p>The argmax of output (n, c, oy, ox) is the index {@code iy * W + ix} of the chosen pixel within
 * its input plane, as PyTorch stores it. Ties go to the first maximum in row-major window order; a
 * NaN wins over any number (the last NaN of a window, as PyTorch); padding never wins.
 */
public final class MaxPool2d {
    private MaxPool2d() {}

    /** The pooled output and the argmax that the backward pass needs. */
    public record Result(Tensor output, int[] argmax) {}

    /** {@code max_pool2d(x, kernel, stride, padding)} with its argmax. */
    public static Result forward(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry g = PoolGeometry.of("max_pool2d", x.shape(), kernel, stride, padding);
        Tensor y = Tensor.zeros(g.outputShape());
        int[] argmax = new int[g.outputSize()];
        forward(g, x.data(), y.data(), argmax);
        return new Result(y, argmax);
    }

    /** The input gradient (of shape {@code inputShape}) for the output gradient and the saved argmax. */
    public static Tensor backward(Tensor gradOut, int[] argmax, int[] inputShape, int kernel, int stride, int padding) {
        PoolGeometry g = PoolGeometry.of("max_pool2d backward", inputShape, kernel, stride, padding);
        Conv2d.requireShape("max_pool2d backward", "output gradient", gradOut, g.outputShape());
        Tensor dx = Tensor.zeros(inputShape);
        backward(g, gradOut.data(), argmax, dx.data());
        return dx;
    }

    /** y and argmax (output size each) for input x; argmax may be null (inference: only the maxima, a little faster). */
    public static void forward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        forward(g, x, y, argmax, Simd.ENABLED);
    }

    /** dx = zero except at each window's argmax, which receives (adds up) its output gradients. */
    public static void backward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        backward(g, dy, argmax, dx, Simd.ENABLED);
    }

    static void forward(PoolGeometry g, float[] x, float[] y, int[] argmax, boolean simd) {
        g.requireArrays("max_pool2d", x.length, argmax == null ? y.length : Math.min(y.length, argmax.length));
        int planeIn = g.inHeight() * g.inWidth(), planeOut = g.outHeight() * g.outWidth();
        boolean pairs = pairs(g);
        int w = g.inWidth(), ow = g.outWidth();
        Parallel.forRange(g.planes(), 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                if (pairs) {
                    for (int oy = 0; oy < g.outHeight(); oy++) {
                        if (argmax == null) PoolKernels.maxRowValues(simd, x, p * planeIn + 2 * oy * w, w, ow, y, p * planeOut + oy * ow);
                        else PoolKernels.maxRow(simd, x, p * planeIn + 2 * oy * w, w, 2 * oy * w, ow, y, argmax, p * planeOut + oy * ow);
                    }
                } else {
                    forwardPlane(g, x, p * planeIn, y, argmax, p * planeOut);
                }
            }
        });
    }

    /** The U-Net's case, which has its own kernels: 2 x 2 windows, stride 2, no padding. */
    private static boolean pairs(PoolGeometry g) {
        return g.kernelHeight() == 2 && g.kernelWidth() == 2 && g.strideHeight() == 2 && g.strideWidth() == 2
                && g.padHeight() == 0 && g.padWidth() == 0;
    }

    static void backward(PoolGeometry g, float[] dy, int[] argmax, float[] dx, boolean simd) {
        g.requireArrays("max_pool2d backward", dx.length, Math.min(dy.length, argmax.length));
        int planeIn = g.inHeight() * g.inWidth(), planeOut = g.outHeight() * g.outWidth();
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        boolean pairs = pairs(g);
        Parallel.forRange(g.planes(), 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int in = p * planeIn, out = p * planeOut;
                if (pairs) {
                    // Windows tile the plane: write every pixel once (gradient or zero), then the odd last row and column.
                    for (int oy = 0; oy < oh; oy++) {
                        if (!PoolKernels.maxRowBackward(simd, dy, argmax, out + oy * ow, ow, 2 * oy * w, w, dx, in + 2 * oy * w)) {
                            throw new IllegalArgumentException("max_pool2d backward: an argmax of output row " + oy + " of plane " + p
                                    + " lies outside its 2x2 window");
                        }
                        if (w % 2 == 1) {
                            dx[in + 2 * oy * w + w - 1] = 0f;
                            dx[in + (2 * oy + 1) * w + w - 1] = 0f;
                        }
                    }
                    if (h % 2 == 1) Arrays.fill(dx, in + (h - 1) * w, in + h * w, 0f);
                    continue;
                }
                // A plane fits in cache: clearing it first, then adding, writes it back once.
                Arrays.fill(dx, in, in + planeIn, 0f);
                for (int i = 0; i < planeOut; i++) {
                    int a = argmax[out + i];
                    if (a < 0 || a >= planeIn) {
                        throw new IllegalArgumentException("max_pool2d backward: argmax " + a + " at output " + (out + i)
                                + " is outside the " + g.inHeight() + "x" + g.inWidth() + " input plane");
                    }
                    dx[in + a] += dy[out + i];
                }
            }
        });
    }

    private static void forwardPlane(PoolGeometry g, float[] x, int in, float[] y, int[] argmax, int out) {
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        for (int oy = 0; oy < oh; oy++) {
            int y0 = Math.max(0, oy * g.strideHeight() - g.padHeight()), y1 = Math.min(h, oy * g.strideHeight() - g.padHeight() + g.kernelHeight());
            for (int ox = 0; ox < ow; ox++) {
                int x0 = Math.max(0, ox * g.strideWidth() - g.padWidth()), x1 = Math.min(w, ox * g.strideWidth() - g.padWidth() + g.kernelWidth());
                int best = y0 * w + x0;
                float max = Float.NEGATIVE_INFINITY;
                for (int iy = y0; iy < y1; iy++) {
                    for (int ix = x0; ix < x1; ix++) {
                        float v = x[in + iy * w + ix];
                        if (v > max || Float.isNaN(v)) {
                            max = v;
                            best = iy * w + ix;
                        }
                    }
                }
                y[out + oy * ow + ox] = max;
                if (argmax != null) argmax[out + oy * ow + ox] = best;
            }
        }
    }
}
