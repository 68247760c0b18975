package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.spatial.ConvGeometry;

/**
 * {@code y = conv2d(x, w) + bias} (cross-correlation, PyTorch's {@code conv2d}): x N x C x H x W,
 * w O x C x kh x kw, bias [O] or none, one stride and one zero padding for both axes, optionally
 * followed by a ReLU in the same op ({@code y = max(0, conv2d(x, w) + bias)}, applied as the
 * kernel writes its output: no second pass over the activation).
 * x: the transposed convolution of grad with w; w: the convolution of x with grad over the batch
 * (x^T grad in im2col terms); bias: grad summed over N, H and W. With the ReLU, grad is first
 * masked by y > 0 (y the op's output).
 *
 * <p>Each gradient is computed only when its input wants one, and forward keeps only what those
 * gradients read: x only for the weight gradient, w only for the input gradient. The first
 * convolution of a network (its input is data) so skips its most expensive product.
 */
public final class Conv2d extends Op {
    private final int stride, padding;
    private final boolean relu;
    private final int[] inShape, weightShape;
    private Tensor x, w, y;

    private Conv2d(int stride, int padding, boolean relu, int[] inShape, int[] weightShape) {
        this.stride = stride;
        this.relu = relu;
        this.padding = padding;
        this.inShape = inShape;
        this.weightShape = weightShape;
    }

    /** {@code conv2d(x, w, bias, stride, padding)}; bias may be null. */
    public static Variable apply(Variable x, Variable w, Variable bias, int stride, int padding) {
        return apply(x, w, bias, stride, padding, false);
    }

    /** {@code conv2d(x, w, bias, stride, padding)}, then {@code max(0, .)} when {@code relu}; bias may be null. */
    public static Variable apply(Variable x, Variable w, Variable bias, int stride, int padding, boolean relu) {
        // Without a graph only the caller holds the output, so its array may be a recycled one (inference
        // hands dead activations back to tensor.Buffers; see nn's Sequential and UNet).
        Tensor y = mgdaunet.tensor.spatial.Conv2d.forward(x.value(), w.value(), bias == null ? null : bias.value(), stride, padding, relu,
                !Graph.isRecording());
        Conv2d op = new Conv2d(stride, padding, relu, x.shape(), w.shape());
        if (w.requiresGrad()) op.x = x.value();
        if (x.requiresGrad()) op.w = w.value();
        if (relu) op.y = y;
        return bias == null ? Graph.record(op, y, x, w) : Graph.record(op, y, x, w, bias);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[inputCount()];
        if (relu) g = Elementwise.reluBackward(y, g, Tensor.scratch(g.shape()));
        if (needsGrad(0)) {
            // Into a scratch tensor, not zeroed: the kernels write every element (their tests pre-fill NaN);
            // autograd recycles it once consumed (the kernels' own entry point allocates).
            ConvGeometry geometry = ConvGeometry.conv2d(inShape, w.shape(), stride, padding);
            Shape.requireSame("conv2d backward input: output gradient", geometry.outputShape(), g.shape());
            Tensor dx = Tensor.scratch(inShape);
            mgdaunet.tensor.spatial.Conv2d.backwardInput(geometry, g.data(), w.data(), dx.data());
            grads[0] = dx;
        }
        if (needsGrad(1)) {
            // Scratch too (the kernel writes every element): a weight's first gradient is then adopted, not copied.
            ConvGeometry geometry = ConvGeometry.conv2d(x.shape(), weightShape, stride, padding);
            Shape.requireSame("conv2d backward weight: output gradient", geometry.outputShape(), g.shape());
            Tensor dw = Tensor.scratch(weightShape);
            mgdaunet.tensor.spatial.Conv2d.backwardWeight(geometry, g.data(), x.data(), dw.data());
            grads[1] = dw;
        }
        if (inputCount() == 3 && needsGrad(2)) grads[2] = mgdaunet.tensor.spatial.Conv2d.backwardBias(g);
        return grads;
    }

    @Override
    protected void release() {
        x = w = y = null;
    }
}
