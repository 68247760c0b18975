package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Tensor;

/** {@code y = tanh(x)}. x: grad * (1 - y^2). */
public final class Tanh extends Op {
    private Tensor y;

    public static Variable apply(Variable x) {
        Tanh op = new Tanh();
        op.y = x.value().tanh();
        return Graph.record(op, op.y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Elementwise.tanhBackward(y, g, Tensor.zerosLike(g))};
    }

    @Override
    protected void release() {
        y = null;
    }
}
