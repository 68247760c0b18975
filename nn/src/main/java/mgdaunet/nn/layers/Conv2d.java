package mgdaunet.nn.layers;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.init.Init;
import mgdaunet.tensor.Tensor;

/**
 * 2-D convolution, PyTorch's {@code nn.Conv2d} with a square kernel: {@code weight} out x in x k x k
 * (OIHW), {@code bias} [out] unless disabled; one stride and one zero padding for both axes.
 * Initialized as PyTorch does: weights U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (Kaiming-uniform, a = sqrt(5)),
 * bias from the same range, fanIn = in k k.
 */
public final class Conv2d extends Module {
    private final int inChannels, outChannels, kernel, stride, padding;
    private final Variable weight, bias;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, RandomGenerator rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: channels " + inChannels + " -> " + outChannels + ", kernel " + kernel + " and stride "
                    + stride + " must be >= 1, padding " + padding + " >= 0");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        int[] shape = {outChannels, inChannels, kernel, kernel};
        this.weight = registerParameter("weight", Init.defaultWeight(Tensor.zeros(shape), rng));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(Tensor.zeros(outChannels), shape, rng)) : null;
    }

    /** Stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, RandomGenerator rng) {
        this(inChannels, outChannels, kernel, 1, 0, true, rng);
    }

    @Override
    protected Variable compute(Variable x) {
        return F.conv2d(x, weight, bias, stride, padding);
    }

    /**
     * {@code bn(this(x))}, then a ReLU when {@code relu}, with {@code bn} (a {@link BatchNorm2d#foldable}
     * layer) folded into this convolution's weights and bias: one convolution, its ReLU applied as
     * it writes, instead of a convolution and a batch-norm pass. The folded weights are constants:
     * for inference only (no gradient reaches this layer's or bn's parameters).
     */
    public Variable forwardFolded(Variable x, BatchNorm2d bn, boolean relu) {
        Tensor[] folded = bn.fold(weight.value(), bias == null ? null : bias.value());
        Variable w = Variable.constant(folded[0]), b = Variable.constant(folded[1]);
        return relu ? F.conv2dRelu(x, w, b, stride, padding) : F.conv2d(x, w, b, stride, padding);
    }

    public Variable weight() {
        return weight;
    }

    /** The bias, or null without one. */
    public Variable bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding " + padding
                + (bias == null ? ", no bias" : "") + ")";
    }
}
