package mgdaunet.nn.layers;

import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/** Returns its input, PyTorch's {@code nn.Identity}: a placeholder where a layer is optional. */
public final class Identity extends Module {
    @Override
    protected Variable compute(Variable x) {
        return x;
    }
}
