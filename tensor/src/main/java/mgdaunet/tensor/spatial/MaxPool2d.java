package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;
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

    /** y and argmax (output size each) for input x. */
    public static void forward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        g.requireArrays("max_pool2d", x.length, Math.min(y.length, argmax.length));
        int planeIn = g.inHeight() * g.inWidth(), planeOut = g.outHeight() * g.outWidth();
        boolean pairs = g.kernelHeight() == 2 && g.kernelWidth() == 2 && g.strideHeight() == 2 && g.strideWidth() == 2
                && g.padHeight() == 0 && g.padWidth() == 0;
        Parallel.forRange(g.planes(), 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                if (pairs) {
                    forwardTwoByTwo(g, x, p * planeIn, y, argmax, p * planeOut);
                } else {
                    forwardPlane(g, x, p * planeIn, y, argmax, p * planeOut);
                }
            }
        });
    }

    /** dx = zero except at each window's argmax, which receives (adds up) its output gradients. */
    public static void backward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        g.requireArrays("max_pool2d backward", dx.length, Math.min(dy.length, argmax.length));
        int planeIn = g.inHeight() * g.inWidth(), planeOut = g.outHeight() * g.outWidth();
        Parallel.forRange(g.planes(), 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int in = p * planeIn, out = p * planeOut;
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
                argmax[out + oy * ow + ox] = best;
            }
        }
    }

    /** The U-Net's 2 x 2, stride 2 case, unrolled: the same comparisons in the same order as the general loop. */
    private static void forwardTwoByTwo(PoolGeometry g, float[] x, int in, float[] y, int[] argmax, int out) {
        int w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        for (int oy = 0; oy < oh; oy++) {
            int r0 = in + 2 * oy * w, r1 = r0 + w, o = out + oy * ow;
            for (int ox = 0; ox < ow; ox++) {
                int c = 2 * ox;
                float max = x[r0 + c];
                int best = 2 * oy * w + c;
                float v = x[r0 + c + 1];
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = 2 * oy * w + c + 1;
                }
                v = x[r1 + c];
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = (2 * oy + 1) * w + c;
                }
                v = x[r1 + c + 1];
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = (2 * oy + 1) * w + c + 1;
                }
                y[o + ox] = max;
                argmax[o + ox] = best;
            }
        }
    }
}
