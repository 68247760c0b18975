package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = x * s} for a constant s. x: grad * s. */
public final class MulScalar extends Op {
    private final float s;

    private MulScalar(float s) {
        this.s = s;
    }

    public static Variable apply(Variable x, float s) {
        return Graph.record(new MulScalar(s), x.value().mul(s), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(s)};
    }
}
