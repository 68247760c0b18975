package mgdaunet.autograd;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.ops.Add;
import mgdaunet.autograd.ops.AddScalar;
import mgdaunet.autograd.ops.AvgPool2d;
import mgdaunet.autograd.ops.BatchNorm2d;
import mgdaunet.autograd.ops.BinaryCrossEntropyWithLogits;
import mgdaunet.autograd.ops.Concat;
import mgdaunet.autograd.ops.Conv2d;
import mgdaunet.autograd.ops.ConvTranspose2d;
import mgdaunet.autograd.ops.Crop2d;
import mgdaunet.autograd.ops.CrossEntropy;
import mgdaunet.autograd.ops.Div;
import mgdaunet.autograd.ops.Dropout;
import mgdaunet.autograd.ops.Exp;
import mgdaunet.autograd.ops.GlobalAvgPool2d;
import mgdaunet.autograd.ops.LeakyRelu;
import mgdaunet.autograd.ops.Log;
import mgdaunet.autograd.ops.LogSoftmax;
import mgdaunet.autograd.ops.MatMul;
import mgdaunet.autograd.ops.Max;
import mgdaunet.autograd.ops.MaxPool2d;
import mgdaunet.autograd.ops.Mul;
import mgdaunet.autograd.ops.MulScalar;
import mgdaunet.autograd.ops.Neg;
import mgdaunet.autograd.ops.Pad2d;
import mgdaunet.autograd.ops.Permute;
import mgdaunet.autograd.ops.Pow;
import mgdaunet.autograd.ops.Relu;
import mgdaunet.autograd.ops.Reshape;
import mgdaunet.autograd.ops.Sigmoid;
import mgdaunet.autograd.ops.Slice;
import mgdaunet.autograd.ops.Softmax;
import mgdaunet.autograd.ops.Sqrt;
import mgdaunet.autograd.ops.Sub;
import mgdaunet.autograd.ops.Sum;
import mgdaunet.autograd.ops.Tanh;
import mgdaunet.autograd.ops.UpsampleConcat;
import mgdaunet.autograd.ops.UpsampleNearest2d;
import mgdaunet.tensor.Tensor;

/**
 * The differentiable functions, PyTorch's {@code torch.nn.functional} style:
 * {@code F.relu(F.add(F.matmul(x, w), b))}. Each is one line over its op class in
 * {@code mgdaunet.autograd.ops}, where forward and backward sit side by side.
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ arithmetic (broadcasting)

    public static Variable add(Variable a, Variable b) {
        return Add.apply(a, b);
    }

    public static Variable sub(Variable a, Variable b) {
        return Sub.apply(a, b);
    }

    public static Variable mul(Variable a, Variable b) {
        return Mul.apply(a, b);
    }

    public static Variable div(Variable a, Variable b) {
        return Div.apply(a, b);
    }

    public static Variable add(Variable x, float s) {
        return AddScalar.apply(x, s);
    }

    public static Variable sub(Variable x, float s) {
        return AddScalar.apply(x, -s);
    }

    public static Variable mul(Variable x, float s) {
        return MulScalar.apply(x, s);
    }

    public static Variable div(Variable x, float s) {
        return MulScalar.apply(x, 1f / s);
    }

    public static Variable neg(Variable x) {
        return Neg.apply(x);
    }

    // ------------------------------------------------------------------ elementwise functions

    public static Variable exp(Variable x) {
        return Exp.apply(x);
    }

    public static Variable log(Variable x) {
        return Log.apply(x);
    }

    public static Variable sqrt(Variable x) {
        return Sqrt.apply(x);
    }

    /** {@code x^p} for a constant exponent. */
    public static Variable pow(Variable x, float p) {
        return Pow.apply(x, p);
    }

    public static Variable relu(Variable x) {
        return Relu.apply(x);
    }

    public static Variable leakyRelu(Variable x, float slope) {
        return LeakyRelu.apply(x, slope);
    }

    public static Variable sigmoid(Variable x) {
        return Sigmoid.apply(x);
    }

    public static Variable tanh(Variable x) {
        return Tanh.apply(x);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of every element, a rank-0 result. */
    public static Variable sum(Variable x) {
        return Sum.apply(x, new int[0], false);
    }

    /** Sum over dims, keeping them as size 1 when {@code keepDim}. */
    public static Variable sum(Variable x, int[] dims, boolean keepDim) {
        return Sum.apply(x, dims, keepDim);
    }

    /** Mean of every element, a rank-0 result. */
    public static Variable mean(Variable x) {
        return Sum.mean(x, new int[0], false);
    }

    public static Variable mean(Variable x, int[] dims, boolean keepDim) {
        return Sum.mean(x, dims, keepDim);
    }

    /** Max along one dimension (the gradient goes to the first argmax). */
    public static Variable max(Variable x, int dim, boolean keepDim) {
        return Max.apply(x, dim, keepDim);
    }

    // ------------------------------------------------------------------ matrices and shapes

    /** Matrix product: 2-D, batched 3-D, or 3-D with a shared 2-D matrix. */
    public static Variable matmul(Variable a, Variable b) {
        return MatMul.apply(a, b);
    }

    /** A view with a new shape (one dim may be -1). */
    public static Variable reshape(Variable x, int... shape) {
        return Reshape.apply(x, shape);
    }

    /** {@code [N, ...]} to {@code [N, rest]}. */
    public static Variable flatten(Variable x) {
        return Reshape.apply(x, x.dim(0), -1);
    }

    public static Variable permute(Variable x, int... perm) {
        return Permute.apply(x, perm);
    }

    public static Variable transpose(Variable x, int d0, int d1) {
        return Permute.transpose(x, d0, d1);
    }

    /** Joins along dim: the U-Net's skip connections concatenate along channels (dim 1). */
    public static Variable concat(int dim, Variable... parts) {
        return Concat.apply(dim, parts);
    }

    /** Indices [start, end) along dim. */
    public static Variable slice(Variable x, int dim, int start, int end) {
        return Slice.apply(x, dim, start, end);
    }

    /** Pads the last two dims (H, W) with a constant. */
    public static Variable pad2d(Variable x, int top, int bottom, int left, int right, float value) {
        return Pad2d.apply(x, top, bottom, left, right, value);
    }

    /** The height x width window of the last two dims at (top, left). */
    public static Variable crop2d(Variable x, int top, int left, int height, int width) {
        return Crop2d.apply(x, top, left, height, width);
    }

    // ------------------------------------------------------------------ spatial (N x C x H x W)

    /** {@code conv2d(x, w, bias, stride, padding)}: weights O x C x kh x kw (OIHW), bias [O] or null. */
    public static Variable conv2d(Variable x, Variable w, Variable bias, int stride, int padding) {
        return Conv2d.apply(x, w, bias, stride, padding);
    }

    /**
     * {@code relu(conv2d(x, w, bias, stride, padding))} as one op: the ReLU is applied as the
     * convolution writes its output, so no second pass and no second activation.
     */
    public static Variable conv2dRelu(Variable x, Variable w, Variable bias, int stride, int padding) {
        return Conv2d.apply(x, w, bias, stride, padding, true);
    }

    /**
     * {@code conv_transpose2d(x, w, bias, stride, padding, outputPadding)}: weights Cin x Cout x kh x kw
     * (PyTorch's layout), bias [Cout] or null.
     */
    public static Variable convTranspose2d(Variable x, Variable w, Variable bias, int stride, int padding, int outputPadding) {
        return ConvTranspose2d.apply(x, w, bias, stride, padding, outputPadding);
    }

    /** Max over kernel x kernel windows with the given stride, no padding. */
    public static Variable maxPool2d(Variable x, int kernel, int stride) {
        return MaxPool2d.apply(x, kernel, stride, 0);
    }

    /** Max pooling with padding (at most half the kernel; padding never wins). */
    public static Variable maxPool2d(Variable x, int kernel, int stride, int padding) {
        return MaxPool2d.apply(x, kernel, stride, padding);
    }

    /** Mean over kernel x kernel windows with the given stride, no padding. */
    public static Variable avgPool2d(Variable x, int kernel, int stride) {
        return AvgPool2d.apply(x, kernel, stride, 0);
    }

    /** Average pooling with zero padding counted in the divisor (PyTorch's default). */
    public static Variable avgPool2d(Variable x, int kernel, int stride, int padding) {
        return AvgPool2d.apply(x, kernel, stride, padding);
    }

    /** Mean over an outH x outW grid of equal tiles; the grid must divide H x W exactly. */
    public static Variable adaptiveAvgPool2d(Variable x, int outH, int outW) {
        return outH == 1 && outW == 1 ? GlobalAvgPool2d.apply(x) : AvgPool2d.adaptive(x, outH, outW);
    }

    /** Mean of each plane: N x C x H x W to N x C x 1 x 1. */
    public static Variable globalAvgPool2d(Variable x) {
        return GlobalAvgPool2d.apply(x);
    }

    /** Nearest-neighbour upsampling by a whole factor: N x C x H x W to N x C x fH x fW. */
    public static Variable upsampleNearest2d(Variable x, int factor) {
        return UpsampleNearest2d.apply(x, factor);
    }

    /**
     * {@code concat(1, upsampleNearest2d(x, factor), skip)} in one op (the U-Net decoder's input),
     * without the intermediate upsampled map.
     */
    public static Variable upsampleConcat(Variable x, int factor, Variable skip) {
        return UpsampleConcat.apply(x, factor, skip);
    }

    /**
     * Batch normalization, PyTorch's {@code batch_norm} argument order. Training normalizes with the
     * batch statistics and updates {@code runningMean} and {@code runningVar} in place (when not null):
     * {@code running = (1 - momentum) running + momentum batchStat}, the variance unbiased. Evaluation
     * normalizes with the running statistics. gamma and beta may be null.
     */
    public static Variable batchNorm2d(Variable x, Tensor runningMean, Tensor runningVar, Variable gamma, Variable beta,
                                       boolean training, float momentum, float eps) {
        return BatchNorm2d.apply(x, runningMean, runningVar, gamma, beta, training, momentum, eps, false);
    }

    /** {@code relu(batchNorm2d(...))} as one op: one activation allocated and kept instead of two. */
    public static Variable batchNorm2dRelu(Variable x, Tensor runningMean, Tensor runningVar, Variable gamma, Variable beta,
                                           boolean training, float momentum, float eps) {
        return BatchNorm2d.apply(x, runningMean, runningVar, gamma, beta, training, momentum, eps, true);
    }

    // ------------------------------------------------------------------ probabilities and losses

    public static Variable softmax(Variable x, int dim) {
        return Softmax.apply(x, dim);
    }

    public static Variable logSoftmax(Variable x, int dim) {
        return LogSoftmax.apply(x, dim);
    }

    /** Mean cross-entropy of logits {@code [N, C]} or {@code [N, C, H, W]} against class indices (-100 ignored). */
    public static Variable crossEntropy(Variable logits, int[] targets) {
        return CrossEntropy.apply(logits, targets, null, CrossEntropy.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Cross-entropy with optional class weights (null for none), an ignore index and a reduction;
     * the weighted mean divides by the sum of the counted targets' weights, as PyTorch does.
     */
    public static Variable crossEntropy(Variable logits, int[] targets, float[] classWeights, int ignoreIndex, Reduction reduction) {
        return CrossEntropy.apply(logits, targets, classWeights, ignoreIndex, reduction);
    }

    /** Mean binary cross-entropy of logits against targets in [0, 1]. */
    public static Variable binaryCrossEntropyWithLogits(Variable logits, Tensor targets) {
        return BinaryCrossEntropyWithLogits.apply(logits, targets, Reduction.MEAN);
    }

    public static Variable binaryCrossEntropyWithLogits(Variable logits, Tensor targets, Reduction reduction) {
        return BinaryCrossEntropyWithLogits.apply(logits, targets, reduction);
    }

    /**
     * Inverted dropout in training (drop probability p, survivors scaled by 1 / (1 - p)); the input
     * itself when not training or p = 0. The mask's seed is drawn from {@code rng}.
     */
    public static Variable dropout(Variable x, float p, boolean training, RandomGenerator rng) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        if (!training || p == 0f) return x;
        return Dropout.apply(x, p, rng.nextLong());
    }
}
