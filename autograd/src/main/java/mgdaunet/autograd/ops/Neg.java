package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = -x}. x: -grad. */
public final class Neg extends Op {
    public static Variable apply(Variable x) {
        return Graph.record(new Neg(), x.value().neg(), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.neg()};
    }
}
