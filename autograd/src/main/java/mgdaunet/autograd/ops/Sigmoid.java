package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Tensor;

/** {@code y = 1 / (1 + exp(-x))}. x: grad * y * (1 - y). */
public final class Sigmoid extends Op {
    private Tensor y;

    public static Variable apply(Variable x) {
        Sigmoid op = new Sigmoid();
        op.y = x.value().sigmoid();
        return Graph.record(op, op.y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Elementwise.sigmoidBackward(y, g, Tensor.zerosLike(g))};
    }

    @Override
    protected void release() {
        y = null;
    }
}
