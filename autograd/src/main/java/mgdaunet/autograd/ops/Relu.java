package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Tensor;

/** {@code y = max(x, 0)}. x: grad where x > 0, else 0 (0 at x = 0, as PyTorch). */
public final class Relu extends Op {
    private Tensor x;

    public static Variable apply(Variable x) {
        Relu op = new Relu();
        op.x = x.value();
        return Graph.record(op, x.value().relu(), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Elementwise.reluBackward(x, g, Tensor.scratch(g.shape()))};
    }

    @Override
    protected void release() {
        x = null;
    }
}
