package mgdaunet.tensor.spatial;

import java.util.Arrays;

/**
 * The shapes of a 2-D pooling window sweep, PyTorch's semantics with {@code ceil_mode=False}: input
 * N x C x H x W, output N x C x outH x outW with {@code outH = (H + 2 * padH - kh) / strideH + 1},
 * padding at most half the window.
 */
public record PoolGeometry(int batch, int channels, int inHeight, int inWidth, int kernelHeight, int kernelWidth,
                           int strideHeight, int strideWidth, int padHeight, int padWidth, int outHeight, int outWidth) {

    public PoolGeometry {
        if (batch < 0 || channels < 1 || inHeight < 1 || inWidth < 1 || kernelHeight < 1 || kernelWidth < 1
                || strideHeight < 1 || strideWidth < 1 || padHeight < 0 || padWidth < 0) {
            throw new IllegalArgumentException("pool geometry: sizes must be positive and padding >= 0, got input " + batch + "x" + channels
                    + "x" + inHeight + "x" + inWidth + ", kernel " + kernelHeight + "x" + kernelWidth + ", stride " + strideHeight + "x"
                    + strideWidth + ", padding " + padHeight + "x" + padWidth);
        }
        if (2 * padHeight > kernelHeight || 2 * padWidth > kernelWidth) {
            throw new IllegalArgumentException("pool geometry: padding " + padHeight + "x" + padWidth + " must be at most half the kernel "
                    + kernelHeight + "x" + kernelWidth);
        }
        int oh = (inHeight + 2 * padHeight - kernelHeight) / strideHeight + 1;
        int ow = (inWidth + 2 * padWidth - kernelWidth) / strideWidth + 1;
        if (inHeight + 2 * padHeight < kernelHeight || inWidth + 2 * padWidth < kernelWidth || outHeight != oh || outWidth != ow) {
            throw new IllegalArgumentException("pool geometry: input " + inHeight + "x" + inWidth + " with kernel " + kernelHeight + "x"
                    + kernelWidth + ", padding " + padHeight + "x" + padWidth + " does not give output " + outHeight + "x" + outWidth);
        }
    }

    /** The window sweep of a square kernel with the given stride and padding over an N x C x H x W input. */
    public static PoolGeometry of(String op, int[] inputShape, int kernel, int stride, int padding) {
        if (inputShape.length != 4) {
            throw new IllegalArgumentException(op + ": input must have rank 4 (N x C x H x W), got shape " + Arrays.toString(inputShape));
        }
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " and stride " + stride + " must be >= 1, padding " + padding
                    + " in [0, kernel / 2]");
        }
        int h = inputShape[2], w = inputShape[3];
        if (h + 2 * padding < kernel || w + 2 * padding < kernel) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inputShape) + " is smaller than kernel " + kernel
                    + " with padding " + padding);
        }
        return new PoolGeometry(inputShape[0], inputShape[1], h, w, kernel, kernel, stride, stride, padding, padding,
                (h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1);
    }

    public int[] inputShape() {
        return new int[] {batch, channels, inHeight, inWidth};
    }

    public int[] outputShape() {
        return new int[] {batch, channels, outHeight, outWidth};
    }

    public int inputSize() {
        return batch * channels * inHeight * inWidth;
    }

    public int outputSize() {
        return batch * channels * outHeight * outWidth;
    }

    /** Planes (image, channel) pairs. */
    int planes() {
        return batch * channels;
    }

    /** True when no input pixel lies in two windows. */
    boolean disjoint() {
        return strideHeight >= kernelHeight && strideWidth >= kernelWidth;
    }

    void requireArrays(String op, int inLength, int outLength) {
        if (inLength < inputSize() || outLength < outputSize()) {
            throw new IllegalArgumentException(op + ": arrays of " + inLength + " and " + outLength + " floats do not fit input "
                    + Arrays.toString(inputShape()) + " and output " + Arrays.toString(outputShape()));
        }
    }
}
