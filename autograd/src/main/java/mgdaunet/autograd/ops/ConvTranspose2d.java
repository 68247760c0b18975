package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.spatial.ConvGeometry;

/**
 * {@code y = conv_transpose2d(x, w) + bias} (PyTorch's {@code conv_transpose2d}): x N x Cin x H x W,
 * w Cin x Cout x kh x kw, bias [Cout] or none; output N x Cout x H' x W' with
 * {@code H' = (H - 1) stride - 2 padding + kh + outputPadding}. It is the input gradient of the
 * convolution of a Cout-channel H' x W' image with w, so the kernels swap roles:
 * x: the convolution of grad with w; w: the weight gradient of that convolution with x as its
 * output gradient; bias: grad summed over N, H' and W'.
 *
 * <p>As {@link Conv2d}, each gradient only when wanted, and only what it reads is kept.
 */
public final class ConvTranspose2d extends Op {
    private final int stride, padding, outputPadding;
    private final int[] inShape, weightShape;
    private Tensor x, w;

    private ConvTranspose2d(int stride, int padding, int outputPadding, int[] inShape, int[] weightShape) {
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.inShape = inShape;
        this.weightShape = weightShape;
    }

    /** {@code conv_transpose2d(x, w, bias, stride, padding, outputPadding)}; bias may be null. */
    public static Variable apply(Variable x, Variable w, Variable bias, int stride, int padding, int outputPadding) {
        Tensor y = mgdaunet.tensor.spatial.ConvTranspose2d.forward(x.value(), w.value(), bias == null ? null : bias.value(),
                stride, padding, outputPadding);
        ConvTranspose2d op = new ConvTranspose2d(stride, padding, outputPadding, x.shape(), w.shape());
        if (w.requiresGrad()) op.x = x.value();
        if (x.requiresGrad()) op.w = w.value();
        return bias == null ? Graph.record(op, y, x, w) : Graph.record(op, y, x, w, bias);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[inputCount()];
        if (needsGrad(0)) {
            // Into a scratch tensor, not zeroed: the kernels write every element (their tests pre-fill NaN);
            // autograd recycles it once consumed (the kernels' own entry point allocates).
            ConvGeometry geometry = ConvGeometry.convTranspose2d(inShape, w.shape(), stride, padding, outputPadding);
            Shape.requireSame("conv_transpose2d backward input: output gradient", geometry.inputShape(), g.shape());
            Tensor dx = Tensor.scratch(inShape);
            mgdaunet.tensor.spatial.ConvTranspose2d.backwardInput(geometry, g.data(), w.data(), dx.data());
            grads[0] = dx;
        }
        if (needsGrad(1)) {
            // Scratch too (the kernel writes every element): a weight's first gradient is then adopted, not copied.
            ConvGeometry geometry = ConvGeometry.convTranspose2d(x.shape(), weightShape, stride, padding, outputPadding);
            Shape.requireSame("conv_transpose2d backward weight: output gradient", geometry.inputShape(), g.shape());
            Tensor dw = Tensor.scratch(weightShape);
            mgdaunet.tensor.spatial.ConvTranspose2d.backwardWeight(geometry, g.data(), x.data(), dw.data());
            grads[1] = dw;
        }
        if (inputCount() == 3 && needsGrad(2)) grads[2] = mgdaunet.tensor.spatial.ConvTranspose2d.backwardBias(g);
        return grads;
    }

    @Override
    protected void release() {
        x = w = null;
    }
}
