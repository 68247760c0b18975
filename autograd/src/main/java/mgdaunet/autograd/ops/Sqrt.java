package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = sqrt(x)}. x: grad / (2 y). */
public final class Sqrt extends Op {
    private Tensor y;

    public static Variable apply(Variable x) {
        Sqrt op = new Sqrt();
        op.y = x.value().sqrt();
        return Graph.record(op, op.y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.div(y).mulInPlace(0.5f)};
    }

    @Override
    protected void release() {
        y = null;
    }
}
