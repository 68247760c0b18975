package mgdaunet.nn.layers;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.init.Init;
import mgdaunet.tensor.Tensor;

/**
 * {@code y = x W^T + b}, PyTorch's {@code nn.Linear}: x N x in, {@code weight} out x in, {@code bias}
 * [out] unless disabled; initialized as PyTorch does (U(-1/sqrt(in), 1/sqrt(in)) for both).
 */
public final class Linear extends Module {
    private final int inFeatures, outFeatures;
    private final Variable weight, bias;

    public Linear(int inFeatures, int outFeatures, boolean bias, RandomGenerator rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: features " + inFeatures + " -> " + outFeatures + " must be >= 1");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        int[] shape = {outFeatures, inFeatures};
        this.weight = registerParameter("weight", Init.defaultWeight(Tensor.zeros(shape), rng));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(Tensor.zeros(outFeatures), shape, rng)) : null;
    }

    public Linear(int inFeatures, int outFeatures, RandomGenerator rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    @Override
    protected Variable compute(Variable x) {
        if (x.rank() != 2 || x.dim(1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): input must be N x " + inFeatures + ", got "
                    + java.util.Arrays.toString(x.shape()));
        }
        // The transposed weight is a copy of out x in values: small next to x for the heads this serves.
        Variable y = F.matmul(x, F.transpose(weight, 0, 1));
        return bias == null ? y : F.add(y, bias);
    }

    public Variable weight() {
        return weight;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + ", " + outFeatures + (bias == null ? ", no bias" : "") + ")";
    }
}
