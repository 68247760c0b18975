package mgdaunet.tensor.spatial;

import mgdaunet.tensor.Simd;
import mgdaunet.tensor.Tensor;

/**
 * 2-D transposed convolution (PyTorch's {@code conv_transpose2d}): input N x Cin x H x W, weights
 * Cin x Cout x kh x kw, optional bias of length Cout, stride, padding and output padding; output
 * N x Cout x H' x W' with {@code H' = (H - 1) * stride - 2 * padding + kh + outputPadding}.
 *
 * <p>No kernels of its own: its forward pass is the input gradient of the convolution described by
 * {@link ConvGeometry#convTranspose2d} (with the bias as the starting value), its input gradient
 * that convolution's forward pass, its weight gradient that convolution's weight gradient with the
 * roles of input and output gradient exchanged.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    /** {@code conv_transpose2d(x, w, bias, stride, padding, outputPadding)}; bias may be null. */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, int stride, int padding, int outputPadding) {
        ConvGeometry g = ConvGeometry.convTranspose2d(x.shape(), w.shape(), stride, padding, outputPadding);
        Conv2d.checkBias("conv_transpose2d", bias, g.inChannels());
        Tensor y = Tensor.zeros(g.inputShape());
        forward(g, x.data(), w.data(), bias == null ? null : bias.data(), y.data());
        return y;
    }

    /** The gradient with respect to the input (of shape {@code inputShape}). */
    public static Tensor backwardInput(Tensor gradOut, Tensor w, int[] inputShape, int stride, int padding, int outputPadding) {
        ConvGeometry g = ConvGeometry.convTranspose2d(inputShape, w.shape(), stride, padding, outputPadding);
        Conv2d.requireShape("conv_transpose2d backward input", "output gradient", gradOut, g.inputShape());
        Tensor dx = Tensor.zeros(inputShape);
        backwardInput(g, gradOut.data(), w.data(), dx.data());
        return dx;
    }

    /** The gradient with respect to the weights (of shape {@code weightShape}). */
    public static Tensor backwardWeight(Tensor gradOut, Tensor x, int[] weightShape, int stride, int padding, int outputPadding) {
        ConvGeometry g = ConvGeometry.convTranspose2d(x.shape(), weightShape, stride, padding, outputPadding);
        Conv2d.requireShape("conv_transpose2d backward weight", "output gradient", gradOut, g.inputShape());
        Tensor dw = Tensor.zeros(weightShape);
        backwardWeight(g, gradOut.data(), x.data(), dw.data());
        return dw;
    }

    /** The gradient with respect to the bias: the output gradient summed over N, H and W. */
    public static Tensor backwardBias(Tensor gradOut) {
        return Conv2d.backwardBias(gradOut);
    }

    /**
     * y (g's input shape: N x Cout x H' x W') = the transposed convolution of x (g's output shape)
     * with w (Cin x Cout x kh x kw), plus bias (length Cout, may be null).
     */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        forward(g, x, w, bias, y, Simd.ENABLED);
    }

    /** dx (N x Cin x H x W) for the output gradient dy (N x Cout x H' x W'). */
    public static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        Conv2d.forward(g, dy, w, null, dx, false, Simd.ENABLED);
    }

    /** dw (Cin x Cout x kh x kw) for the output gradient dy and the input x. */
    public static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        Conv2d.backwardWeight(g, x, dy, dw, Simd.ENABLED);
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean simd) {
        if (bias != null && bias.length < g.inChannels()) {
            throw new IllegalArgumentException("conv_transpose2d: bias has " + bias.length + " values for " + g.inChannels() + " channels");
        }
        Conv2d.backwardInput(g, x, w, bias, y, simd);
    }
}
