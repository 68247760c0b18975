package mgdaunet.nn.layers;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.init.Init;
import mgdaunet.tensor.Tensor;

/**
 * 2-D transposed convolution, PyTorch's {@code nn.ConvTranspose2d} with a square kernel:
 * {@code weight} in x out x k x k (PyTorch's layout), {@code bias} [out] unless disabled; output size
 * {@code (H - 1) stride - 2 padding + k + outputPadding}. Initialized as PyTorch does (its fan-in
 * rule reads dim 1 of the weight: out k k).
 */
public final class ConvTranspose2d extends Module {
    private final int inChannels, outChannels, kernel, stride, padding, outputPadding;
    private final Variable weight, bias;

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding, boolean bias,
                           RandomGenerator rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("ConvTranspose2d: channels " + inChannels + " -> " + outChannels + ", kernel " + kernel
                    + " and stride " + stride + " must be >= 1, padding " + padding + " >= 0, output padding " + outputPadding
                    + " in [0, stride)");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        int[] shape = {inChannels, outChannels, kernel, kernel};
        this.weight = registerParameter("weight", Init.defaultWeight(Tensor.zeros(shape), rng));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(Tensor.zeros(outChannels), shape, rng)) : null;
    }

    /** The U-Net's upsampling: kernel = stride = factor, no padding, with or without bias. */
    public static ConvTranspose2d upsampling(int channels, int factor, boolean bias, RandomGenerator rng) {
        return new ConvTranspose2d(channels, channels, factor, factor, 0, 0, bias, rng);
    }

    @Override
    protected Variable compute(Variable x) {
        return F.convTranspose2d(x, weight, bias, stride, padding, outputPadding);
    }

    public Variable weight() {
        return weight;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding " + padding
                + ", output padding " + outputPadding + (bias == null ? ", no bias" : "") + ")";
    }
}
