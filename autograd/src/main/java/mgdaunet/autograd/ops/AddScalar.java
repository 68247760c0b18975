package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = x + s} for a constant s. x: grad. */
public final class AddScalar extends Op {
    public static Variable apply(Variable x, float s) {
        return Graph.record(new AddScalar(), x.value().add(s), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g};
    }
}
