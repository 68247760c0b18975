package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/** {@code [N, ...]} to {@code [N, rest]}, PyTorch's {@code nn.Flatten}: a view, nothing copied. */
public final class Flatten extends Module {
    @Override
    protected Variable compute(Variable x) {
        return F.flatten(x);
    }
}
