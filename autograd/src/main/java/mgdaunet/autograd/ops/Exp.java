package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = exp(x)}. x: grad * y. */
public final class Exp extends Op {
    private Tensor y;

    public static Variable apply(Variable x) {
        Exp op = new Exp();
        op.y = x.value().exp();
        return Graph.record(op, op.y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(y)};
    }

    @Override
    protected void release() {
        y = null;
    }
}
