package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/**
 * {@code max(x, 0)}, PyTorch's {@code nn.ReLU}. Directly after a {@link BatchNorm2d} in a
 * {@link Sequential}, it runs fused into the batch-norm op.
 */
public final class ReLU extends Module {
    @Override
    protected Variable compute(Variable x) {
        return F.relu(x);
    }
}
