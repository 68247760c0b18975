package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Simd;
import mgdaunet.tensor.Tensor;

/**
 * Nearest-neighbour upsampling by a whole factor f (PyTorch's {@code interpolate(mode="nearest",
 * scale_factor=f)}): N x C x H x W to N x C x fH x fW, output pixel (oy, ox) copying input pixel
 * (oy / f, ox / f). Its backward pass sums each f x f block of the output gradient.
 */
public final class UpsampleNearest2d {
    private UpsampleNearest2d() {}

    public static Tensor forward(Tensor x, int factor) {
        int[] s = shape("upsample_nearest2d", x.shape(), factor);
        Tensor y = Tensor.zeros(s[0], s[1], s[2] * factor, s[3] * factor);
        forward(s[0] * s[1], s[2], s[3], factor, x.data(), y.data());
        return y;
    }

    /** The input gradient (of shape {@code inputShape}, a {@link Tensor#scratch} tensor) for the output gradient. */
    public static Tensor backward(Tensor gradOut, int[] inputShape, int factor) {
        int[] s = shape("upsample_nearest2d backward", inputShape, factor);
        Conv2d.requireShape("upsample_nearest2d backward", "output gradient", gradOut,
                new int[] {s[0], s[1], s[2] * factor, s[3] * factor});
        Tensor dx = Tensor.scratch(inputShape);  // every element is written: a block sum
        backward(s[0] * s[1], s[2], s[3], factor, gradOut.data(), dx.data());
        return dx;
    }

    /** y (planes x fh x fw) from x (planes x h x w). */
    public static void forward(int planes, int h, int w, int factor, float[] x, float[] y) {
        forward(planes, h, w, factor, x, y, Simd.ENABLED);
    }

    /**
     * Upsamples x (n x c x h x w) into channels [offset, offset + c) of y (n x yChannels x fh x fw),
     * leaving y's other channels alone: the U-Net's upsampling written straight into its skip concat.
     */
    public static void forwardIntoChannels(int n, int c, int h, int w, int factor, float[] x, float[] y, int yChannels, int offset) {
        forward(n * c, c, yChannels, offset, h, w, factor, x, y, Simd.ENABLED);
    }

    /** The backward pass of {@link #forwardIntoChannels}: dx (n x c x h x w) from channels [offset, offset + c) of dy. */
    public static void backwardFromChannels(int n, int c, int h, int w, int factor, float[] dy, int dyChannels, int offset, float[] dx) {
        backward(n * c, c, dyChannels, offset, h, w, factor, dy, dx, Simd.ENABLED);
    }

    /** dx (planes x h x w) = the sums of the f x f blocks of dy (planes x fh x fw). */
    public static void backward(int planes, int h, int w, int factor, float[] dy, float[] dx) {
        backward(planes, h, w, factor, dy, dx, Simd.ENABLED);
    }

    static void forward(int planes, int h, int w, int factor, float[] x, float[] y, boolean simd) {
        forward(planes, planes, planes, 0, h, w, factor, x, y, simd);
    }

    /** Input plane p = (image i, channel ch) of c channels goes to output plane i * outChannels + offset + ch. */
    static void forward(int planes, int c, int outChannels, int offset, int h, int w, int factor, float[] x, float[] y, boolean simd) {
        checkChannels("upsample_nearest2d", c, outChannels, offset);
        check("upsample_nearest2d", planes, h, w, factor, x.length, outChannels == 0 ? 0 : y.length / outChannels * c);
        int ow = w * factor, planeOut = h * factor * ow;
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int q = p / c * outChannels + offset + p % c;
                for (int iy = 0; iy < h; iy++) {
                    int src = (p * h + iy) * w, row = q * planeOut + iy * factor * ow;
                    if (factor == 2) {
                        PoolKernels.upsampleRow(simd, x, src, w, y, row, row + ow);
                        continue;
                    }
                    for (int ix = 0; ix < w; ix++) Arrays.fill(y, row + ix * factor, row + (ix + 1) * factor, x[src + ix]);
                    // The other rows of the block repeat the first.
                    for (int r = 1; r < factor; r++) System.arraycopy(y, row, y, row + r * ow, ow);
                }
            }
        });
    }

    static void backward(int planes, int h, int w, int factor, float[] dy, float[] dx, boolean simd) {
        backward(planes, planes, planes, 0, h, w, factor, dy, dx, simd);
    }

    /** Output gradient plane i * dyChannels + offset + ch feeds input plane p = (image i, channel ch) of c channels. */
    static void backward(int planes, int c, int dyChannels, int offset, int h, int w, int factor, float[] dy, float[] dx, boolean simd) {
        checkChannels("upsample_nearest2d backward", c, dyChannels, offset);
        check("upsample_nearest2d backward", planes, h, w, factor, dx.length, dyChannels == 0 ? 0 : dy.length / dyChannels * c);
        int ow = w * factor, planeOut = h * factor * ow;
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int q = p / c * dyChannels + offset + p % c;
                for (int iy = 0; iy < h; iy++) {
                    int dst = (p * h + iy) * w, row = q * planeOut + iy * factor * ow;
                    if (factor == 2) {
                        PoolKernels.upsampleRowBackward(simd, dy, row, ow, dx, dst, w);
                    } else {
                        for (int ix = 0; ix < w; ix++) {
                            float s = 0f;
                            for (int r = 0; r < factor; r++) for (int k = 0; k < factor; k++) s += dy[row + r * ow + ix * factor + k];
                            dx[dst + ix] = s;
                        }
                    }
                }
            }
        });
    }

    private static int[] shape(String op, int[] shape, int factor) {
        if (shape.length != 4 || factor < 1) {
            throw new IllegalArgumentException(op + ": needs an N x C x H x W input and a factor >= 1, got " + Arrays.toString(shape)
                    + " and " + factor);
        }
        return shape;
    }

    private static void check(String op, int planes, int h, int w, int factor, int inLength, int outLength) {
        long in = (long) planes * h * w, out = in * factor * factor;
        if (factor < 1 || inLength < in || outLength < out) {
            throw new IllegalArgumentException(op + ": arrays of " + inLength + " and " + outLength + " floats do not fit " + planes
                    + " planes of " + h + "x" + w + " upsampled by " + factor);
        }
    }

    private static void checkChannels(String op, int c, int allChannels, int offset) {
        if (c < 0 || offset < 0 || offset + c > allChannels) {
            throw new IllegalArgumentException(op + ": channels [" + offset + ", " + (offset + c) + ") do not fit in " + allChannels);
        }
    }
}
