package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Simd;
import mgdaunet.tensor.Tensor;

/**
 * 2-D average pooling (PyTorch's {@code avg_pool2d}, {@code ceil_mode=False},
 * {@code count_include_pad=True}: every window divides by kh * kw) and global average pooling
 * ({@code adaptive_avg_pool2d(x, 1)}: N x C x H x W to N x C x 1 x 1), forward and backward.
 */
public final class AvgPool2d {
    private AvgPool2d() {}

    /** {@code avg_pool2d(x, kernel, stride, padding)}. */
    public static Tensor forward(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry g = PoolGeometry.of("avg_pool2d", x.shape(), kernel, stride, padding);
        Tensor y = Tensor.zeros(g.outputShape());
        forward(g, x.data(), y.data());
        return y;
    }

    /** The input gradient (of shape {@code inputShape}) for the output gradient. */
    public static Tensor backward(Tensor gradOut, int[] inputShape, int kernel, int stride, int padding) {
        PoolGeometry g = PoolGeometry.of("avg_pool2d backward", inputShape, kernel, stride, padding);
        Conv2d.requireShape("avg_pool2d backward", "output gradient", gradOut, g.outputShape());
        Tensor dx = Tensor.zeros(inputShape);
        backward(g, gradOut.data(), dx.data());
        return dx;
    }

    public static void forward(PoolGeometry g, float[] x, float[] y) {
        g.requireArrays("avg_pool2d", x.length, y.length);
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        float inv = 1f / (g.kernelHeight() * g.kernelWidth());
        Parallel.forRange(g.planes(), 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int in = p * h * w, out = p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * g.strideHeight() - g.padHeight());
                    int y1 = Math.min(h, oy * g.strideHeight() - g.padHeight() + g.kernelHeight());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * g.strideWidth() - g.padWidth());
                        int x1 = Math.min(w, ox * g.strideWidth() - g.padWidth() + g.kernelWidth());
                        float s = 0f;
                        for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) s += x[in + iy * w + ix];
                        y[out + oy * ow + ox] = s * inv;
                    }
                }
            }
        });
    }

    /** dx: each window spreads its output gradient evenly, 1 / (kh * kw) to each of its pixels. */
    public static void backward(PoolGeometry g, float[] dy, float[] dx) {
        g.requireArrays("avg_pool2d backward", dx.length, dy.length);
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        float inv = 1f / (g.kernelHeight() * g.kernelWidth());
        Parallel.forRange(g.planes(), 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int in = p * h * w, out = p * oh * ow;
                Arrays.fill(dx, in, in + h * w, 0f);
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * g.strideHeight() - g.padHeight());
                    int y1 = Math.min(h, oy * g.strideHeight() - g.padHeight() + g.kernelHeight());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * g.strideWidth() - g.padWidth());
                        int x1 = Math.min(w, ox * g.strideWidth() - g.padWidth() + g.kernelWidth());
                        float v = dy[out + oy * ow + ox] * inv;
                        for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) dx[in + iy * w + ix] += v;
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ global

    /** Mean of every plane: N x C x H x W to N x C x 1 x 1. */
    public static Tensor globalForward(Tensor x) {
        requireRank4("global_avg_pool2d", x.shape());
        Tensor y = Tensor.zeros(x.dim(0), x.dim(1), 1, 1);
        globalForward(x.dim(0) * x.dim(1), x.dim(2) * x.dim(3), x.data(), y.data());
        return y;
    }

    /** The input gradient (of shape {@code inputShape}) of the global mean: dy / (H * W) over each plane. */
    public static Tensor globalBackward(Tensor gradOut, int[] inputShape) {
        requireRank4("global_avg_pool2d backward", inputShape);
        Conv2d.requireShape("global_avg_pool2d backward", "output gradient", gradOut, new int[] {inputShape[0], inputShape[1], 1, 1});
        Tensor dx = Tensor.zeros(inputShape);
        globalBackward(inputShape[0] * inputShape[1], inputShape[2] * inputShape[3], gradOut.data(), dx.data());
        return dx;
    }

    /** y[p] = mean of plane p of x, for {@code planes} planes of {@code pixels} values. */
    public static void globalForward(int planes, int pixels, float[] x, float[] y) {
        globalForward(planes, pixels, x, y, Simd.ENABLED);
    }

    public static void globalBackward(int planes, int pixels, float[] dy, float[] dx) {
        if (dy.length < planes || dx.length < (long) planes * pixels) {
            throw new IllegalArgumentException("global_avg_pool2d backward: arrays of " + dy.length + " and " + dx.length
                    + " floats do not fit " + planes + " planes of " + pixels + " pixels");
        }
        Parallel.forRange(planes, 16, (p0, p1) -> {
            for (int p = p0; p < p1; p++) Arrays.fill(dx, p * pixels, (p + 1) * pixels, dy[p] / pixels);
        });
    }

    static void globalForward(int planes, int pixels, float[] x, float[] y, boolean simd) {
        if (x.length < (long) planes * pixels || y.length < planes) {
            throw new IllegalArgumentException("global_avg_pool2d: arrays of " + x.length + " and " + y.length
                    + " floats do not fit " + planes + " planes of " + pixels + " pixels");
        }
        Parallel.forRange(planes, 16, (p0, p1) -> {
            for (int p = p0; p < p1; p++) y[p] = (float) (PlaneOps.sum(simd, x, p * pixels, pixels) / pixels);
        });
    }

    private static void requireRank4(String op, int[] shape) {
        if (shape.length != 4) throw new IllegalArgumentException(op + ": input must be N x C x H x W, got " + Arrays.toString(shape));
    }
}
