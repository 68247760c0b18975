package mgdaunet.tensor.spatial;

import java.util.Arrays;

/**
 * The shapes of one 2-D convolution, PyTorch's semantics: input N x C x H x W, weights O x C x kh x kw
 * (OIHW), output N x O x outH x outW with {@code outH = (H + 2 * padH - kh) / strideH + 1}.
 *
 * <p>A transposed convolution is described by the convolution it is the input gradient of: its
 * output is this geometry's input (N x C x H x W) and its input this geometry's output
 * (N x O x outH x outW), its weights (PyTorch's Cin x Cout x kh x kw) are this geometry's
 * O x C x kh x kw. See {@link #convTranspose2d}.
 */
public record ConvGeometry(int batch, int inChannels, int inHeight, int inWidth, int outChannels,
                           int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                           int padHeight, int padWidth, int outHeight, int outWidth) {

    public ConvGeometry {
        if (batch < 0 || inChannels < 1 || outChannels < 1 || inHeight < 1 || inWidth < 1) {
            throw new IllegalArgumentException("conv geometry: batch " + batch + ", channels " + inChannels + " -> " + outChannels
                    + ", input " + inHeight + "x" + inWidth + " must be positive (batch may be 0)");
        }
        if (kernelHeight < 1 || kernelWidth < 1 || strideHeight < 1 || strideWidth < 1 || padHeight < 0 || padWidth < 0) {
            throw new IllegalArgumentException("conv geometry: kernel " + kernelHeight + "x" + kernelWidth + " and stride "
                    + strideHeight + "x" + strideWidth + " must be >= 1, padding " + padHeight + "x" + padWidth + " >= 0");
        }
        if (outHeight != outSize(inHeight, kernelHeight, strideHeight, padHeight)
                || outWidth != outSize(inWidth, kernelWidth, strideWidth, padWidth) || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("conv geometry: input " + inHeight + "x" + inWidth + " with kernel " + kernelHeight + "x"
                    + kernelWidth + ", stride " + strideHeight + "x" + strideWidth + ", padding " + padHeight + "x" + padWidth
                    + " gives output " + outSize(inHeight, kernelHeight, strideHeight, padHeight) + "x"
                    + outSize(inWidth, kernelWidth, strideWidth, padWidth) + ", not " + outHeight + "x" + outWidth);
        }
    }

    private static int outSize(int in, int k, int stride, int pad) {
        int span = in + 2 * pad - k;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** The geometry of {@code conv2d(input, weight, stride, padding)}; shapes NCHW and OIHW. */
    public static ConvGeometry conv2d(int[] inputShape, int[] weightShape, int stride, int padding) {
        return conv2d("conv2d", inputShape, weightShape, stride, stride, padding, padding);
    }

    /** As {@link #conv2d(int[], int[], int, int)} with separate vertical and horizontal stride and padding. */
    public static ConvGeometry conv2d(String op, int[] inputShape, int[] weightShape, int strideH, int strideW, int padH, int padW) {
        requireRank4(op, "input", inputShape);
        requireRank4(op, "weight", weightShape);
        if (weightShape[1] != inputShape[1]) {
            throw new IllegalArgumentException(op + ": weight " + Arrays.toString(weightShape) + " expects " + weightShape[1]
                    + " input channels, input " + Arrays.toString(inputShape) + " has " + inputShape[1]);
        }
        int kh = weightShape[2], kw = weightShape[3];
        int oh = outSize(inputShape[2], kh, strideH, padH), ow = outSize(inputShape[3], kw, strideW, padW);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inputShape) + " is smaller than kernel " + kh + "x" + kw
                    + " with padding " + padH + "x" + padW);
        }
        return new ConvGeometry(inputShape[0], inputShape[1], inputShape[2], inputShape[3], weightShape[0],
                kh, kw, strideH, strideW, padH, padW, oh, ow);
    }

    /**
     * The convolution whose input gradient is {@code conv_transpose2d(input, weight, stride, padding,
     * outputPadding)}: input N x Cin x H x W, weight Cin x Cout x kh x kw, output N x Cout x H' x W'
     * with {@code H' = (H - 1) * stride - 2 * padding + kh + outputPadding}. The returned geometry has
     * input N x Cout x H' x W' and output N x Cin x H x W.
     */
    public static ConvGeometry convTranspose2d(int[] inputShape, int[] weightShape, int stride, int padding, int outputPadding) {
        String op = "conv_transpose2d";
        requireRank4(op, "input", inputShape);
        requireRank4(op, "weight", weightShape);
        if (weightShape[0] != inputShape[1]) {
            throw new IllegalArgumentException(op + ": weight " + Arrays.toString(weightShape) + " expects " + weightShape[0]
                    + " input channels, input " + Arrays.toString(inputShape) + " has " + inputShape[1]);
        }
        if (stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException(op + ": stride " + stride + " must be >= 1, padding " + padding
                    + " >= 0, output padding " + outputPadding + " in [0, stride)");
        }
        int kh = weightShape[2], kw = weightShape[3];
        int oh = (inputShape[2] - 1) * stride - 2 * padding + kh + outputPadding;
        int ow = (inputShape[3] - 1) * stride - 2 * padding + kw + outputPadding;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inputShape) + " with kernel " + kh + "x" + kw
                    + ", stride " + stride + ", padding " + padding + " gives an empty output " + oh + "x" + ow);
        }
        return new ConvGeometry(inputShape[0], weightShape[1], oh, ow, weightShape[0], kh, kw, stride, stride, padding, padding,
                inputShape[2], inputShape[3]);
    }

    private static void requireRank4(String op, String what, int[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException(op + ": " + what + " must have rank 4, got shape " + Arrays.toString(shape));
        }
    }

    /** N x C x H x W. */
    public int[] inputShape() {
        return new int[] {batch, inChannels, inHeight, inWidth};
    }

    /** N x O x outH x outW. */
    public int[] outputShape() {
        return new int[] {batch, outChannels, outHeight, outWidth};
    }

    /** O x C x kh x kw. */
    public int[] weightShape() {
        return new int[] {outChannels, inChannels, kernelHeight, kernelWidth};
    }

    public int inputSize() {
        return batch * inChannels * inHeight * inWidth;
    }

    public int outputSize() {
        return batch * outChannels * outHeight * outWidth;
    }

    public int weightSize() {
        return outChannels * inChannels * kernelHeight * kernelWidth;
    }

    /** Multiply-adds times two of the forward pass (also of each backward product). */
    public double flops() {
        return 2.0 * batch * outChannels * outHeight * outWidth * inChannels * kernelHeight * kernelWidth;
    }

    /**
     * True when the stride is 1 and the padding is below the kernel size: the stride-1 case that the
     * shifted GEMM computes straight from a padded image.
     */
    boolean shiftable() {
        return strideHeight == 1 && strideWidth == 1 && padHeight < kernelHeight && padWidth < kernelWidth;
    }
}
