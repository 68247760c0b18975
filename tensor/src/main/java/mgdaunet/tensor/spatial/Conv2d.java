package mgdaunet.tensor.spatial;

import mgdaunet.tensor.Buffers;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Simd;
import mgdaunet.tensor.Tensor;

/**
 * 2-D convolution (PyTorch's {@code conv2d}, cross-correlation): input N x C x H x W, weights
 * O x C x kh x kw, optional bias of length O, stride and zero padding. Forward, input gradient,
 * weight gradient and bias gradient; each as a Tensor function and as an array kernel that writes
 * a caller's output array (every element of it) without allocating.
 *
 * <p>Stride-1 convolutions (padding below the kernel size) run on the shifted GEMM straight from
 * a padded copy of the image ({@link ShiftConv}); others through im2col columns
 * ({@link Im2colConv}). The input gradient of a stride-1 convolution is itself such a convolution
 * (of the output gradient, padded by {@code k - 1 - p}, with the kernel flipped and transposed);
 * of a strided one, a GEMM into columns and col2im. The same three kernels serve
 * {@link ConvTranspose2d}.
 */
public final class Conv2d {
    private Conv2d() {}

    // ------------------------------------------------------------------ tensors

    /** {@code conv2d(x, w, bias, stride, padding)}; bias may be null. */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return forward(x, w, bias, stride, padding, false);
    }

    /**
     * {@code conv2d(x, w, bias, stride, padding)}, followed by {@code max(0, .)} when {@code relu}:
     * the ReLU is applied as each part of the output is written (while it is in cache), not in a
     * pass of its own.
     */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, int stride, int padding, boolean relu) {
        return forward(x, w, bias, stride, padding, relu, false);
    }

    /**
     * As {@link #forward(Tensor, Tensor, Tensor, int, int, boolean)}; with {@code recycled} the
     * output's array may be one handed back to {@link Buffers} (the kernels write every element), for
     * inference, where dead activations go back there: no zero-filling of fresh megabytes.
     */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, int stride, int padding, boolean relu, boolean recycled) {
        ConvGeometry g = ConvGeometry.conv2d(x.shape(), w.shape(), stride, padding);
        checkBias("conv2d", bias, g.outChannels());
        Tensor y = recycled ? Tensor.wrap(Buffers.take(g.outputSize()), g.outputShape()) : Tensor.zeros(g.outputShape());
        forward(g, x.data(), w.data(), bias == null ? null : bias.data(), y.data(), relu, Simd.ENABLED);
        return y;
    }

    /** The gradient with respect to the input (of shape {@code inputShape}) given the output gradient. */
    public static Tensor backwardInput(Tensor gradOut, Tensor w, int[] inputShape, int stride, int padding) {
        ConvGeometry g = ConvGeometry.conv2d(inputShape, w.shape(), stride, padding);
        requireShape("conv2d backward input", "output gradient", gradOut, g.outputShape());
        Tensor dx = Tensor.zeros(g.inputShape());
        backwardInput(g, gradOut.data(), w.data(), dx.data());
        return dx;
    }

    /** The gradient with respect to the weights (of shape {@code weightShape}) given the output gradient and the input. */
    public static Tensor backwardWeight(Tensor gradOut, Tensor x, int[] weightShape, int stride, int padding) {
        ConvGeometry g = ConvGeometry.conv2d(x.shape(), weightShape, stride, padding);
        requireShape("conv2d backward weight", "output gradient", gradOut, g.outputShape());
        Tensor dw = Tensor.zeros(g.weightShape());
        backwardWeight(g, gradOut.data(), x.data(), dw.data());
        return dw;
    }

    /** The gradient with respect to the bias: the output gradient summed over N, H and W. */
    public static Tensor backwardBias(Tensor gradOut) {
        if (gradOut.rank() != 4) {
            throw new IllegalArgumentException("conv2d backward bias: output gradient must be N x C x H x W, got "
                    + java.util.Arrays.toString(gradOut.shape()));
        }
        Tensor db = Tensor.zeros(gradOut.dim(1));
        backwardBias(gradOut.dim(0), gradOut.dim(1), gradOut.dim(2) * gradOut.dim(3), gradOut.data(), db.data());
        return db;
    }

    // ------------------------------------------------------------------ arrays

    /** y = conv(x, w) + bias for geometry g; bias may be null. */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        forward(g, x, w, bias, y, false, Simd.ENABLED);
    }

    /** y = conv(x, w) + bias for geometry g, then max(0, .) when {@code relu} (applied as the output is written). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean relu) {
        forward(g, x, w, bias, y, relu, Simd.ENABLED);
    }

    /** dx = the input gradient of geometry g's convolution for the output gradient dy. */
    public static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        backwardInput(g, dy, w, null, dx, Simd.ENABLED);
    }

    /** dw = the weight gradient of geometry g's convolution for the output gradient dy and the input x. */
    public static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        backwardWeight(g, dy, x, dw, Simd.ENABLED);
    }

    /** db[c] = sum of dy over images and the {@code pixels} of each plane; dy is n x channels x pixels. */
    public static void backwardBias(int n, int channels, int pixels, float[] dy, float[] db) {
        backwardBias(n, channels, pixels, dy, db, Simd.ENABLED);
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean relu, boolean simd) {
        checkArrays("conv2d", g, x, "input", g.inputSize(), w, y, "output", g.outputSize());
        if (bias != null && bias.length < g.outChannels()) throw biasError("conv2d", bias.length, g.outChannels());
        if (g.batch() == 0) return;
        int k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        if (winograd(g, g.inChannels(), g.outChannels())) {
            Winograd3x3 wg = new Winograd3x3(simd, g.batch(), g.inChannels(), g.inHeight(), g.inWidth(), g.outChannels());
            wg.forward(x, wg.packFilters(w, bias, false), y, relu);
        } else if (g.shiftable()) {
            ShiftConv sc = new ShiftConv(simd, g.batch(), g.inChannels(), g.inHeight(), g.inWidth(), g.kernelHeight(), g.kernelWidth(),
                    g.padHeight(), g.padWidth(), g.outChannels());
            sc.forward(x, ConvWeights.forward(w, bias, g.outChannels(), k), y, relu);
        } else {
            new Im2colConv(simd, g).forward(x, ConvWeights.forward(w, bias, g.outChannels(), k), y, relu);
        }
    }

    /** Input gradient; with a bias (length C) it is the forward pass of the transposed convolution. */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx, boolean simd) {
        checkArrays("conv2d backward input", g, dy, "output gradient", g.outputSize(), w, dx, "input gradient", g.inputSize());
        if (g.batch() == 0) return;
        int kh = g.kernelHeight(), kw = g.kernelWidth();
        if (winograd(g, g.outChannels(), g.inChannels())) {
            Winograd3x3 wg = new Winograd3x3(simd, g.batch(), g.outChannels(), g.outHeight(), g.outWidth(), g.inChannels());
            wg.forward(dy, wg.packFilters(w, bias, true), dx, false);
        } else if (g.shiftable()) {
            ShiftConv sc = new ShiftConv(simd, g.batch(), g.outChannels(), g.outHeight(), g.outWidth(), kh, kw,
                    kh - 1 - g.padHeight(), kw - 1 - g.padWidth(), g.inChannels());
            sc.forward(dy, ConvWeights.flippedTransposed(w, bias, g.outChannels(), g.inChannels(), kh, kw), dx, false);
        } else {
            Im2colConv ic = new Im2colConv(simd, g);
            ic.backwardInput(dy, ConvWeights.transposed(w, g.outChannels(), ic.k), bias, dx);
        }
    }

    /**
     * True for a 3x3 stride-1 padding-1 product that Winograd's F(2x2, 3x3) computes faster than
     * the direct kernels: small images (at most 16 x 24) with at least 32 channels on both sides.
     * There the direct layout wastes a padding column per short row and the transforms cost little
     * against the channel products; on larger images the direct kernels win (measured on this
     * machine, single thread: Winograd 10-20% ahead at 8x12 and 16x24 with 32-64 channels, up to
     * 40% behind at 32x48 and 64x96).
     */
    static boolean winograd(ConvGeometry g, int reduceChannels, int outChannels) {
        return g.strideHeight() == 1 && g.strideWidth() == 1 && Winograd3x3.applies(g.kernelHeight(), g.kernelWidth(), g.padHeight(), g.padWidth())
                && g.outHeight() * g.outWidth() <= 16 * 24 && reduceChannels >= 32 && outChannels >= 32;
    }

    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw, boolean simd) {
        String op = "conv2d backward weight";
        if (dy.length < g.outputSize()) throw lengthError(op, "output gradient", dy.length, g.outputSize(), g);
        if (x.length < g.inputSize()) throw lengthError(op, "input", x.length, g.inputSize(), g);
        if (dw.length < g.weightSize()) throw lengthError(op, "weight gradient", dw.length, g.weightSize(), g);
        if (g.batch() == 0) {
            java.util.Arrays.fill(dw, 0, g.weightSize(), 0f);
            return;
        }
        if (g.shiftable() && ChannelLaneWeight.applies(simd, g.outChannels())) {
            new ChannelLaneWeight(simd, g.batch(), g.inChannels(), g.inHeight(), g.inWidth(), g.kernelHeight(), g.kernelWidth(),
                    g.padHeight(), g.padWidth(), g.outChannels()).weight(dy, x, dw);
        } else if (g.shiftable()) {
            new ShiftConv(simd, g.batch(), g.inChannels(), g.inHeight(), g.inWidth(), g.kernelHeight(), g.kernelWidth(),
                    g.padHeight(), g.padWidth(), g.outChannels()).weight(dy, x, dw);
        } else {
            new Im2colConv(simd, g).weight(dy, x, dw);
        }
    }

    static void backwardBias(int n, int channels, int pixels, float[] dy, float[] db, boolean simd) {
        if (dy.length < (long) n * channels * pixels || db.length < channels) {
            throw new IllegalArgumentException("conv2d backward bias: output gradient of " + dy.length + " floats and bias gradient of "
                    + db.length + " do not fit " + n + " x " + channels + " x " + pixels);
        }
        Parallel.forRange(channels, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += PlaneOps.sum(simd, dy, (i * channels + c) * pixels, pixels);
                db[c] = (float) s;
            }
        });
    }

    // ------------------------------------------------------------------ checks

    private static void checkArrays(String op, ConvGeometry g, float[] in, String inName, int inSize, float[] w,
                                    float[] out, String outName, int outSize) {
        if (in.length < inSize) throw lengthError(op, inName, in.length, inSize, g);
        if (w.length < g.weightSize()) throw lengthError(op, "weight", w.length, g.weightSize(), g);
        if (out.length < outSize) throw lengthError(op, outName, out.length, outSize, g);
    }

    private static IllegalArgumentException lengthError(String op, String what, int have, int need, ConvGeometry g) {
        return new IllegalArgumentException(op + ": " + what + " array has " + have + " floats, geometry " + g + " needs " + need);
    }

    private static IllegalArgumentException biasError(String op, int have, int channels) {
        return new IllegalArgumentException(op + ": bias has " + have + " values for " + channels + " channels");
    }

    static void checkBias(String op, Tensor bias, int channels) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != channels)) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + channels + "], got "
                    + java.util.Arrays.toString(bias.shape()));
        }
    }

    static void requireShape(String op, String what, Tensor t, int[] shape) {
        if (!t.hasShape(shape)) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected " + java.util.Arrays.toString(shape));
        }
    }
}
